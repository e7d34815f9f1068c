// Generated register accessors running over an ArrayBuffer through a recording Mmio: each call is
// exactly one access of the register's width (modify: one read, one write) with the exact value the
// safe-write rules give.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordingMmio } from '../../../runtime/registers/recording-mmio.js';
import { fixture, load } from './emit.js';

type Demo = typeof import('./golden/demo.js');
const m = await load<Demo>(fixture('registers'), 'demo');

function setup(): { io: RecordingMmio; regs: InstanceType<Demo['DemoRegs']> } {
  const io = RecordingMmio.over(0x4000);
  return { io, regs: new m.DemoRegs(io) };
}

test('constructing accesses nothing; a too-small mapping is a clear error', () => {
  const { io } = setup();
  assert.equal(io.take(), []);
  assert.throws(() => new m.DemoRegs(RecordingMmio.over(0x100)), (e: Error) => e instanceof RangeError && /demo BAR 0 \(regs\).*256 bytes.*0x4000/.test(e.message));
});

test('read and raw write: one access each, unsigned', () => {
  const { io, regs } = setup();
  regs.doorbell.write(0xdeadbeef);
  assert.equal(io.take(), ['w32 0x8 = 0xdeadbeef']);
  io.inner.write32(0x4, 0xfedcba98);
  assert.is(regs.ident.read(), 0xfedcba98);
  assert.equal(io.take(), ['r32 0x4 = 0xfedcba98']);
});

test('worked example: modify on a w1c/w0c/pulse register keeps every side-effect bit safe', () => {
  const { io, regs } = setup();
  io.inner.write32(0x0, 0x5a00001e);
  regs.ctrl.modify({ en: true });
  assert.equal(io.take(), ['r32 0x0 = 0x5a00001e', 'w32 0x0 = 0x17']);
  // ack/clear on a register with rw bits fall back to one safe read-modify-write
  io.inner.write32(0x0, 0x5a00001e);
  regs.ctrl.ack('done');
  assert.equal(io.take(), ['r32 0x0 = 0x5a00001e', 'w32 0x0 = 0x1e']);
  io.inner.write32(0x0, 0x5a00001e);
  regs.ctrl.clear('ovf');
  assert.equal(io.take(), ['r32 0x0 = 0x5a00001e', 'w32 0x0 = 0x6']);
});

test('write({…}) starts from the reset value (w0c bits 1), no read', () => {
  const { io, regs } = setup();
  regs.ctrl.write({ mode: 'blink' });
  assert.equal(io.take(), ['w32 0x0 = 0x12']);
  regs.ctrl.write({ mode: m.CtrlMode.breathe, en: 1, kick: true });
  assert.equal(io.take(), ['w32 0x0 = 0x35']);
  regs.cmd.write({ start: true }); // write-only arg keeps its reset value 5
  assert.equal(io.take(), ['w32 0x18 = 0x501']);
  regs.small16.write({});
  assert.equal(io.take(), ['w16 0x442 = 0xbeef']);
});

test('fields: decode without access, get() reads once', () => {
  const { io, regs } = setup();
  assert.is(m.Ctrl.mode.get(0x4), 2);
  assert.is(m.Ctrl.en.get(0x1), true);
  assert.is(m.Ctrl.id.get(0xff000000), 0xff);
  assert.is(regs.ctrl.fields.done.get(0x8), true);
  assert.equal(io.take(), []);
  io.inner.write32(0x0, 0x5a000004);
  assert.is(regs.ctrl.get('id'), 0x5a);
  assert.equal(io.take(), ['r32 0x0 = 0x5a000004']);
  assert.throws(() => (regs.ctrl.get as (f: string) => unknown)('nope'), /ctrl has no field 'nope'/);
});

test('enums: known and unknown values, names, bad values', () => {
  const { io, regs } = setup();
  io.inner.write32(0x0, 0x4);
  assert.is(regs.ctrl.get('mode'), m.CtrlMode.breathe);
  assert.is(m.CtrlMode.nameOf(regs.ctrl.get('mode')), 'breathe');
  io.inner.write32(0x0, 0x6);
  assert.is(regs.ctrl.get('mode'), 3); // undocumented: a number, not an error
  assert.is(m.CtrlMode.nameOf(3), undefined);
  io.take();
  assert.throws(() => regs.ctrl.write({ mode: 'fast' as 'blink' }), /ctrl\.mode: unknown value name 'fast'/);
  assert.throws(() => regs.ctrl.write({ mode: 4 }), /ctrl\.mode: 4 is not a 2-bit unsigned value/);
  assert.throws(() => regs.ctrl.write({ id: 1 } as never), /ctrl\.id is not writable/);
  assert.equal(io.take(), [], 'a rejected write accesses nothing');
});

test('register arrays: index first, index math, range errors', () => {
  const { io, regs } = setup();
  regs.ral.write(3, 0x1234);
  regs.rah.modify(15, { av: true, sel: 's1000' });
  assert.is(regs.mta.length, 128);
  regs.mta.read(127);
  assert.equal(io.take(), ['w32 0x118 = 0x1234', 'r32 0x17c = 0x0', 'w32 0x17c = 0x80020000', 'r32 0x3fc = 0x0']);
  io.inner.write32(0x17c, 0x80020000);
  assert.is(regs.rah.get(15, 'av'), true);
  for (const bad of [16, -1, 1.5]) assert.throws(() => regs.ral.read(bad), new RegExp(`ral\\[${bad}\\]: index out of range \\(16 registers\\)`));
  assert.throws(() => regs.stamps.read(4), /stamps\[4\]: index out of range \(4 registers\)/);
});

test('blocks: arrays, nesting, inline blocks', () => {
  const { io, regs } = setup();
  regs.rxq.at(1).rdt.write(7);
  regs.ports.at(1).lanes.at(3).lane_ctrl.write({ en: true, speed: 's1000' });
  regs.ports.at(0).port_ctrl.write(1);
  regs.phy.mdic.read();
  assert.equal(io.take(), ['w32 0x1118 = 0x7', 'w32 0x2150 = 0x5', 'w32 0x2000 = 0x1', 'r32 0x3000 = 0x0']);
  assert.is(regs.ports.at(1), regs.ports.at(1), 'instances are made once');
  assert.throws(() => regs.ports.at(2), /ports\[2\]: index out of range \(2 blocks\)/);
  assert.throws(() => regs.ports.at(0).lanes.at(4), /lanes\[4\]/);
});

test('64-bit registers: one 8-byte access, bigint values, wide fields', () => {
  const { io, regs } = setup();
  regs.dma_addr.write(0xffff_ffff_0000_0001n);
  assert.is(regs.dma_addr.read(), 0xffff_ffff_0000_0001n);
  regs.dma_cmd.write({ start: true, direction: 'from_device', length: 0x1000 });
  assert.equal(io.take(), ['w64 0x410 = 0xffffffff00000001', 'r64 0x410 = 0xffffffff00000001', 'w64 0x408 = 0x100000000003']);
  io.inner.write64(0x408, (0x1000n << 32n) | 0b1011n); // start, direction, done set
  regs.dma_cmd.modify({ irq: true }); // start (pulse) and done (w1c) written 0
  assert.equal(io.take(), ['r64 0x408 = 0x10000000000b', 'w64 0x408 = 0x100000000006']);
  assert.is(regs.dma_cmd.get('length'), 0x1000); // a 32-bit field of a 64-bit register is a number
  assert.is(regs.dma_addr.get('value'), 0xffff_ffff_0000_0001n); // wider than 32 bits: a bigint
  assert.is(regs.dma_cmd.get('direction'), m.DmaCmdDirection.from_device);
  io.take();
  regs.dma_cmd.ack('done');
  assert.equal(io.take(), ['r64 0x408 = 0x100000000006', 'w64 0x408 = 0x10000000000e']);
  io.inner.write64(0x418 + 24, 1n << 63n);
  assert.is(regs.stamps.read(3), 1n << 63n);
  assert.is(regs.tsc.read(), 0n);
  assert.equal(io.take(), ['r64 0x430 = 0x8000000000000000', 'r64 0x400 = 0x0']);
  assert.throws(() => regs.dma_addr.write(-1n), /dma_addr: -1 is not a 64-bit unsigned bigint/);
});

test('8- and 16-bit registers use accesses of their width', () => {
  const { io, regs } = setup();
  regs.small8.write({ lo: 3, hi: 0xa });
  regs.small8.modify({ lo: 5 });
  assert.equal(io.take(), ['w8 0x440 = 0xa3', 'r8 0x440 = 0xa3', 'w8 0x440 = 0xa5']);
  assert.throws(() => regs.small8.write({ hi: 16 }), /small8\.hi: 16 is not a 4-bit unsigned value/);
});

test('reserved bits: ones always, reset value, preserve only in modify', () => {
  const { io, regs } = setup();
  io.inner.write32(0x1c, 0xdeadab0e);
  regs.policy.modify({ en: true });
  // [15:8] preserved (0xab), [7:4] ones, [31:16] reset 0x1234, bit 3 (undeclared) reset 0
  assert.equal(io.take(), ['r32 0x1c = 0xdeadab0e', 'w32 0x1c = 0x1234abf7']);
  regs.policy.write({ speed: 's100' });
  assert.equal(io.take(), ['w32 0x1c = 0x123400f2']);
});

test('read-free acks: w1c, w1t, w0c, and rc reads only when asked', () => {
  const { io, regs } = setup();
  io.inner.write32(0x2024, 0x3);
  regs.ports.at(0).lanes.at(0).lane_stat.ack('err');
  regs.toggles.ack('ch1', 'ch2');
  regs.flags.clear('ovr');
  regs.flags.clear('ovr', 'eoc');
  assert.equal(io.take(), ['w32 0x2024 = 0x2', 'w32 0x24 = 0x3', 'w32 0x14 = 0x2', 'w32 0x14 = 0x0']);
  assert.throws(() => (regs.toggles.ack as (...f: string[]) => void)('nope'), /toggles has no field 'nope'/);
  io.inner.write32(0xc, 0x41);
  assert.is(regs.icr.readAndClear(), 0x41);
  assert.is(regs.sema.readAndSet(), 0);
  assert.equal(io.take(), ['r32 0xc = 0x41', 'r32 0x20 = 0x0']);
  regs.errors.write(0);
  assert.equal(io.take(), ['w32 0x10 = 0x0']);
});

test.run();
