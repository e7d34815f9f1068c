// The register core without generated code: one access per call, raw-value checks, the refusal to
// read side-effecting registers implicitly, and the containers' range errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { flag, uint } from '../../../runtime/registers/fields.js';
import { layout, Register, RegisterArray } from '../../../runtime/registers/register.js';
import { layout64, Register64 } from '../../../runtime/registers/register64.js';
import { BlockArray, requireSize } from '../../../runtime/registers/blocks.js';
import { DmaView } from '../../../runtime/registers/dma-layouts.js';
import { Ring } from '../../../runtime/registers/ring.js';
import type { Mmio } from '../../../runtime/registers/mmio.js';
import { RecordingMmio } from './recording-mmio.js';

const Ctl = { en: flag('en', 0, 'rw'), done: flag('done', 1, 'rw'), n: uint('n', 8, 8, 'rw') };
const ctl = layout('ctl', 32, Ctl, { keep: 0xff01, ack1: 0x2 });

test('raw writes: unsigned of the width; 32-bit also takes int32 results of JS bit ops', () => {
  const io = RecordingMmio.over(64);
  const r = new Register(io, 4, ctl);
  r.write(1 << 31);
  r.write(0xffffffff);
  assert.equal(io.take(), ['w32 0x4 = 0x80000000', 'w32 0x4 = 0xffffffff']);
  assert.throws(() => r.write(2 ** 32), /ctl: 4294967296 is not a 32-bit value/);
  assert.throws(() => r.write(0.5), /ctl: 0\.5 is not a 32-bit value/);
  const b = new Register(io, 8, layout('b', 8, { value: uint('value', 0, 8, 'rw') }));
  assert.throws(() => b.write(256), /b: 256 is not a 8-bit value/);
  assert.throws(() => b.write(-1), /b: -1 is not a 8-bit value/);
  assert.equal(io.take(), []);
});

test('a register whose read has side effects is never read implicitly', () => {
  const io = RecordingMmio.over(64);
  const rc = new Register(io, 0, layout('icr', 32, Ctl, { keep: 0x1, ack1: 0x2, readEffect: true }));
  assert.throws(() => rc.modify({ en: true }), /icr: refusing an implicit read-modify-write/);
  assert.throws(() => rc.ack('done'), /icr: refusing an implicit read-modify-write/);
  const rc64 = new Register64(io, 8, layout64('big', {}, { keep: 1n, readEffect: true }));
  assert.throws(() => rc64.modify({}), /big: refusing/);
  assert.equal(io.take(), []);
});

test('ack names only w1c/w1t fields; keep bits make it one read-modify-write', () => {
  const io = RecordingMmio.over(64);
  const r = new Register(io, 0, ctl);
  io.inner.write32(0, 0x1203);
  r.ack('done');
  assert.equal(io.take(), ['r32 0x0 = 0x1203', 'w32 0x0 = 0x1203']);
  assert.throws(() => r.ack('en'), /ctl\.en cannot be acked \(not a w1c\/w1t field\)/);
  assert.throws(() => r.clear('done'), /ctl\.done cannot be cleared \(not a w0c field\)/);
});

test('register arrays check the index before any access', () => {
  const io = RecordingMmio.over(64);
  const a = new RegisterArray(io, 16, 4, 8, ctl);
  a.write(3, { n: 7 });
  assert.equal(io.take(), ['w32 0x28 = 0x700']);
  assert.throws(() => a.modify(4, { en: true }), /ctl\[4\]: index out of range \(4 registers\)/);
  assert.throws(() => a.read(NaN), /ctl\[NaN\]/);
  assert.equal(io.take(), []);
});

test('requireSize and BlockArray', () => {
  assert.throws(() => requireSize(RecordingMmio.over(16), 32, 'dev BAR 0 (regs)'), /dev BAR 0 \(regs\): the Mmio has 16 bytes \(0x10\), the spec needs 0x20/);
  requireSize(RecordingMmio.over(32), 32, 'ok');
  let made = 0;
  class Block {
    readonly n = ++made;
    constructor(
      readonly io: unknown,
      readonly base: number,
    ) {}
  }
  const io = RecordingMmio.over(64);
  const blocks = new BlockArray('q', 3, io, 0x10, 0x8, Block);
  assert.is(made, 3);
  assert.is(blocks.at(2).base, 0x20);
  assert.is(blocks.at(2).io, io);
  assert.is(blocks.at(2), blocks.at(2));
  assert.throws(() => blocks.at(3), /q\[3\]: index out of range \(3 blocks\)/);
  assert.throws(() => blocks.at(0.5), /q\[0\.5\]/);
});

test('DMA views and rings refuse what cannot work', () => {
  const io = RecordingMmio.over(64);
  const spec = { name: 'd', size: 8, align: 8, words: [{ name: 'w', offset: 0, layout: layout('w', 32, {}) }] };
  const v = new DmaView(io, 8, spec);
  assert.throws(() => v.isDone(), /d has no done bit/);
  v.publish({ w: 5 });
  assert.equal(io.take(), ['w32 0x8 = 0x5'], 'no owner/done word: every word, no fence needed');
  class View extends DmaView {
    static readonly size = 8;
    constructor(m: Mmio, b: number) {
      super(m, b, spec);
    }
  }
  assert.throws(() => new Ring('r', io, 0, 0, View), /ring r: 0 is not a valid entry count/);
  assert.throws(() => new Ring('r', io, 0, 9, View), /ring r: 9 entries of 8 bytes from 0 exceed the 64-byte buffer/);
  const ring = new Ring('r', io, 8, 7, View);
  assert.is(ring.at(6).base, 56);
});

test.run();
