// Register arrays and block instances (addresses from count/stride, stored lazily), paths, access-width
// and alignment errors that name the register, raw BARs, and DMA buffers with sim addresses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSimDevice } from '../../../runtime/sim/index.js';
import { bar, block, blockType, device, field, reg } from './ir-builder.js';

function queues() {
  // q[4] @ 0x1000 stride 0x100 : queue { ctrl @0; inner @0x10 { status @4 } ; data[8] @0x40 stride 8 }
  const inner = blockType('queue_inner', 8, [reg('status', 4, 32, [field('ready', 0, 1, 'ro', 1)])]);
  const queue = blockType('queue', 0x80, [
    reg('ctrl', 0, 32, 'rw', { reset: 0x11 }),
    block('inner', 0x10, 'queue_inner'),
    reg('data', 0x40, 32, 'rw', { count: 8, stride: 8 }),
  ]);
  const big = reg('mta', 0x100000, 32, 'rw', { count: 1_000_000, stride: 4 });
  return device('dev', [bar(0, 'regs', 8 << 20, [reg('id', 0, 32, 'ro', { reset: 0x1234 }), block('q', 0x1000, 'queue', 4, 0x100), big]), bar(2, 'shm', 1 << 30, null)], {
    blockTypes: [inner, queue],
  });
}

test('block arrays, nested blocks and register arrays: offsets computed, reset per element', () => {
  const sim = createSimDevice(queues());
  const io = sim.bar(0);
  assert.is(io.read32(0x1000 + 3 * 0x100), 0x11, 'q[3].ctrl reset');
  io.write32(0x1000 + 2 * 0x100, 0xabc);
  assert.is(io.read32(0x1200), 0xabc);
  assert.is(io.read32(0x1100), 0x11, 'other elements untouched');
  assert.is(io.read32(0x1000 + 0x100 + 0x10 + 4), 1, 'q[1].inner.status');
  io.write32(0x1000 + 0x300 + 0x40 + 7 * 8, 77);
  assert.is(sim.peek('q[3].data[7]'), 77n);
  assert.is(sim.registerAt(0, 0x1378)?.path, 'q[3].data[7]');
  assert.is(sim.registerAt(0, 0x1378)?.genericPath, 'q.data');
  sim.close();
});

test('interleaved arrays (ral[16] @0x5400 stride 8, rah[16] @0x5404 stride 8) resolve to the right element', () => {
  const sim = createSimDevice(device('nic', [bar(0, 'regs', 0x10000, [reg('ral', 0x5400, 32, 'rw', { count: 16, stride: 8 }), reg('rah', 0x5404, 32, 'rw', { count: 16, stride: 8 })])]));
  const io = sim.bar(0);
  for (let i = 0; i < 16; i++) {
    io.write32(0x5400 + i * 8, 0x1000 + i);
    io.write32(0x5404 + i * 8, 0x2000 + i);
  }
  assert.is(sim.peek('ral[1]'), 0x1001n);
  assert.is(sim.peek('rah[15]'), 0x200fn);
  assert.is(sim.registerAt(0, 0x5408)?.path, 'ral[1]');
  assert.throws(() => io.read32(0x5480), /no register there/);
  sim.close();
});

test('a million-element array is never expanded: only touched registers are stored', () => {
  const sim = createSimDevice(queues());
  const io = sim.bar(0);
  io.write32(0x100000 + 999_999 * 4, 0xfeed);
  assert.is(io.read32(0x100000 + 999_999 * 4), 0xfeed);
  assert.is(io.read32(0x100000 + 500_000 * 4), 0);
  assert.is(sim.peek('mta[999999]'), 0xfeedn);
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 1000; i++) io.read32(0x100000 + i * 997 * 4);
  assert.ok(process.memoryUsage().heapUsed - before < 20 << 20, 'reads do not allocate per element of the array');
  sim.close();
});

test('hooks by generic path see every element; by indexed path one element', () => {
  const sim = createSimDevice(queues());
  const all: string[] = [];
  const one: string[] = [];
  sim.onWrite('q.ctrl', (c) => all.push(c.path));
  sim.onWrite('regs.q[2].ctrl', (c) => one.push(c.path));
  const io = sim.bar(0);
  for (let i = 0; i < 4; i++) io.write32(0x1000 + i * 0x100, i);
  assert.equal(all, ['q[0].ctrl', 'q[1].ctrl', 'q[2].ctrl', 'q[3].ctrl']);
  assert.equal(one, ['q[2].ctrl']);
  sim.close();
});

test('width and alignment mismatches throw errors naming the register', () => {
  const sim = createSimDevice(queues());
  const io = sim.bar(0);
  assert.throws(() => io.read8(0), /8-bit read at 0x0 hits register 'id' \(0x0\.\.0x3, 32-bit\); access it as one 32-bit read at 0x0/);
  assert.throws(() => io.read32(2), /read at 0x2 hits register 'id'/);
  assert.throws(() => io.write16(0x1202, 1), /16-bit write at 0x1202 hits register 'q\[2\]\.ctrl'/);
  assert.throws(() => io.read64(0x1000), /64-bit read at 0x1000 hits register 'q\[0\]\.ctrl'/);
  assert.throws(() => io.read32(0x1044), /read at 0x1044: no register there/, 'gap between array elements');
  assert.throws(() => io.read32(0x800), /no register there/);
  assert.throws(() => io.read32(8 << 20), /outside the 0x800000-byte BAR/);
  assert.throws(() => sim.bar(1), /BAR 1 is not declared in the spec \(declared: 0, 2\)/);
  assert.throws(() => sim.poke('q.ctrl', 1), /needs one register: give every array index/);
  assert.throws(() => sim.peek('q[4].ctrl'), /index 4 out of range for 'q'.*count 4/);
  assert.throws(() => sim.onRead('nope', () => {}), /no register or block 'nope' in BAR 0 \(regs\)/);
  assert.throws(() => sim.peek('q[1].inner'), /names a block, not a register/);
  sim.close();
});

test('raw BAR: plain memory of every width, lazily paged, zero until written, alignment checked', () => {
  const sim = createSimDevice(queues());
  const shm = sim.bar(2);
  assert.is(shm.size, 1 << 30);
  assert.is(shm.read32((1 << 30) - 4), 0);
  shm.write64(0x3ff8, 0x0102030405060708n);
  assert.is(shm.read32(0x3ff8), 0x05060708);
  assert.is(shm.read16(0x3ffe), 0x0102);
  assert.is(shm.read8(0x3ffb), 0x05);
  shm.write8(0x3fff, 0xaa);
  assert.is(shm.read64(0x3ff8), 0xaa02030405060708n);
  assert.throws(() => shm.read32(2), /read32 at 0x2 is not 4-byte aligned/);
  assert.throws(() => shm.write32(1 << 30, 0), /outside the 0x40000000-byte BAR/);
  sim.close();
});

test('DMA: sim addresses resolve to the buffer; faults outside live buffers; free twice is an error', () => {
  const sim = createSimDevice(queues(), { dmaBase: 0x2000_0000n });
  assert.is(sim.dma.addressMode, 'sim');
  const a = sim.dma.alloc(100);
  const b = sim.dma.alloc(8192, { align: 65536 });
  assert.is(a.deviceAddress, 0x2000_0000n);
  assert.is(b.deviceAddress % 65536n, 0n);
  a.bytes.set([1, 2, 3], 10);
  assert.equal([...sim.dmaRead(a.deviceAddress + 10n, 3)], [1, 2, 3]);
  sim.dmaWrite(b.deviceAddress + 8188n, new Uint8Array([9, 8, 7, 6]));
  assert.is(b.mmio.read32(8188), 0x06070809);
  assert.throws(() => sim.dmaRead(a.deviceAddress + 98n, 4), /DMA fault: read of 4 bytes at device address 0x20000062 is not inside a live DMA buffer/);
  a.free();
  assert.throws(() => sim.dmaRead(a.deviceAddress, 1), /DMA fault/);
  assert.throws(() => a.free(), /freed twice/);
  assert.throws(() => sim.dma.alloc(0), /positive integer/);
  sim.close();
});

test('close: use after close and double close are clear errors', () => {
  const sim = createSimDevice(queues());
  const io = sim.bar(0);
  sim.close();
  assert.ok(sim.closed);
  assert.throws(() => io.read32(0), /device is closed/);
  assert.throws(() => sim.bar(0), /device is closed/);
  assert.throws(() => sim.bar(2).read8(0), /device is closed/);
  assert.throws(() => sim.close(), /closed twice/);
});

test.run();
