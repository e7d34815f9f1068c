import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DmaAllocator } from '../../../runtime/device-types.js';
import { PhysicalAllocator, VirtualAllocator } from '../../../runtime/dma/allocators.js';
import { DmaPool } from '../../../runtime/dma/pool.js';
import { buildPrps } from '../../../runtime/dma/prp.js';
import { SimDma } from '../../../runtime/sim/dma.js';

const PS = 4096;
const isRoot = process.getuid?.() === 0;

/** Reads the PRP list chain the way a controller does: entries from PRP2's page, chaining at the last slot. */
function walkPrps(read64: (addr: bigint) => bigint, prp1: bigint, prp2: bigint, length: number): bigint[] {
  const first = Number(prp1 % BigInt(PS));
  const pages = Math.ceil((first + length) / PS);
  const out = [prp1];
  if (pages === 2) out.push(prp2);
  if (pages > 2) {
    let list = prp2;
    let slot = 0;
    while (out.length < pages) {
      const left = pages - out.length;
      if (slot === PS / 8 - 1 && left > 1) {
        list = read64(list + BigInt(slot * 8));
        slot = 0;
        continue;
      }
      out.push(read64(list + BigInt(slot * 8)));
      slot++;
    }
  }
  return out;
}

test('queue memory: page-aligned, zeroed, one device-contiguous buffer; pages are reused', () => {
  const dma = new VirtualAllocator();
  const pool = new DmaPool(dma);
  const q = pool.queue(64 * 64, 'admin SQ');
  assert.is(q.deviceAddress % BigInt(PS), 0n);
  assert.ok(q.bytes.every((b) => b === 0));
  q.bytes[5] = 9;
  pool.releaseQueue(q);
  assert.is(pool.pooledPages, 1);
  const again = pool.queue(100);
  assert.is(again.deviceAddress, q.deviceAddress, 'the pooled page comes back');
  assert.is(again.bytes[5], 0, 'and is zeroed again');
  const big = pool.queue(3 * PS);
  assert.ok(big.size >= 3 * PS);
  assert.throws(() => pool.releaseQueue({ ...big }), /not a live queue buffer/);
  pool.close();
  assert.throws(() => pool.queue(64), /closed/);
  assert.is(dma.liveBuffers, 0, 'close freed every buffer, pooled or handed out');
  dma.close();
});

test('data buffers: writes and reads across page boundaries land in the right pages', () => {
  const dma = new VirtualAllocator();
  const pool = new DmaPool(dma);
  const buf = pool.data(3 * PS + 100);
  assert.is(buf.pages.length, 4);
  assert.is(buf.pages[3]!.bytes.length, 100);
  const data = Uint8Array.from({ length: 2 * PS }, (_, i) => (i * 31 + 7) & 0xff);
  buf.write(PS - 10, data);
  assert.equal(buf.read(PS - 10, data.length), data);
  assert.is(buf.pages[0]!.bytes[PS - 10], data[0]);
  assert.is(buf.pages[1]!.bytes[0], data[10]);
  assert.is(buf.deviceAddressAt(PS + 8), buf.pages[1]!.deviceAddress + 8n);
  assert.throws(() => buf.write(3 * PS + 90, new Uint8Array(20)), /outside its/);
  buf.free();
  assert.throws(() => buf.free(), /already freed/);
  assert.throws(() => buf.read(0, 1), /freed/);
  pool.close();
  dma.close();
});

test('PRPs: one page → PRP2 = 0; two pages → PRP2 = second page; more → a PRP list (NVMe 1.4 4.3)', () => {
  const sim = new SimDma(0x1_0000_0000n, 'test', () => {});
  const pool = new DmaPool(sim);
  const read64 = (a: bigint): bigint => new DataView(sim.read(a, 8).buffer).getBigUint64(0, true);
  const buf = pool.data(8 * PS);

  const one = buildPrps(pool, buf, 512, 1024);
  assert.is(one.prp1, buf.deviceAddressAt(512));
  assert.is(one.prp2, 0n);
  assert.is(one.listPages.length, 0);

  const two = buildPrps(pool, buf, PS - 512, 1024);
  assert.is(two.prp2, buf.pages[1]!.deviceAddress);

  const fromZero = buildPrps(pool, buf, 0, 2 * PS);
  assert.is(fromZero.prp2, buf.pages[1]!.deviceAddress, 'exactly two pages from offset 0 need no list');

  const many = buildPrps(pool, buf, 4, 5 * PS);
  assert.is(many.listPages.length, 1);
  assert.is(many.prp2, many.listPages[0]!.deviceAddress);
  assert.is(many.prp2 % BigInt(PS), 0n);
  const walked = walkPrps(read64, many.prp1, many.prp2, 5 * PS);
  assert.equal(walked, [buf.deviceAddressAt(4), ...[1, 2, 3, 4, 5].map((i) => buf.pages[i]!.deviceAddress)]);
  const pooled = pool.pooledPages;
  many.release();
  many.release();
  assert.is(pool.pooledPages, pooled + 1, 'the list page goes back once');
  assert.throws(() => buildPrps(pool, buf, 2, 8), /dword-aligned/);
  assert.throws(() => buildPrps(pool, buf, 0, 8 * PS + 4), /outside/);
  pool.close();
});

test('PRP lists chain: a transfer needing more than 511 entries links list pages at the last slot', () => {
  const sim = new SimDma(0x1_0000_0000n, 'test', () => {});
  const pool = new DmaPool(sim);
  const read64 = (a: bigint): bigint => new DataView(sim.read(a, 8).buffer).getBigUint64(0, true);
  for (const pages of [512, 513, 1100]) {
    const buf = pool.data(pages * PS);
    const prps = buildPrps(pool, buf, 0, pages * PS);
    // pages - 1 entries: 512 per page when they fit, else 511 + a chain pointer.
    const expectedLists = pages - 1 <= 512 ? 1 : 1 + Math.ceil((pages - 1 - 511) / 511);
    assert.is(prps.listPages.length, expectedLists, `${pages} pages`);
    const walked = walkPrps(read64, prps.prp1, prps.prp2, pages * PS);
    assert.equal(walked, buf.pages.map((p) => p.deviceAddress), `${pages} pages: every page once, in order`);
    prps.release();
    buf.free();
  }
  pool.close();
});

test('without an IOMMU (physical addresses): data buffers are built page by page, queues stay within a page', () => {
  // A physical allocator (root: real pagemap addresses) or, as another user, a stand-in with the same mode.
  const base = isRoot ? new PhysicalAllocator('test: physical addresses from /proc/self/pagemap') : new VirtualAllocator();
  const dma: DmaAllocator = isRoot ? base : { addressMode: 'physical', reason: 'stand-in', alloc: (s, o) => base.alloc(s, o) };
  const pool = new DmaPool(dma);
  assert.is(pool.contiguousAcrossPages, false);
  const buf = pool.data(3 * PS);
  assert.is(buf.pages.length, 3);
  for (const p of buf.pages) assert.is(p.deviceAddress % BigInt(PS), 0n);
  if (isRoot) assert.ok(buf.pages.every((p) => p.deviceAddress !== 0n));
  buf.write(PS - 2, Uint8Array.of(1, 2, 3, 4));
  assert.equal([...buf.read(PS - 2, 4)], [1, 2, 3, 4]);
  assert.throws(() => pool.queue(2 * PS, 'I/O SQ'), /without an IOMMU.*at most 4096 bytes/);
  pool.close();
  (base as VirtualAllocator | PhysicalAllocator).close();
});

test('pool rejects a page size that is not a power of two ≥ 4096', () => {
  assert.throws(() => new DmaPool(new VirtualAllocator(), { pageSize: 2048 }), /power of two ≥ 4096/);
  assert.throws(() => new DmaPool(new VirtualAllocator(), { pageSize: 12288 }), /power of two/);
});

test.run();
