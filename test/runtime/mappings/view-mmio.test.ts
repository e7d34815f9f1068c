// ViewMmio, the Mmio of every mapped BAR and DMA buffer: each width reads and writes its bytes
// little-endian, and every bad offset is a clear error before any access — misaligned, negative,
// fractional, NaN, past the end, wrapping past 4 GiB — as is any access after detach(). The checks
// must survive V8 optimizing a hot loop (they are folded into the typed-array access there).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ViewMmio } from '../../../runtime/mappings/view-mmio.js';

const SIZE = 64;
const fresh = (): { bytes: Uint8Array; m: ViewMmio } => {
  const bytes = new Uint8Array(SIZE);
  return { bytes, m: new ViewMmio(bytes, 'test BAR') };
};

test('each width reads and writes its own bytes, little-endian', () => {
  const { bytes, m } = fresh();
  m.write32(4, 0x11223344);
  m.write16(10, 0xbeef);
  m.write8(13, 0x7f);
  m.write64(56, 0x0102030405060708n);
  assert.equal([...bytes.subarray(4, 8)], [0x44, 0x33, 0x22, 0x11]);
  assert.equal([...bytes.subarray(10, 14)], [0xef, 0xbe, 0, 0x7f]);
  assert.is(m.read32(4), 0x11223344);
  assert.is(m.read16(10), 0xbeef);
  assert.is(m.read8(13), 0x7f);
  assert.is(m.read64(56), 0x0102030405060708n);
  m.write32(0, 0xffffffff);
  assert.is(m.read32(0), 0xffffffff); // unsigned
  assert.is(m.read32(SIZE - 4), 0x01020304);
});

const ops = [
  ['read8', 1, (m: ViewMmio, o: number): unknown => m.read8(o)],
  ['read16', 2, (m: ViewMmio, o: number): unknown => m.read16(o)],
  ['read32', 4, (m: ViewMmio, o: number): unknown => m.read32(o)],
  ['read64', 8, (m: ViewMmio, o: number): unknown => m.read64(o)],
  ['write8', 1, (m: ViewMmio, o: number): unknown => m.write8(o, 1)],
  ['write16', 2, (m: ViewMmio, o: number): unknown => m.write16(o, 1)],
  ['write32', 4, (m: ViewMmio, o: number): unknown => m.write32(o, 1)],
  ['write64', 8, (m: ViewMmio, o: number): unknown => m.write64(o, 1n)],
] as const;

test('out of bounds, negative, fractional, NaN and wrapping offsets: "outside", nothing touched', () => {
  for (const [op, width, run] of ops) {
    const { bytes, m } = fresh();
    for (const o of [SIZE, SIZE - width + 1, -width, 2 ** 32, 2 ** 32 + width, 0.5, NaN, Infinity]) {
      assert.throws(() => run(m, o), (e: Error) => e instanceof RangeError && e.message.startsWith(`${op} at `) && /outside test BAR \(64 bytes, 0x0–0x3f\)/.test(e.message), `${op}(${o})`);
    }
    assert.ok(bytes.every((b) => b === 0));
  }
});

test('misaligned offsets inside the region: "not N-byte aligned"', () => {
  for (const [op, width, run] of ops) {
    if (width === 1) continue;
    const { bytes, m } = fresh();
    for (let o = 1; o < width; o++) assert.throws(() => run(m, o), new RegExp(`${op} at 0x${o}: not ${width}-byte aligned in test BAR`));
    assert.ok(bytes.every((b) => b === 0));
  }
});

test('after detach every access says closed, whatever the offset', () => {
  for (const [op, , run] of ops) {
    const { m } = fresh();
    run(m, 0);
    m.detach();
    for (const o of [0, 8, SIZE, 3]) assert.throws(() => run(m, o), new RegExp(`${op}: test BAR is closed`));
  }
});

test('the checks hold after V8 optimizes hot loops over the view, and after a fault', () => {
  const { m } = fresh();
  let acc = 0;
  for (let i = 0; i < 2_000_000; i++) {
    m.write32((i & 15) << 2, i);
    acc ^= m.read32((i & 15) << 2);
  }
  assert.ok(acc !== 0.5);
  assert.throws(() => m.read32(2), /not 4-byte aligned/);
  assert.throws(() => m.write32(SIZE, 0), /outside/);
  for (let i = 0; i < 100_000; i++) acc ^= m.read32((i & 15) << 2);
  assert.throws(() => m.read32(-4), /outside/);
  m.detach();
  assert.throws(() => m.read32(0), /closed/);
  assert.throws(() => m.write32(0, 0), /closed/);
});

test.run();
