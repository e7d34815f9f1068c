// A mid-size spec (2,500 distinct registers of 3–4 mixed-access fields: bench/compile.ts's shape) builds
// with every back end, the description exports and js included: no limit error, no internal error,
// every back end's files present. Not timed (timing targets live in bench/).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../compiler/compile.js';
import { EMIT_KINDS } from '../../compiler/backends/registry.js';
import { specDistinct } from '../../bench/compile.js';

test('2,500 distinct registers: every back end builds', async () => {
  const c = await compile({ text: specDistinct(2500), file: 'big.regs' }, { emit: EMIT_KINDS });
  assert.ok(c.ok, c.format());
  assert.equal(c.diagnostics.filter((d) => d.severity === 'error'), []);
  const paths = new Set(c.files.map((f) => f.path));
  for (const p of ['big.ts', 'big.js', 'big.d.ts', 'big.as.ts', 'big.wasm', 'big.shared.wasm', 'big.wasm.ts', 'big.h', 'big.md', 'big.html', 'big.ir.json']) assert.ok(paths.has(p), `${p} in ${[...paths].join(', ')}`);
  assert.ok(c.files.some((f) => f.path.endsWith('.xml')), 'ipxact');
  assert.ok(c.files.some((f) => f.path.endsWith('.svd')), 'svd');
  for (const f of c.files) assert.ok(f.contents.length > 0, `${f.path} is empty`);
  // The IR holds every register (100 per block).
  const ir = JSON.parse(c.files.find((f) => f.path === 'big.ir.json')!.contents as string) as { devices: { blockTypes: { nodes: unknown[] }[] }[] };
  assert.is(ir.devices[0]!.blockTypes.reduce((n, t) => n + t.nodes.length, 0), 2500);
});

test.run();
