// The backend writes prettier's layout itself (running prettier costs ~3 µs per output character):
// every fixture's and spec's output must come back from prettier unchanged.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { compile } from '../../../../compiler/compile.js';
import type { IrSpec } from '../../../../compiler/ir/ir.js';
import { emit, fixture, root } from './emit.js';

const OPTIONS = { parser: 'typescript', printWidth: 120, singleQuote: true } as const;

async function unchanged(ir: IrSpec, name: string): Promise<void> {
  for (const f of await emit(ir, `${name}.regs`)) {
    const text = String(f.contents);
    assert.fixture(await prettier.format(text, OPTIONS), text, `${name}: ${f.path} is not in prettier's layout`);
  }
}

for (const name of ['registers', 'interrupts', 'dma']) test(`fixture ${name}: prettier-stable`, () => unchanged(fixture(name), name));

test('every spec: prettier-stable', async () => {
  for (const s of readdirSync(path.join(root, 'specs')).filter((f) => f.endsWith('.regs'))) {
    const r = await compile({ path: path.join(root, 'specs', s) }, { emit: [] });
    assert.ok(r.ir, r.format());
    await unchanged(r.ir!, s);
  }
});

/** The fixture with every name made long: a suffix on each string value that is some node's name. */
function longNames(name: string): IrSpec {
  const json = JSON.stringify(fixture(name));
  const names = new Set([...json.matchAll(/"name":"([A-Za-z_][A-Za-z0-9_]*)"/g)].map((m) => m[1]!));
  // Only values: a name followed by ':' is an object key.
  return JSON.parse(json.replace(/"([A-Za-z_][A-Za-z0-9_]*)"(?!:)/g, (all, n: string) => (names.has(n) ? `"${n}_with_a_rather_long_descriptive_suffix"` : all))) as IrSpec;
}

for (const name of ['registers', 'interrupts', 'dma']) {
  test(`fixture ${name} with long names: lines break the way prettier breaks them`, async () => {
    const ir = longNames(name);
    assert.match(JSON.stringify(ir), /_with_a_rather_long_descriptive_suffix/);
    await unchanged(ir, `long-${name}`);
  });
}

test.run();
