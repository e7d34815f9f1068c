// import(export(spec)) keeps every register, field, access and side effect: each spec in specs/ and
// each imported SVD fixture is exported as CMSIS-SVD and IP-XACT, imported back, and compared
// register by register (address within its BAR, name, width, reset, fields with sw/onRead/onWrite
// and enums; volatile too for IP-XACT, which says it — SVD has no word for it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../../compiler/compile.js';
import { importSvd } from '../../../../compiler/import/svd/index.js';
import { importIpxact } from '../../../../compiler/import/ipxact/index.js';
import { deviceSvd } from '../../../../compiler/backends/svd/index.js';
import { deviceIpxact } from '../../../../compiler/backends/ipxact/index.js';
import type { IrDevice } from '../../../../compiler/ir/ir.js';
import { registerLines } from './lines.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const specs = readdirSync(path.join(root, 'specs')).filter((f) => f.endsWith('.regs'));
const svdFixtures = ['test/fixtures/svd/every-construct.svd', 'test/fixtures/svd/unsupported.svd', ...readdirSync(path.join(root, 'test/fixtures/svd/repro')).map((f) => `test/fixtures/svd/repro/${f}`)];

async function devicesOf(label: string, text: string, file: string): Promise<IrDevice> {
  const c = await compile({ text, file }, { emit: [] });
  assert.ok(c.ok, `${label}: ${c.format()}`);
  return c.ir!.devices[0]!;
}

async function roundTrip(label: string, d: IrDevice): Promise<void> {
  const svd = await importSvd(deviceSvd(d), `${d.name}.svd`);
  assert.ok(svd.ok, `${label} via SVD: ${svd.compiled?.format() ?? svd.format()}`);
  const unprefix = d.bars.map((b) => b.name);
  assert.equal(registerLines(svd.compiled!.ir!.devices[0]!, { volatile: false, pulseAs: 'w1s', unprefix }), registerLines(d, { volatile: false, pulseAs: 'w1s' }), `${label} via SVD`);
  const ipx = await importIpxact(deviceIpxact(d), `${d.name}.ipxact.xml`);
  assert.ok(ipx.ok, `${label} via IP-XACT: ${ipx.compiled?.format() ?? ipx.format()}`);
  assert.equal(ipx.diagnostics, [], `${label} via IP-XACT: ${ipx.format()}`);
  assert.equal(registerLines(ipx.compiled!.ir!.devices[0]!, { volatile: true }), registerLines(d, { volatile: true }), `${label} via IP-XACT`);
}

test('every spec in specs/ survives export to SVD and IP-XACT and import back', async () => {
  assert.ok(specs.length >= 5);
  for (const s of specs) {
    const c = await compile({ path: path.join(root, 'specs', s) }, { emit: [] });
    assert.ok(c.ok, c.format());
    for (const d of c.ir!.devices) await roundTrip(s, d);
  }
});

test('every imported SVD fixture (vendor-shaped and the issue reproducers) survives the same round trip', async () => {
  for (const f of svdFixtures) {
    const r = await importSvd(readFileSync(path.join(root, f), 'utf8'), path.basename(f));
    assert.ok(r.ok, `${f}: ${r.compiled?.format()}`);
    await roundTrip(f, await devicesOf(f, r.regs!, path.basename(f).replace('.svd', '.regs')));
  }
});

test.run();
