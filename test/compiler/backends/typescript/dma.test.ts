// Generated DMA layouts and rings over a recording Mmio: publish() writes every word, fences, then the
// owner word (or the done word, cleared) last; isDone() is one read; rings give views without allocating.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordingMmio } from '../../../runtime/registers/recording-mmio.js';
import { fixture, load } from './emit.js';

type Nic = typeof import('./golden/nic.js');
const m = await load<Nic>(fixture('dma'), 'nic');

test('publish without owner: every word, fence, done word cleared last', () => {
  const io = RecordingMmio.over(4096);
  const d = new m.TxDesc(io, 16);
  io.inner.write8(16 + 12, 0x1); // dd left set by the device last time
  d.publish({ buffer_addr: 0x1000n, length: 64, cmd: { eop: true, rs: true } });
  assert.equal(io.take(), [
    'w64 0x10 = 0x1000',
    'w16 0x18 = 0x40',
    'w8 0x1a = 0x0',
    'w8 0x1b = 0x9',
    'w8 0x1d = 0x0',
    'w16 0x1e = 0x0',
    'fence',
    'w8 0x1c = 0x0',
  ]);
  assert.is(d.isDone(), false);
  io.inner.write8(16 + 12, 0x1);
  assert.is(d.isDone(), true);
  assert.equal(io.take(), ['r8 0x1c = 0x0', 'r8 0x1c = 0x1']);
});

test('publish with an owner bit: the owner word last, owner field forced', () => {
  const io = RecordingMmio.over(4096);
  const d = new m.DwDesc(io, 32);
  d.publish({ ctl: { len: 100, first: true, last: true }, buf: 0xabcn });
  assert.equal(io.take(), ['w32 0x24 = 0x0', 'w64 0x28 = 0xabc', 'fence', 'w32 0x20 = 0xb0000064']);
  d.publish({ ctl: 5 }); // a raw owner word still gets the owner bit
  assert.equal(io.take().slice(-2), ['fence', 'w32 0x20 = 0x80000005']);
});

test('array words: publish writes each element (given or reset), owner word last', () => {
  const io = RecordingMmio.over(4096);
  const d = new m.SgDesc(io, 64);
  d.publish({ addr: [0x1000n, 0x2000n], ctl: { segs: 2 } });
  assert.equal(io.take(), ['w64 0x40 = 0x1000', 'w64 0x48 = 0x2000', 'w64 0x50 = 0x0', 'w64 0x58 = 0x0', 'fence', 'w32 0x60 = 0x80000002']);
  assert.is(d.addr.length, 4);
  assert.is(d.addr.read(1), 0x2000n);
  assert.throws(() => d.addr.read(4), /addr\[4\]: index out of range \(4 registers\)/);
});

test('words are typed registers over the entry', () => {
  const io = RecordingMmio.over(4096);
  const d = new m.TxDesc(io, 0);
  d.cmd.modify({ ifcs: true });
  assert.is(d.status.get('dd'), false);
  assert.is(d.buffer_addr.read(), 0n);
  assert.equal(io.take(), ['r8 0xb = 0x0', 'w8 0xb = 0x2', 'r8 0xc = 0x0', 'r64 0x0 = 0x0']);
});

test('views check bounds and alignment', () => {
  const io = RecordingMmio.over(64);
  assert.throws(() => new m.TxDesc(io, 8), /tx_desc at 8: not 16-byte aligned/);
  assert.throws(() => new m.TxDesc(io, 64), /tx_desc at 64: entry of 16 bytes exceeds the 64-byte buffer/);
});

test('rings: entries by index, made once, range-checked', () => {
  const io = RecordingMmio.over(4096);
  const tx = new m.TxRing(io);
  assert.is(tx.length, m.TxRing.defaultCount);
  assert.equal(m.TxRing.registers.tail, { bar: 0, path: 'tdt', offset: 0x3818, width: 32 });
  assert.is(tx.at(3).base, 48);
  assert.is(tx.at(3), tx.at(3));
  assert.throws(() => tx.at(256), /ring tx\[256\]: index out of range \(256 entries\)/);
  assert.throws(() => new m.TxRing(RecordingMmio.over(1024)), /ring tx: 256 entries of 16 bytes from 0 exceed the 1024-byte buffer/);
  const rx = new m.RxRing(io, 8, 256);
  rx.at(7).publish({ ctl: { len: 1 } });
  assert.equal(io.take().slice(-1), ['w32 0x170 = 0x80000001']);
});

test('ring publish: the batch from the tail, one fence, the done words cleared, one fence, one doorbell write', () => {
  const io = RecordingMmio.over(8192);
  const tx = new m.TxRing(io, 256, 0, { write: (v) => io.write32(0x1ff0, v) });
  io.inner.write8(0x1c, 0x1); // dd left set in entry 1 by the device last time
  assert.is(tx.publish([{ buffer_addr: 0x1000n, length: 64, cmd: { eop: true } }, { length: 1514, cmd: 0x3 }]), 2);
  assert.equal(io.take(), [
    'w64 0x0 = 0x1000',
    'w16 0x8 = 0x40',
    'w8 0xa = 0x0',
    'w8 0xb = 0x1',
    'w8 0xd = 0x0',
    'w16 0xe = 0x0',
    'w64 0x10 = 0x0',
    'w16 0x18 = 0x5ea',
    'w8 0x1a = 0x0',
    'w8 0x1b = 0x3',
    'w8 0x1d = 0x0',
    'w16 0x1e = 0x0',
    'fence',
    'w8 0xc = 0x0',
    'w8 0x1c = 0x0',
    'fence',
    'w32 0x1ff0 = 0x2',
  ]);
  assert.equal([tx.head, tx.tail, tx.inFlight], [0, 2, 2]);
});

test('ring reap: one done read per entry from the head, stops at the first unfinished, moves the head', () => {
  const io = RecordingMmio.over(8192);
  const tx = new m.TxRing(io, 4, 0);
  tx.publish([{}, {}, {}]);
  io.take();
  io.inner.write8(0x0c, 0x1);
  io.inner.write8(0x1c, 0x1);
  assert.is(tx.reap(), 2);
  assert.equal(io.take(), ['r8 0xc = 0x1', 'r8 0x1c = 0x1', 'r8 0x2c = 0x0']);
  assert.is(tx.reap(), 0);
  assert.equal(io.take(), ['r8 0x2c = 0x0']);
  io.inner.write8(0x2c, 0x1);
  assert.is(tx.reap(1), 1);
  assert.equal(io.take(), ['r8 0x2c = 0x1']);
  assert.equal([tx.head, tx.tail, tx.inFlight], [3, 3, 0]);
  assert.is(tx.reap(), 0, 'nothing in flight: no read at all');
  assert.equal(io.take(), []);
  // Wraps around: entries 3 and 0.
  tx.publish([{ length: 1 }, { length: 2 }]);
  assert.equal(io.take().filter((a) => a.startsWith('w16 0x38 ') || a.startsWith('w16 0x8 ')), ['w16 0x38 = 0x1', 'w16 0x8 = 0x2']);
  assert.is(tx.tail, 1);
});

test('ring publish with an owner bit: owner words after the fence, forced; a batch that does not fit is refused before any access', () => {
  const io = RecordingMmio.over(4096);
  const rx = new m.RxRing(io, 2, 256);
  rx.publish([{ ctl: { len: 1 }, buf: 0xabcn }, { ctl: 5 }]);
  assert.equal(io.take(), ['w32 0x104 = 0x0', 'w64 0x108 = 0xabc', 'w32 0x114 = 0x0', 'w64 0x118 = 0x0', 'fence', 'w32 0x100 = 0x80000001', 'w32 0x110 = 0x80000005', 'fence']);
  assert.throws(() => rx.publish([{}]), /ring rx: 1 entries do not fit \(2 of 2 in flight; reap first\)/);
  assert.throws(() => rx.publish([{}], 2), /ring rx: cannot publish 2 of 1 entries/);
  assert.equal(io.take(), []);
});

test.run();
