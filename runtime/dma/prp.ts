// Physical Region Page entries for a transfer (NVMe 1.4 section 4.3 "Physical Region Page Entry and
// List"): PRP1 is the address of the first byte (any dword-aligned offset into its page); PRP2 is
// unused (0) when the transfer stays in PRP1's page, the second page's address when it ends in the
// next page, and otherwise the address of a PRP list: 8-byte page addresses (offset 0), where the last
// entry of a full list page points to the next list page (figure 86/87).
import type { DmaBuffer } from '../device-types.js';
import type { DmaDataBuffer, DmaPool } from './pool.js';

export interface Prps {
  readonly prp1: bigint;
  readonly prp2: bigint;
  /** The PRP list pages (empty for ≤ 2 pages); give them back with release() after completion. */
  readonly listPages: readonly DmaBuffer[];
  /** Returns the list pages to the pool (idempotent). */
  release(): void;
}

/** PRPs for `length` bytes of `buffer` starting at `offset` (dword-aligned, as section 4.3 requires). */
export function buildPrps(pool: DmaPool, buffer: DmaDataBuffer, offset: number, length: number): Prps {
  if (buffer.pageSize !== pool.pageSize) throw new RangeError(`PRP: buffer page size ${buffer.pageSize} differs from the pool's ${pool.pageSize}`);
  if (!Number.isInteger(length) || length <= 0) throw new RangeError(`PRP: transfer length must be a positive integer, got ${length}`);
  if (offset % 4 !== 0) throw new RangeError(`PRP: offset ${offset} is not dword-aligned (NVMe 1.4 section 4.3: PRP1's low 2 bits are 0)`);
  const ps = pool.pageSize;
  const prp1 = buffer.deviceAddressAt(offset);
  buffer.deviceAddressAt(offset + length - 1); // bounds check of the last byte
  const firstPage = Math.floor(offset / ps);
  const lastPage = Math.floor((offset + length - 1) / ps);
  const pages = lastPage - firstPage + 1;
  const addressOf = (i: number): bigint => buffer.pages[firstPage + i]!.deviceAddress;
  const none = { listPages: [], release: () => {} };
  if (pages === 1) return { prp1, prp2: 0n, ...none };
  if (pages === 2) return { prp1, prp2: addressOf(1), ...none };

  // Entries for pages 1..pages-1; each list page holds ps/8 entries, the last one chaining on when more follow.
  const perPage = ps / 8;
  const list: DmaBuffer[] = [];
  let next = 1;
  try {
    let page = pool.page();
    list.push(page);
    for (;;) {
      const remaining = pages - next;
      if (remaining <= perPage) {
        for (let e = 0; e < remaining; e++) page.mmio.write64(e * 8, addressOf(next++));
        break;
      }
      for (let e = 0; e < perPage - 1; e++) page.mmio.write64(e * 8, addressOf(next++));
      const chained = pool.page();
      list.push(chained);
      page.mmio.write64((perPage - 1) * 8, chained.deviceAddress);
      page = chained;
    }
  } catch (error) {
    list.forEach((p) => pool.releaseQueue(p));
    throw error;
  }
  let released = false;
  return {
    prp1,
    prp2: list[0]!.deviceAddress,
    listPages: list,
    release(): void {
      if (released) return;
      released = true;
      list.forEach((p) => pool.releaseQueue(p));
    },
  };
}
