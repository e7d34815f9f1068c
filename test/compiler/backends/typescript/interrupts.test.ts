// Generated interrupt groups over a recording Mmio: pending() reads each status/enable register once,
// enable/disable/ack/test touch each register involved once, each ack kind does what the IR says.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordingMmio } from '../../../runtime/registers/recording-mmio.js';
import { fixture, load } from './emit.js';

type Irq = typeof import('./golden/irqdemo.js');
const m = await load<Irq>(fixture('interrupts'), 'irqdemo');
const { IrqdemoMain: Main, IrqdemoLegacy: Legacy, IrqdemoEdu: Edu, IrqdemoAdc: Adc } = m;

function setup(): RecordingMmio {
  return RecordingMmio.over(0x100);
}

test('cause sets: named bits, setOf, decode, bad sets', () => {
  const g = new Main(setup());
  assert.equal([Main.rx, Main.tx, Main.err, Main.link], [1, 2, 4, 8]);
  assert.is(g.setOf('rx', 'link'), Main.rx | Main.link);
  assert.equal(g.decode(Main.tx | Main.link), ['tx', 'link']);
  assert.throws(() => g.ack(0x10), /interrupt group main: 0x10 is not a set of its causes/);
  assert.throws(() => g.setOf('nope' as 'rx'), /no cause 'nope'/);
});

test('pending: status & enable, one read of each register', () => {
  const io = setup();
  const g = new Main(io);
  io.inner.write32(0x0, 0b1011); // rx, tx, link pending
  io.inner.write32(0x4, 0x8000_0009); // rx, link enabled (+ global)
  assert.is(g.pending(), Main.rx | Main.link);
  assert.equal(io.take(), ['r32 0x0 = 0xb', 'r32 0x4 = 0x80000009']);
});

test('w1c ack of three causes sharing a register is one write, read-free', () => {
  const io = setup();
  const g = new Main(io);
  g.ack(Main.rx | Main.tx | Main.err);
  assert.equal(io.take(), ['w32 0x0 = 0x7']);
  g.ack(Main.link); // level-triggered: nothing to do
  assert.equal(io.take(), []);
});

test('field enable/disable: one read-modify-write of the enable register, other bits kept', () => {
  const io = setup();
  const g = new Main(io);
  io.inner.write32(0x4, 0x8000_0000);
  g.enable(Main.rx | Main.err);
  assert.equal(io.take(), ['r32 0x4 = 0x80000000', 'w32 0x4 = 0x80000005']);
  g.disable(Main.rx);
  assert.equal(io.take(), ['r32 0x4 = 0x80000005', 'w32 0x4 = 0x80000004']);
});

test('test register: one write; causes without one are refused', () => {
  const io = setup();
  const g = new Main(io);
  g.test(Main.rx | Main.err);
  assert.equal(io.take(), ['w32 0x8 = 0x5']);
  assert.throws(() => g.test(Main.link), /link cannot be raised \(no test register\)/);
  assert.equal(io.take(), []);
});

test('rc ack and set/clear enable (ICR/IMS/IMC/ICS)', () => {
  const io = setup();
  const g = new Legacy(io);
  io.inner.write32(0x10, 0x41);
  io.inner.write32(0x14, 0x1);
  assert.is(g.pending(), Legacy.txdw, 'rxo pending but masked');
  assert.equal(io.take(), ['r32 0x10 = 0x41', 'r32 0x14 = 0x1']);
  g.ack(Legacy.txdw | Legacy.rxo);
  assert.equal(io.take(), ['r32 0x10 = 0x41'], 'one read of the clear-on-read register');
  g.enable(Legacy.txdw | Legacy.rxo);
  g.disable(Legacy.rxo);
  g.test(Legacy.txdw);
  assert.equal(io.take(), ['w32 0x14 = 0x41', 'w32 0x18 = 0x40', 'w32 0x1c = 0x1']);
});

test('separate ack register (edu): one write; enable none means always enabled', () => {
  const io = setup();
  const g = new Edu(io);
  g.ack(Edu.fact | Edu.dma);
  assert.equal(io.take(), ['w32 0x64 = 0x101']);
  io.inner.write32(0x24, 0x100);
  assert.is(g.pending(), Edu.dma);
  io.take();
  g.enable(Edu.dma);
  assert.equal(io.take(), []);
  io.inner.write32(0x20, 0x1); // computing (ro) set
  g.enable(Edu.fact);
  assert.equal(io.take(), ['r32 0x20 = 0x1', 'w32 0x20 = 0x80']);
  g.test(Edu.fact | Edu.dma);
  assert.equal(io.take(), ['w32 0x60 = 0x101']);
});

test('w0c ack writes 0 to the cause and 1 to every other w0c bit', () => {
  const io = setup();
  const g = new Adc(io);
  g.ack(Adc.ovr);
  assert.equal(io.take(), ['w32 0x30 = 0x2']);
  g.ack(Adc.ovr | Adc.eoc);
  assert.equal(io.take(), ['w32 0x30 = 0x0']);
  assert.ok(!('test' in g), 'no test() without a test register');
});

test.run();
