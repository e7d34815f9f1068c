// mmap of (part of) a file descriptor with a zero-copy view, and a release that can never leave a
// dangling view: the pages are replaced by anonymous memory at once (the device or file is let go), and
// the address range itself is unmapped only when the last JS view of it has been garbage collected.
import * as libc from '../ffi/libc.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_NORESERVE, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../ffi/constants.js';
import { assertZeroCopy } from '../ffi/zero-copy.js';

export interface MappedRegion {
  /** Address of the first requested byte (not page-aligned when the offset was not). */
  readonly address: bigint;
  /** Zero-copy bytes of exactly the requested range. */
  readonly view: Buffer;
  release(): void;
}

const placeholders = new FinalizationRegistry<{ base: bigint; length: number }>(({ base, length }) => {
  try {
    libc.munmap(base, length);
  } catch {
    // Nothing to report to at GC time; the range stays reserved, which is harmless.
  }
});

/** Maps `length` bytes of `fd` from byte `offset` (any alignment); `what` names the file in errors. */
export function mapRegion(fd: number, offset: number, length: number, what: string, flags = MAP_SHARED): MappedRegion {
  assertZeroCopy();
  const page = libc.pageSize();
  const delta = offset % page;
  const mapLength = Math.ceil((delta + length) / page) * page;
  const base = libc.mmap(mapLength, PROT_READ | PROT_WRITE, flags, fd, offset - delta, what);
  const address = base + BigInt(delta);
  const view = libc.viewOf(address, length);
  let released = false;
  return {
    address,
    view,
    release() {
      if (released) return;
      released = true;
      libc.mmap(mapLength, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0, `${what} (placeholder)`, base);
      placeholders.register(view.buffer, { base, length: mapLength });
    },
  };
}
