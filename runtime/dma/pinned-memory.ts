// Memory a device may DMA into: a memfd (hugetlb-backed when asked for and available), mapped shared,
// populated and mlock'd so its pages neither move nor get swapped while the device holds their address.
import * as libc from '../ffi/libc.js';
import { MAP_POPULATE, MAP_SHARED, MFD_CLOEXEC, MFD_HUGETLB } from '../ffi/constants.js';
import { SysError } from '../ffi/sys-error.js';
import { mapRegion, type MappedRegion } from '../mappings/mapped-region.js';
import { checkPinnable, pinFacts } from './pinnable.js';

export const HUGEPAGE_SIZE = 2 * 1024 * 1024;

export interface PinnedMemory {
  readonly address: bigint;
  /** Bytes actually mapped (the request rounded up to the page size in use). */
  readonly length: number;
  readonly view: Buffer;
  readonly hugepage: boolean;
  /** Why it is not hugepage-backed, when the caller asked for hugepages. */
  readonly note: string | undefined;
  release(): void;
}

/** memfd → ftruncate → mmap(MAP_POPULATE); the fd is closed either way (the mapping keeps the memory). */
function mapMemfd(name: string, flags: number, length: number): MappedRegion {
  const fd = libc.memfdCreate(name, MFD_CLOEXEC | flags);
  try {
    libc.ftruncate(fd, length, name);
    return mapRegion(fd, 0, length, name, MAP_SHARED | MAP_POPULATE);
  } finally {
    libc.close(fd, name);
  }
}

export function allocPinned(size: number, options: { readonly hugepage?: boolean } = {}): PinnedMemory {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`DMA buffer size must be a positive integer, got ${size}`);
  // Before any page is populated: MAP_POPULATE faults in the whole buffer before mlock can refuse it.
  const facts = pinFacts();
  let region: MappedRegion | undefined;
  let length = 0;
  let note: string | undefined;
  if (options.hugepage) {
    length = roundUp(size, HUGEPAGE_SIZE);
    // Hugepages come from their own reserved pool, not MemAvailable; only the memlock limit applies.
    checkPinnable(length, { ...facts, available: undefined });
    try {
      region = mapMemfd('regmill-dma-hugetlb', MFD_HUGETLB, length);
    } catch (error) {
      note = `no hugepage available (${error instanceof SysError ? `${error.syscall}: ${error.code}` : String(error)}): reserve some with \`echo 64 > /proc/sys/vm/nr_hugepages\`; using ${libc.pageSize()}-byte pages`;
    }
  }
  const hugepage = region !== undefined;
  if (!region) {
    length = roundUp(size, libc.pageSize());
    checkPinnable(length, facts);
    region = mapMemfd('regmill-dma', 0, length);
  }
  const r = region;
  try {
    libc.mlock(r.address, length, `DMA buffer of ${length} bytes`);
  } catch (error) {
    r.release();
    throw error;
  }
  let released = false;
  return {
    address: r.address,
    length,
    view: r.view,
    hugepage,
    note,
    release() {
      if (released) return;
      released = true;
      try {
        libc.munlock(r.address, length);
      } finally {
        r.release();
      }
    },
  };
}

export function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
