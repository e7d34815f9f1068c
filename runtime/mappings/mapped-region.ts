// mmap of (part of) a file descriptor with a zero-copy view, and a release that can never leave a
// dangling view: the pages are replaced by anonymous memory at once (the device or file is let go), and
// the address range itself is unmapped only when the last JS view of it has been garbage collected.
// The range is guarded against SIGBUS (native/fault-guard.ts): a fault reads all ones and is reported
// to `onFault`; `lose()` switches the whole range to all-ones memory when the device is gone.
import * as libc from '../ffi/libc.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_NORESERVE, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../ffi/constants.js';
import { assertZeroCopy } from '../ffi/zero-copy.js';
import { fillOnes, guard } from '../native/fault-guard.js';

export interface MappedRegion {
  /** Address of the first requested byte (not page-aligned when the offset was not). */
  readonly address: bigint;
  /** Zero-copy bytes of exactly the requested range. */
  readonly view: Buffer;
  /** Runs on the main loop after a SIGBUS in this region was survived (offset from `address`). */
  onFault?: (offset: number) => void;
  /** Zero-filled placeholder: the normal close. */
  release(): void;
  /** All-ones placeholder (reads as a removed PCIe device does); for a device that is gone. */
  lose(): void;
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
  const region: MappedRegion = {
    address,
    view,
    release() {
      if (released) return;
      released = true;
      libc.mmap(mapLength, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0, `${what} (placeholder)`, base);
      unguard(); // after the swap: no fault can come from the range any more
      placeholders.register(view.buffer, { base, length: mapLength });
    },
    lose() {
      if (released) return;
      released = true;
      fillOnes(base, mapLength, what);
      unguard();
      placeholders.register(view.buffer, { base, length: mapLength });
    },
  };
  const unguard = guard(base, mapLength, (at) => region.onFault?.(Number(at - address)));
  return region;
}
