// DmaAllocator.adopt: memory the caller owns (here a region of a wasm device window) made device-visible,
// pinned with mlock while adopted; on the virtual allocator the device address is the virtual address.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualAllocator } from '../../../runtime/dma/allocators.js';
import { createDeviceWindow } from '../../../runtime/window/index.js';
import { SimDma } from '../../../runtime/sim/dma.js';

test('adopting window pages: device address, width-exact access on the window bytes, free and double free', () => {
  const window = createDeviceWindow({ pages: 4 });
  const r = window.reserveScratch(8192);
  const bytes = new Uint8Array(window.buffer, r.offset, r.size);
  const dma = new VirtualAllocator();
  const b = dma.adopt(window.base + BigInt(r.offset), bytes, 'test ring');
  assert.is(b.deviceAddress, window.base + BigInt(r.offset));
  assert.is(b.size, 8192);
  b.mmio.write32(4096, 0xcafef00d);
  assert.is(new Uint32Array(window.buffer, r.offset + 4096, 1)[0], 0xcafef00d, 'the window sees the write');
  b.free();
  assert.throws(() => b.free(), /test ring at device address 0x[0-9a-f]+ was already freed/);
  assert.throws(() => b.mmio.read32(0), /closed|detached|freed/);
  assert.throws(() => dma.adopt(window.base + BigInt(r.offset) + 8n, bytes.subarray(8, 4104), 'odd'), /DMA adopt\(odd\): 4096 bytes at 0x[0-9a-f]+ are not whole \d+-byte pages/);
  const again = dma.adopt(window.base + BigInt(r.offset), bytes, 'again');
  dma.close();
  assert.throws(() => again.free(), /already freed/, 'closing the allocator released the adopted buffer');
  assert.throws(() => dma.adopt(window.base + BigInt(r.offset), bytes, 'late'), /the device is closed/);
  window.close();
});

test('the sim DMA resolves adopted bytes like its own buffers', () => {
  const dma = new SimDma(0x1_0000_0000n, 'sim', () => {});
  const bytes = new Uint8Array(4096);
  const b = dma.adopt(0n, bytes, 'ring');
  dma.write(b.deviceAddress + 16n, Uint8Array.of(1, 2, 3));
  assert.equal([...bytes.subarray(16, 19)], [1, 2, 3]);
  assert.equal([...dma.read(b.deviceAddress + 17n, 2)], [2, 3]);
  assert.is(dma.liveBuffers, 1);
  b.free();
  assert.is(dma.liveBuffers, 0);
  assert.throws(() => dma.read(b.deviceAddress, 1), /DMA fault/);
});

test.run();
