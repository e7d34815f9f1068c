// The packet buffer pool (runtime/dma/packet-pool.ts) over real memfd-backed DMA memory (the virtual
// allocator: pinned memfd pages, device address = virtual address), and its state block inside a wasm
// device window, popped and pushed by a WebAssembly module as well as by TypeScript.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import binaryen from 'binaryen';
import { VirtualAllocator } from '../../../runtime/dma/allocators.js';
import { PacketPool } from '../../../runtime/dma/packet-pool.js';
import type { DmaAllocator } from '../../../runtime/device-types.js';
import { createDeviceWindow } from '../../../runtime/window/index.js';

test('every buffer has its own device address and zero-copy bytes in the DMA memory', () => {
  const dma = new VirtualAllocator();
  const pool = new PacketPool(dma, { count: 64, bufferSize: 2048 });
  assert.is(pool.free, 64);
  assert.is(dma.liveBuffers, 1, 'with an IOMMU-like allocator the pool is one allocation');
  const seen = new Set<bigint>();
  for (let i = 0; i < 64; i++) {
    assert.is(pool.buffers[i]!.byteLength, 2048);
    assert.is(pool.addresses[i], pool.addresses[0]! + BigInt(i * 2048), `buffer ${i} address`);
    assert.is(pool.stateAddresses[i], pool.addresses[i], 'the state block holds the same address');
    seen.add(pool.addresses[i]!);
  }
  assert.is(seen.size, 64);
  // The bytes are the DMA memory: buffer 3's first byte is 3 × 2048 bytes into buffer 0's chunk.
  pool.buffers[3]![0] = 0xab;
  const whole = new Uint8Array(pool.buffers[0]!.buffer, pool.buffers[0]!.byteOffset, 64 * 2048);
  assert.is(whole[3 * 2048], 0xab);
  assert.is(pool.addresses[0]! % 4096n, 0n, 'page-aligned');
  pool.close();
  assert.is(dma.liveBuffers, 0, 'close frees the DMA memory');
  pool.close();
});

test('batches: allocate, run dry, free, and refuse double and foreign frees without moving anything', () => {
  const pool = new PacketPool(new VirtualAllocator(), { count: 64 });
  const ids = new Uint32Array(80);
  assert.is(pool.allocBatch(ids, 40), 40);
  assert.equal([...ids.subarray(0, 4)], [0, 1, 2, 3], 'first pops are 0, 1, 2 …');
  assert.is(pool.allocBatch(ids, 30, 40), 24, 'only 24 left');
  assert.is(pool.free, 0);
  assert.is(pool.alloc(), -1);
  const all = new Set(ids.subarray(0, 64));
  assert.is(all.size, 64, 'no id handed out twice');
  pool.releaseBatch(ids, 10);
  assert.is(pool.free, 10);
  assert.throws(() => pool.releaseBatch(ids, 11), /buffer \d+ is not allocated \(freed twice\?\)/);
  assert.is(pool.free, 10, 'a batch with a bad id frees none of it');
  assert.throws(() => pool.releaseBatch(Uint32Array.of(20, 20), 2), /freed twice/, 'a duplicate inside one batch');
  assert.ok(pool.isAllocated(20), 'and leaves the id allocated');
  assert.throws(() => pool.release(64), /not one of its 64 buffers/);
  pool.release(20);
  assert.ok(!pool.isAllocated(20));
  assert.is(pool.alloc(), 20, 'a freed buffer is the next one out (LIFO keeps it warm in cache)');
  assert.throws(() => pool.allocBatch(ids, 81), /cannot take 81 ids/);
  pool.close();
  assert.throws(() => pool.allocBatch(ids, 1), /packet pool: is closed/);
});

test('bad options get clear errors', () => {
  const dma = new VirtualAllocator();
  assert.throws(() => new PacketPool(dma, { count: 0 }), /buffer count must be an integer in 1\.\./);
  assert.throws(() => new PacketPool(dma, { count: 8, bufferSize: 3000 }), /power of two from 64 to 4096, got 3000/);
  assert.throws(() => new PacketPool(dma, { count: 8, state: { buffer: new ArrayBuffer(16), offset: 0 } }), /state block needs 120 bytes/);
  assert.is(dma.liveBuffers, 0);
});

test('without an IOMMU the pool is allocated page by page, so no buffer straddles two frames', () => {
  const inner = new VirtualAllocator();
  const physical: DmaAllocator = { addressMode: 'physical', reason: 'test: no IOMMU', alloc: (size, o) => inner.alloc(size, o) };
  const pool = new PacketPool(physical, { count: 5, bufferSize: 2048 });
  assert.is(inner.liveBuffers, 3, 'two buffers per 4 KiB page, the last page half used');
  for (let i = 0; i < 5; i++) assert.is(pool.addresses[i]! % 4096n, BigInt((i % 2) * 2048), `buffer ${i} sits inside one page`);
  pool.close();
  assert.is(inner.liveBuffers, 0);
});

test('the free stack in a wasm window: a WebAssembly module and TypeScript share one top counter', async () => {
  const window = createDeviceWindow({ pages: 4 });
  const count = 16;
  const region = window.reserveScratch(PacketPool.stateBytes(count), 8);
  const pool = new PacketPool(new VirtualAllocator(), { count, state: { buffer: window.buffer, offset: region.offset } });
  // pop(state) / push(state, id) / addrLo(state, id) over the documented state layout (PacketPool.stateLayout).
  const wat = `(module
    (import "env" "memory" (memory 4 4))
    (func (export "pop") (param $s i32) (result i32) (local $top i32)
      (local.set $top (i32.load (local.get $s)))
      (if (i32.eqz (local.get $top)) (then (return (i32.const -1))))
      (local.set $top (i32.sub (local.get $top) (i32.const 1)))
      (i32.store (local.get $s) (local.get $top))
      (i32.load (i32.add (i32.add (local.get $s) (i32.add (i32.const 16) (i32.mul (i32.load offset=4 (local.get $s)) (i32.const 8))))
                         (i32.mul (local.get $top) (i32.const 4)))))
    (func (export "push") (param $s i32) (param $id i32) (local $top i32)
      (local.set $top (i32.load (local.get $s)))
      (i32.store (i32.add (i32.add (local.get $s) (i32.add (i32.const 16) (i32.mul (i32.load offset=4 (local.get $s)) (i32.const 8))))
                          (i32.mul (local.get $top) (i32.const 4))) (local.get $id))
      (i32.store (local.get $s) (i32.add (local.get $top) (i32.const 1))))
    (func (export "address") (param $s i32) (param $id i32) (result i64)
      (i64.load offset=16 (i32.add (local.get $s) (i32.mul (local.get $id) (i32.const 8))))))`;
  const mod = binaryen.parseText(wat);
  const bytes = mod.emitBinary();
  mod.dispose();
  const { instance } = await WebAssembly.instantiate(bytes as Uint8Array<ArrayBuffer>, { env: { memory: window.memory } });
  const wasm = instance.exports as { pop(s: number): number; push(s: number, id: number): void; address(s: number, id: number): bigint };
  const s = region.offset;
  assert.is(wasm.pop(s), 0, 'wasm pops the same first id TS would');
  assert.is(pool.free, count - 1, 'TS sees the pop');
  assert.is(wasm.address(s, 5), pool.addresses[5], 'wasm reads the device address table');
  const ids = new Uint32Array(4);
  assert.is(pool.allocBatch(ids, 4), 4);
  assert.equal([...ids], [1, 2, 3, 4], 'TS continues where wasm left off');
  wasm.push(s, 3);
  assert.is(pool.free, count - 4, 'one came back through wasm');
  assert.is(pool.alloc(), 3, 'and is the next TS pop');
  for (let i = 0; i < count; i++) if (wasm.pop(s) < 0) break;
  assert.is(pool.free, 0);
  assert.is(wasm.pop(s), -1, 'an empty stack pops -1 in wasm too');
  pool.close();
});

test.run();
