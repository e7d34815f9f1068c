// The width-specific register classes that generated code constructs (Register32/16/8 and the array
// forms): each operation is exactly one access of the class's width, with the same value checks and
// errors as the generic Register, and a layout of another width is refused at construction.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { flag, uint } from '../../../runtime/registers/fields.js';
import {
  layout,
  Register,
  Register16,
  Register32,
  Register8,
  RegisterArray,
  RegisterArray16,
  RegisterArray32,
  RegisterArray8,
} from '../../../runtime/registers/register.js';
import { RecordingMmio } from './recording-mmio.js';

const fields = { en: flag('en', 0, 'rw'), st: flag('st', 1, 'rw', 'w1c'), n: uint('n', 4, 4, 'rw') };
const masks = { keep: 0xf1, ack1: 0x2 };
const Singles = [
  [8, Register8],
  [16, Register16],
  [32, Register32],
] as const;
const Arrays = [
  [8, RegisterArray8],
  [16, RegisterArray16],
  [32, RegisterArray32],
] as const;

test('one access of the class width per operation, the same accesses as the generic Register', () => {
  for (const [width, Cls] of Singles) {
    const l = layout(`r${width}`, width, fields, masks);
    const io = RecordingMmio.over(64);
    const generic = RecordingMmio.over(64);
    const run = (r: Register<typeof fields>): void => {
      r.write(0x31);
      r.read();
      r.get('n');
      r.readAndClear();
      r.write({ n: 5 });
      r.modify({ en: true });
      r.ack('st');
    };
    const r = new Cls(io, 8, l);
    assert.ok(r instanceof Register);
    run(r);
    run(new Register(generic, 8, l));
    const got = io.take();
    assert.equal(got, generic.take());
    assert.equal(got.length, 9); // modify and ack: one read and one write each
    for (const a of got) assert.ok(a.startsWith(`r${width} 0x8 `) || a.startsWith(`w${width} 0x8 `), a);
    assert.is(r.get('n'), 5);
  }
});

test('arrays: index first, one access at offset + index * stride, index checked before any access', () => {
  for (const [width, Cls] of Arrays) {
    const l = layout(`a${width}`, width, fields, masks);
    const io = RecordingMmio.over(64);
    const a = new Cls(io, 16, 4, 8, l);
    assert.ok(a instanceof RegisterArray);
    a.write(3, 0x21);
    assert.is(a.read(3), 0x21);
    a.modify(2, { n: 3 });
    assert.equal(io.take(), [`w${width} 0x28 = 0x21`, `r${width} 0x28 = 0x21`, `r${width} 0x20 = 0x0`, `w${width} 0x20 = 0x30`]);
    for (const bad of [4, -1, 1.5, NaN]) assert.throws(() => a.read(bad), new RegExp(`a${width}\\[${String(bad)}\\]: index out of range \\(4 registers\\)`));
    assert.throws(() => a.write(4, 1), /index out of range/);
    assert.throws(() => a.read('1' as unknown as number), /a\d+\[1\]: index out of range/); // from plain JS
    assert.equal(io.take(), []);
  }
});

test('raw values are checked per width before any access', () => {
  const io = RecordingMmio.over(64);
  const r32 = new Register32(io, 0, layout('w', 32, {}));
  r32.write(-1); // an int32 from JS bit ops: the register gets all ones
  r32.write(0xffffffff);
  assert.equal(io.take(), ['w32 0x0 = 0xffffffff', 'w32 0x0 = 0xffffffff']);
  for (const bad of [2 ** 32, -(2 ** 31) - 1, 0.5, NaN, Infinity]) assert.throws(() => r32.write(bad), new RegExp(`w: ${String(bad)} is not a 32-bit value`));
  const r16 = new Register16(io, 0, layout('h', 16, {}));
  r16.write(0xffff);
  for (const bad of [0x10000, -1, 0.5, NaN]) assert.throws(() => r16.write(bad), new RegExp(`h: ${String(bad)} is not a 16-bit value`));
  const r8 = new Register8(io, 0, layout('b', 8, {}));
  r8.write(0xff);
  for (const bad of [0x100, -1, 2.5]) assert.throws(() => r8.write(bad), new RegExp(`b: ${String(bad)} is not a 8-bit value`));
  assert.equal(io.take(), ['w16 0x0 = 0xffff', 'w8 0x0 = 0xff']);
});

test('a layout of another width is refused at construction', () => {
  const io = RecordingMmio.over(64);
  assert.throws(() => new Register32(io, 0, layout('x', 16, {})), /x: a 16-bit layout given to a 32-bit register class/);
  assert.throws(() => new RegisterArray8(io, 0, 2, 4, layout('y', 32, {})), /y: a 32-bit layout given to a 8-bit register class/);
});

test('checks still hold once V8 has optimized a hot loop', () => {
  const io = RecordingMmio.over(8192);
  const a = new RegisterArray32(io.inner, 0x1000, 1024, 4, layout('r', 32, {}));
  let acc = 0;
  for (let i = 0; i < 2_000_000; i++) acc ^= a.read(i & 1023);
  assert.is(acc, 0);
  assert.throws(() => a.read(1024), /r\[1024\]: index out of range/);
  assert.throws(() => a.write(0, 2 ** 32), /not a 32-bit value/);
});

test.run();
