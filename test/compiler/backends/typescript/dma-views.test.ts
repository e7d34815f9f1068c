// The generated ring loops over an Mmio's typed arrays (Mmio.views: ViewMmio, TypedArrayMmio) against
// the same rings over a recording Mmio (no views: the core's loops through checked Mmio calls): the
// same bytes in memory, the same head/tail, the same errors; a 64-bit body word given as a number is
// two 32-bit halves through the Mmio, one 8-byte value in memory; a closed mapping is never written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordingMmio } from '../../../runtime/registers/recording-mmio.js';
import { TypedArrayMmio } from '../../../../runtime/registers/mmio.js';
import { ViewMmio } from '../../../../runtime/mappings/view-mmio.js';
import { fixture, load } from './emit.js';

type Nic = typeof import('./golden/nic.js');
const m = await load<Nic>(fixture('dma'), 'nic');

let seed = 777;
const rand = (): number => (seed = (seed * 1103515245 + 12345) >>> 0);

function txValues(k: number): Parameters<InstanceType<Nic['TxRing']>['publish']>[0][number] {
  const addr = k % 3 === 0 ? BigInt(rand()) * 0x10000n + BigInt(rand() & 0xffff) : k % 3 === 1 ? rand() * 0x200000 + (rand() & 0x1fffff) : undefined;
  return { buffer_addr: addr, length: rand() & 0xffff, cmd: { eop: (rand() & 1) === 1, rs: (rand() & 1) === 1 } };
}

test('tx ring over views: the same memory, indices and doorbell writes as over a recording Mmio', () => {
  const buf = new ArrayBuffer(4096);
  for (const fast of [new TypedArrayMmio(buf), new ViewMmio(new Uint8Array(buf), 'test DMA buffer')]) {
    new Uint8Array(buf).fill(0);
    const ref = new RecordingMmio(new TypedArrayMmio(new ArrayBuffer(4096)));
    const bells: number[][] = [[], []];
    const a = new m.TxRing(ref, 16, 0, { write: (v) => bells[0]!.push(v) });
    const b = new m.TxRing(fast, 16, 0, { write: (v) => bells[1]!.push(v) });
    assert.ok(fast.views, 'the fast Mmio has views');
    for (let round = 0; round < 20; round++) {
      const n = Math.min(1 + (rand() % 6), 16 - a.inFlight);
      const vs = Array.from({ length: n }, (_, k) => txValues(round * 7 + k));
      assert.is(b.publish(vs), a.publish(vs));
      // The "device" finishes some entries: the same done bits in both.
      for (let i = 0; i < 16; i++) if (rand() % 2 === 0) for (const io of [ref.inner, fast]) io.write8(i * 16 + 12, io.read8(i * 16 + 12) | 1);
      const max = rand() % 8;
      assert.is(b.reap(max), a.reap(max));
      assert.equal([b.head, b.tail, b.inFlight], [a.head, a.tail, a.inFlight]);
      for (let o = 0; o < 256; o += 4) assert.is(fast.read32(o), ref.inner.read32(o), `round ${round}, offset 0x${o.toString(16)}`);
    }
    assert.equal(bells[1], bells[0]);
  }
});

test('a 64-bit body word as a number: two 32-bit halves, low first, before the fence; bigints unchanged', () => {
  const io = RecordingMmio.over(4096);
  const tx = new m.TxRing(io, 4, 0);
  tx.publish([{ buffer_addr: 0x1_2345_6789_abcd, length: 1 }]);
  assert.equal(io.take().slice(0, 3), ['w32 0x0 = 0x6789abcd', 'w32 0x4 = 0x12345', 'w16 0x8 = 0x1']);
  assert.is(io.inner.read64(0), 0x1_2345_6789_abcdn);
  tx.publish([{ buffer_addr: 0x1_2345_6789_abcdn }]);
  assert.equal(io.take()[0], 'w64 0x10 = 0x123456789abcd');
  for (const bad of [-1, 2 ** 53, 1.5, NaN]) {
    assert.throws(() => tx.publish([{ buffer_addr: bad }]), new RegExp(`${String(bad)} is not a 64-bit DMA value`));
    const fast = new m.TxRing(new TypedArrayMmio(new ArrayBuffer(4096)), 4, 0);
    assert.throws(() => fast.publish([{ buffer_addr: bad }]), new RegExp(`${String(bad)} is not a 64-bit DMA value`));
  }
  assert.equal(io.take(), [], 'a refused value writes nothing');
});

test('a mapping closed while a batch reads its values: the Mmio error, no store after it', () => {
  const buf = new ArrayBuffer(4096);
  const io = new ViewMmio(new Uint8Array(buf), 'test DMA buffer');
  const tx = new m.TxRing(io, 4, 0);
  const closing = {
    get length(): number {
      io.detach();
      return 7;
    },
  };
  assert.throws(() => tx.publish([{ length: 1 }, closing as { length: number }]), /write|read8: test DMA buffer is closed/);
  const bytes = new Uint8Array(buf);
  assert.is(bytes[8], 1, 'the first entry was written before the close');
  assert.is(bytes[24], 0, 'nothing of the second');
  assert.is(tx.inFlight, 0, 'the refused batch is not in flight');
  const io2 = new ViewMmio(new Uint8Array(new ArrayBuffer(4096)), 'second buffer');
  const tx2 = new m.TxRing(io2, 4, 0);
  tx2.publish([{ length: 1 }]);
  io2.detach();
  assert.throws(() => tx2.reap(), /second buffer is closed/);
  assert.throws(() => tx2.publish([{ length: 1 }]), /second buffer is closed/);
});

test.run();
