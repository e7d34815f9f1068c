// Register arrays over a region with views (ViewMmio) access their elements through a ProvenMmio,
// which skips the bounds and alignment tests their index check already implies: the same bytes as
// through the checked Mmio, the same errors (value, closed, index), and no shortcut for an array the
// region does not wholly hold (those elements get the checked Mmio's own errors).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { uint } from '../../../runtime/registers/fields.js';
import { layout, RegisterArray16, RegisterArray32, RegisterArray8 } from '../../../runtime/registers/register.js';
import { ProvenMmio } from '../../../runtime/registers/proven-mmio.js';
import { TypedArrayMmio } from '../../../runtime/registers/mmio.js';
import { ViewMmio } from '../../../runtime/mappings/view-mmio.js';

const f32 = { lo: uint('lo', 0, 4, 'rw'), hi: uint('hi', 4, 28, 'rw') };
const l32 = layout('r', 32, f32, { keep: 0xffffffff });

test('ProvenMmio.over: only for views whose bounds hold every access, at multiples of the width', () => {
  const io = new ViewMmio(new Uint8Array(new ArrayBuffer(64)), 'test BAR');
  assert.instance(ProvenMmio.over(io, 0, 16, 4, 4), ProvenMmio);
  assert.is(ProvenMmio.over(io, 4, 16, 4, 4), io, 'the last element past the end');
  assert.is(ProvenMmio.over(io, 2, 2, 4, 4), io, 'misaligned offset');
  assert.is(ProvenMmio.over(io, 0, 2, 6, 4), io, 'misaligned stride');
  assert.is(ProvenMmio.over(io, 0, 0, 4, 4), io, 'no elements');
  const plain = { ...io, views: undefined } as unknown as ViewMmio;
  assert.is(ProvenMmio.over(plain, 0, 1, 4, 4), plain, 'no views');
});

test('array elements through views: the same bytes and errors as through the checked Mmio', () => {
  for (const [width, Arr, f] of [
    [8, RegisterArray8, { v: uint('v', 0, 8, 'rw') }],
    [16, RegisterArray16, { v: uint('v', 0, 16, 'rw') }],
    [32, RegisterArray32, { v: uint('v', 0, 32, 'rw') }],
  ] as const) {
    const buf = new ArrayBuffer(256);
    const io = new ViewMmio(new Uint8Array(buf), 'test BAR');
    const l = layout('a', width, f, { keep: width === 32 ? 0xffffffff : 2 ** width - 1 });
    const a = new Arr(io, 16, 8, 8, l as never);
    const ref = new TypedArrayMmio(new ArrayBuffer(256));
    const b = new Arr(ref, 16, 8, 8, l as never);
    for (let i = 0; i < 8; i++) {
      a.write(i, (i * 37) & 0xff);
      b.write(i, (i * 37) & 0xff);
      a.modify(i, { v: i });
      b.modify(i, { v: i });
      assert.is(a.read(i), b.read(i));
    }
    assert.equal(new Uint8Array(buf), new Uint8Array((ref as unknown as { u8: Uint8Array }).u8.buffer), `${width}-bit: same bytes`);
    assert.throws(() => a.write(8, 1), /a\[8\]: index out of range/);
    assert.throws(() => a.write(0, 2 ** width), new RegExp(`${2 ** width} is not an? ${width}-bit value`));
    io.detach();
    assert.throws(() => a.read(0), /test BAR is closed/);
    assert.throws(() => a.write(0, 1), /test BAR is closed/);
    assert.throws(() => a.modify(0, { v: 1 }), /test BAR is closed/);
  }
});

test('a 32-bit array element: negative int32 stored as its unsigned bits, fields composed', () => {
  const io = new ViewMmio(new Uint8Array(new ArrayBuffer(64)), 'test BAR');
  const a = new RegisterArray32(io, 0, 16, 4, l32);
  a.write(3, -1);
  assert.is(a.read(3), 0xffffffff);
  a.write(4, { lo: 5, hi: 1 });
  assert.is(a.read(4), 0x15);
  assert.throws(() => a.write(4, 1.5), /r: 1.5 is not a 32-bit value/);
});

test('an array the region does not wholly hold keeps the checked Mmio: its last elements get its error', () => {
  const io = new ViewMmio(new Uint8Array(new ArrayBuffer(64)), 'test BAR');
  const a = new RegisterArray32(io, 32, 16, 4, l32);
  a.write(7, 1);
  assert.is(a.read(7), 1);
  assert.throws(() => a.read(8), /read32 at 0x40: outside test BAR/);
  assert.throws(() => a.write(8, 1), /write32 at 0x40: outside test BAR/);
});

test.run();
