// The SVD and IP-XACT exports of every spec and every imported SVD fixture validate against the
// CMSIS-SVD 1.3 and IEEE 1685-2014 schemas (xmllint-wasm, no system package). The schemas are not in
// the repository (they are fetched, not ours to commit): point REGMILL_XSD_DIR at a folder holding
// svd/CMSIS-SVD.xsd and ipxact-2014/*.xsd (docs/ipxact.md says where to get them); without it these
// tests are not registered, and the run says so.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { compile } from '../../../../compiler/compile.js';
import { importSvd } from '../../../../compiler/import/svd/index.js';
import { deviceSvd } from '../../../../compiler/backends/svd/index.js';
import { deviceIpxact } from '../../../../compiler/backends/ipxact/index.js';
import type { IrDevice } from '../../../../compiler/ir/ir.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const xsdDir = process.env['REGMILL_XSD_DIR'];

async function devices(): Promise<[string, IrDevice][]> {
  const out: [string, IrDevice][] = [];
  for (const s of readdirSync(path.join(root, 'specs')).filter((f) => f.endsWith('.regs'))) {
    const c = await compile({ path: path.join(root, 'specs', s) }, { emit: [] });
    assert.ok(c.ok, c.format());
    for (const d of c.ir!.devices) out.push([s, d]);
  }
  for (const f of ['every-construct.svd', 'unsupported.svd', ...readdirSync(path.join(root, 'test/fixtures/svd/repro')).map((x) => `repro/${x}`)]) {
    const r = await importSvd(readFileSync(path.join(root, 'test/fixtures/svd', f), 'utf8'), f);
    assert.ok(r.ok);
    out.push([f, r.compiled!.ir!.devices[0]!]);
  }
  return out;
}

if (!xsdDir || !existsSync(path.join(xsdDir, 'svd/CMSIS-SVD.xsd')) || !existsSync(path.join(xsdDir, 'ipxact-2014/index.xsd'))) {
  console.log('  xsd.test: REGMILL_XSD_DIR (svd/CMSIS-SVD.xsd, ipxact-2014/index.xsd) not set; schema validation not run');
} else {
  const ipxDir = path.join(xsdDir, 'ipxact-2014');
  const svdSchema = [{ fileName: 'CMSIS-SVD.xsd', contents: readFileSync(path.join(xsdDir, 'svd/CMSIS-SVD.xsd'), 'utf8') }];
  const ipxSchema = [{ fileName: 'index.xsd', contents: readFileSync(path.join(ipxDir, 'index.xsd'), 'utf8') }];
  const ipxPreload = readdirSync(ipxDir)
    .filter((f) => f.endsWith('.xsd') && f !== 'index.xsd')
    .map((f) => ({ fileName: f, contents: readFileSync(path.join(ipxDir, f), 'utf8') }));

  test('every SVD export validates against CMSIS-SVD 1.3', async () => {
    for (const [label, d] of await devices()) {
      const r = await validateXML({ xml: [{ fileName: `${d.name}.svd`, contents: deviceSvd(d) }], schema: svdSchema });
      assert.ok(r.valid, `${label}: ${r.errors.map((e) => e.rawMessage).join('\n')}`);
    }
  });

  test('every IP-XACT export validates against IEEE 1685-2014', async () => {
    for (const [label, d] of await devices()) {
      const r = await validateXML({ xml: [{ fileName: `${d.name}.ipxact.xml`, contents: deviceIpxact(d) }], schema: ipxSchema, preload: ipxPreload });
      assert.ok(r.valid, `${label}: ${r.errors.map((e) => e.rawMessage).join('\n')}`);
    }
  });

  test('an export the schema rejects is reported (the validation is real)', async () => {
    const bad = deviceSvd((await devices())[0]![1]).replace('<addressUnitBits>', '<addressUnitBitz>').replace('</addressUnitBits>', '</addressUnitBitz>');
    const r = await validateXML({ xml: [{ fileName: 'bad.svd', contents: bad }], schema: svdSchema });
    assert.not.ok(r.valid);
  });
}

test.run();
