// A ring over a layout with variants (the spec's `variant`): the generated TypeScript ring has one
// RingVariant per variant, writing that variant's words into the ring's own slots with the ring's
// fences, owner word and doorbell; head, tail and in-flight count are shared; wasm has
// submit$RING$VARIANT for each variant beside submit$RING.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../../compiler/compile.js';
import { RecordingMmio } from '../../../runtime/registers/recording-mmio.js';
import { load } from '../typescript/emit.js';

const SPEC = `device d {
  bar 0 regs mmio size 0x100 { register tdt @ 0 : 32 wo; }
  layout desc size 16 align 16 {
    word addr @ 0 : 64;
    word cmd @ 12 : 32 { field kind [3:0]; field own [31]; }
    owner cmd.own = 1;
    variant data { word len @ 8 : 16; word flags @ 10 : 16; }
    variant ctx { word mss @ 8 : 32 { field mss [15:0]; field hdr [23:16]; } }
  }
  layout plain size 8 align 8 {
    word a @ 0 : 32;
    variant x { word b @ 4 : 32; }
  }
  ring tx of desc { count 4; tail regs.tdt; }
  ring p of plain { count 4; tail regs.tdt; }
}
`;

interface Variant {
  publish(entries: readonly object[]): number;
  submit(n: number, fill: (e: { b: { write(v: number): void } }, k: number) => void): number;
  at(i: number): object;
}
interface RingLike {
  tail: number;
  inFlight: number;
  publish(entries: readonly object[]): number;
  variants: Record<string, Variant>;
}
type RingClass = new (io: RecordingMmio, count: number, base: number, doorbell: { write(v: number): void }) => RingLike;

test('TypeScript: each variant publishes into the same slots, owner word last after a fence, one doorbell per batch', async () => {
  const r = await compile({ text: SPEC, file: 'rv.regs' }, { emit: [] });
  assert.ok(r.ok, r.format());
  const m = await load<{ TxRing: RingClass; PRing: RingClass; DescData: unknown }>(r.ir!, 'd');
  const io = RecordingMmio.over(64);
  const bells: number[] = [];
  const tx = new m.TxRing(io, 4, 0, { write: (v) => bells.push(v) });
  assert.equal(Object.keys(tx.variants), ['data', 'ctx']);
  tx.variants.ctx!.publish([{ addr: 0x1000n, cmd: { kind: 1 }, mss: { mss: 1460, hdr: 54 } }]);
  assert.equal(io.take(), ['w64 0x0 = 0x1000', 'w32 0x8 = 0x3605b4', 'fence', 'w32 0xc = 0x80000001', 'fence']);
  tx.variants.data!.publish([{ addr: 0x2000n, len: 60, flags: 3 }, { addr: 0x3000n, len: 64 }]);
  assert.equal(io.take(), ['w64 0x10 = 0x2000', 'w16 0x18 = 0x3c', 'w16 0x1a = 0x3', 'w64 0x20 = 0x3000', 'w16 0x28 = 0x40', 'w16 0x2a = 0x0', 'fence', 'w32 0x1c = 0x80000000', 'w32 0x2c = 0x80000000', 'fence']);
  tx.publish([{ addr: 0x4000n }]); // the common words only
  assert.equal(io.take(), ['w64 0x30 = 0x4000', 'fence', 'w32 0x3c = 0x80000000', 'fence']);
  assert.equal(bells, [1, 3, 0], 'one doorbell per batch: the shared tail');
  assert.is(tx.inFlight, 4);
  assert.throws(() => tx.variants.data!.publish([{}]), /do not fit/);
  assert.throws(() => tx.variants.data!.submit(1, () => {}), /owner\/done word; use publish/, 'an owner layout has no in-place submit');
  const p = new m.PRing(io, 4, 0, { write: (v) => bells.push(v) });
  p.variants.x!.submit(2, (e, k) => e.b.write(0xb0 + k));
  assert.equal(io.take(), ['w32 0x4 = 0xb0', 'w32 0xc = 0xb1', 'fence']);
  assert.is(bells.at(-1), 2);
  assert.is(p.variants.x!.at(1), p.variants.x!.at(1), 'one view per slot');
  assert.throws(() => p.variants.x!.at(4), /index out of range/);
});

test('wasm: submit$RING$VARIANT per variant, each copying the common words and its own', async () => {
  const r = await compile({ text: SPEC, file: 'rv.regs' }, { emit: ['wasm'] });
  assert.ok(r.ok, r.format());
  const as = String(r.files.find((f) => f.path === 'd.as.ts')!.contents);
  for (const name of ['submit$tx', 'submit$tx$data', 'submit$tx$ctx', 'submit$p', 'submit$p$x']) assert.match(as, new RegExp(`export function ${name.replace(/\$/g, '\\$')}\\(`));
  const body = (name: string): string => as.slice(as.indexOf(`export function ${name}(`), as.indexOf('\n}\n', as.indexOf(`export function ${name}(`)));
  assert.match(body('submit$tx$ctx'), /vwrite32\(d \+ 0x8, /);
  assert.match(body('submit$tx$data'), /vwrite16\(d \+ 0xa, /);
  assert.not.match(body('submit$tx'), /d \+ 0x8,/, 'the common submit copies no variant word');
});

test.run();
