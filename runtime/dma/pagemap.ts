// Physical addresses from /proc/self/pagemap: one 64-bit entry per virtual page, bit 63 = present,
// bits 0–54 = page frame number. Without CAP_SYS_ADMIN the kernel reports PFN 0, so that is an error.
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { fromNodeError } from '../ffi/sys-error.js';

const PRESENT = 1n << 63n;
const PFN_MASK = (1n << 55n) - 1n;
const NEED_ROOT =
  'physical DMA addresses need root (CAP_SYS_ADMIN). Run as root, or use VFIO with an IOMMU, where device addresses are IOVAs and root is not needed';

/** Page frame numbers of the `pages` pages starting at the page holding `vaddr`. */
export function readPfns(vaddr: bigint, pages: number, pageSize: number, procRoot = '/proc'): bigint[] {
  const file = path.join(procRoot, 'self/pagemap');
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    // A process that dropped root (setuid) may not even open its own pagemap: same cause as PFN 0.
    const denied = (error as NodeJS.ErrnoException).code === 'EACCES' || (error as NodeJS.ErrnoException).code === 'EPERM';
    throw fromNodeError(error, 'open', file, denied ? NEED_ROOT : undefined);
  }
  try {
    const b = Buffer.alloc(8 * pages);
    const at = Number(vaddr / BigInt(pageSize)) * 8;
    let n: number;
    try {
      n = readSync(fd, b, 0, b.length, at);
    } catch (error) {
      throw fromNodeError(error, 'pread', file);
    }
    if (n !== b.length) throw new Error(`pread ${file}: short read (${n} of ${b.length} bytes) for address 0x${vaddr.toString(16)}`);
    return Array.from({ length: pages }, (_, i) => {
      const e = b.readBigUInt64LE(8 * i);
      if ((e & PRESENT) === 0n) throw new Error(`${file}: page at 0x${(vaddr + BigInt(i * pageSize)).toString(16)} is not present (the buffer must be populated and locked first)`);
      const pfn = e & PFN_MASK;
      if (pfn === 0n) {
        throw new Error(`${file} hides physical addresses from this process (PFN 0): ${NEED_ROOT}`);
      }
      return pfn;
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * The physical address of [vaddr, vaddr + size), which must be physically contiguous: without an IOMMU
 * the device sees physical memory, so a buffer that crosses non-adjacent frames cannot be one DMA target.
 */
export function physicalAddress(vaddr: bigint, size: number, pageSize: number, procRoot?: string): bigint {
  const page = BigInt(pageSize);
  const first = vaddr / page;
  const last = (vaddr + BigInt(size) - 1n) / page;
  const pfns = readPfns(first * page, Number(last - first) + 1, pageSize, procRoot);
  for (let i = 1; i < pfns.length; i++) {
    if (pfns[i] !== pfns[0]! + BigInt(i)) {
      throw new Error(
        `a ${size}-byte DMA buffer spans physically non-contiguous pages (page ${i} is frame 0x${pfns[i]!.toString(16)}, expected 0x${(pfns[0]! + BigInt(i)).toString(16)}). ` +
          `Without an IOMMU a buffer is contiguous only within one ${pageSize}-byte page: allocate ≤ ${pageSize} bytes per buffer, or reserve hugepages ` +
          '(`echo 64 > /proc/sys/vm/nr_hugepages`) and allocate with { hugepage: true }',
      );
    }
  }
  return pfns[0]! * page + (vaddr % page);
}
