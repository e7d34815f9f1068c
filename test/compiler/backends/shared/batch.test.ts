// Which batch columns a ring's layout gets (compiler/backends/shared/batch.ts), which both the
// TypeScript and the wasm back ends lay out from: names, kinds, byte positions, and the layouts left out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../../compiler/compile.js';
import { reapBatch, submitBatches, wordBase } from '../../../../compiler/backends/shared/batch.js';

const spec = (layouts: string, rings: string) => `
${layouts}
device d {
  bar 0 regs mmio size 0x1000 {
    register tail @ 0 : 32 rw;
    register head @ 4 : 32 rw;
  }
  ${rings}
}
`;

async function ir(text: string) {
  const r = await compile({ text, file: 'batch.regs' }, { emit: [] });
  assert.ok(r.ir, r.format());
  return r.ir!.devices[0]!;
}

test('submit columns: one per field software writes, whole 64-bit words as f64 first, colliding names qualified', async () => {
  const d = await ir(spec(`
layout e size 32 align 32 {
  word a @ 0 : 32 { field x [7:0]; field size [15:8]; field y [31:16]; }
  word b @ 4 : 32 { field x [3:0]; }
  word p @ 8 : 64;
  word s @ 16 : 32 ro;
  variant v { word q @ 24 : 64; }
}`, 'ring r of e { count 8; tail regs.tail; }'));
  const [base, v] = submitBatches(d, d.rings[0]!);
  assert.equal(base!.columns.map((c) => [c.name, c.kind, c.position]), [
    ['p', 'f64', 0],
    ['x', 'u32', 8],
    ['a_size', 'u32', 12], // 'size' is the batch class's own
    ['y', 'u32', 16],
    ['b_x', 'u32', 20], // a.x took 'x'
  ]);
  assert.is(base!.bytes, 24);
  assert.equal(base!.words.map((w) => w.name), ['a', 'b', 'p'], 'the ro word is never written');
  assert.is(v!.variant, 'v');
  assert.equal(v!.columns.filter((c) => c.kind === 'f64').map((c) => [c.name, c.position]), [['p', 0], ['q', 8]]);
  assert.is(wordBase(base!.words[1]!, base!.columns), 0n);
});

test('layouts a column cannot carry, or rings that need an owner/done pass, get no submit batch', async () => {
  const arrays = await ir(spec('layout e size 16 align 16 { word a[2] @ 0 : 32; word b @ 8 : 32; }', 'ring r of e { count 8; tail regs.tail; }'));
  assert.equal(submitBatches(arrays, arrays.rings[0]!), [], 'an array word');
  const wide = await ir(spec('layout e size 16 align 16 { word a @ 0 : 64 { field lo [31:0]; field hi [63:32]; } }', 'ring r of e { count 8; tail regs.tail; }'));
  assert.equal(submitBatches(wide, wide.rings[0]!), [], 'a 64-bit word with fields');
  const owned = await ir(spec('layout e size 16 align 16 { word a @ 0 : 32 { field own [31]; } owner a.own = 1; }', 'ring r of e { count 8; tail regs.tail; }'));
  assert.equal(submitBatches(owned, owned.rings[0]!), [], 'an owner word (publish() order)');
});

test('reap columns: every word of a plain <= 32-bit device-written entry, the phase tag word named', async () => {
  const d = await ir(spec('layout c size 8 align 8 { word w0 @ 0 : 32 ro; word w1 @ 4 : 32 ro { field p [16]; } }', 'ring q of c { count 8; phase w1.p; head regs.head; }'));
  const b = reapBatch(d, d.rings[0]!);
  assert.equal(b?.words.map((w) => w.name), ['w0', 'w1']);
  assert.is(b?.tag.name, 'w1');
  assert.is(b?.bytes, 8);
  const clash = await ir(spec('layout c size 8 align 8 { word size @ 0 : 32 ro; word w1 @ 4 : 32 ro { field p [16]; } }', 'ring q of c { count 8; phase w1.p; head regs.head; }'));
  assert.is(reapBatch(clash, clash.rings[0]!), undefined, "a word named like the batch class's own member");
});

test.run();
