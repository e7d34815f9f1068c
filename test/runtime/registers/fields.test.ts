// Field decode/encode of the register core, for number (≤32-bit) and bigint (64-bit) registers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enumeration, enumField, enumField64, flag, flag64, uint, uint64, wide64 } from '../../../runtime/registers/fields.js';

const Mode = enumeration({ off: 0, slow: 1, fast: 3 });

test('uint: positioned mask, decode, encode, range', () => {
  const f = uint('count', 8, 8, 'rw');
  assert.is(f.mask, 0xff00);
  assert.is(f.get(0xdeadbeef), 0xbe);
  assert.is(f.encode(0x12, 'r'), 0x1200);
  assert.throws(() => f.encode(256, 'r'), /r\.count: 256 is not a 8-bit unsigned value/);
  assert.throws(() => f.encode(-1, 'r'), /is not a 8-bit unsigned value/);
  assert.throws(() => f.encode(1.5, 'r'), /1\.5 is not/);
});

test('full-width and top-bit fields stay unsigned', () => {
  const all = uint('value', 0, 32, 'rw');
  assert.is(all.mask, 0xffffffff);
  assert.is(all.get(-1), 0xffffffff);
  assert.is(all.encode(0xffffffff, 'r'), 0xffffffff);
  const top = flag('top', 31, 'rw');
  assert.is(top.mask, 0x80000000);
  assert.is(top.get(0x80000000), true);
  assert.is(top.encode(true, 'r'), 0x80000000);
  assert.is(top.encode(0, 'r'), 0);
});

test('access flags', () => {
  assert.equal([flag('a', 0, 'r').readable, flag('a', 0, 'r').writable], [true, false]);
  assert.equal([flag('a', 0, 'w').readable, flag('a', 0, 'w').writable], [false, true]);
  assert.equal([flag('a', 0, 'na').readable, flag('a', 0, 'na').writable], [false, false]);
});

test('enums: names or numbers in, numbers out, nameOf for documented values only', () => {
  const f = enumField('mode', 4, 2, 'rw', Mode);
  assert.is(f.encode('fast', 'ctrl'), 0x30);
  assert.is(f.encode(2, 'ctrl'), 0x20, 'an undocumented value that fits is allowed');
  assert.is(f.get(0x10), Mode.slow);
  assert.is(Mode.nameOf(3), 'fast');
  assert.is(Mode.nameOf(2), undefined);
  assert.throws(() => f.encode('nameOf' as 'fast', 'ctrl'), /ctrl\.mode: unknown value name 'nameOf'/);
  assert.throws(() => f.encode('toString' as 'fast', 'ctrl'), /unknown value name 'toString'/);
  assert.equal(Object.keys(Mode).filter((k) => k !== 'nameOf'), ['off', 'slow', 'fast']);
  assert.ok(Object.isFrozen(Mode));
});

test('64-bit fields: numbers up to 32 bits, bigints above', () => {
  const len = uint64('len', 32, 32, 'rw');
  assert.is(len.mask, 0xffffffff00000000n);
  assert.is(len.get(0x1234_0000_0000n), 0x1234);
  assert.is(len.encode(0xffffffff, 'r'), 0xffffffff00000000n);
  const all = wide64('value', 0, 64, 'rw');
  assert.is(all.get((1n << 64n) - 1n), (1n << 64n) - 1n);
  assert.throws(() => all.encode(1n << 64n, 'r'), /r\.value: 18446744073709551616 is not a 64-bit unsigned value/);
  assert.is(flag64('f', 63, 'rw').get(1n << 63n), true);
  const e = enumField64('dir', 1, 2, 'rw', Mode);
  assert.is(e.encode('fast', 'r'), 6n);
  assert.is(e.get(6n), 3);
});

test.run();
