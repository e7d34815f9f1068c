// One mapped BAR (or file standing in for one), whatever its source.
import type { Mmio } from '../registers/mmio.js';

export interface Mapping {
  /** What is mapped, for descriptions and errors, e.g. "/dev/uio0 map 0" or "0000:00:04.0 resource0". */
  readonly label: string;
  /** Bytes mapped: always the size the caller declared (the spec's BAR size). */
  readonly size: number;
  /** Width-exact, bounds-checked access; throws after close. */
  readonly mmio: Mmio;
  /** Zero-copy bytes (payload data only, never registers: bulk copies use arbitrary widths). */
  readonly bytes: Uint8Array;
  readonly closed: boolean;
  /**
   * The fd and file offset the whole BAR is mmap()ed from, valid while the mapping is open, so the BAR
   * can be mapped a second time (into a wasm device window). Undefined when it is not one mmap (a sparse
   * VFIO region, pread/pwrite access).
   */
  readonly source?: { readonly fd: number; readonly offset: number };
  /** Unmaps and closes the fd. A second close throws. */
  close(): void;
  /**
   * Set by the device: runs on the main loop after an access at `offset` raised SIGBUS and was survived
   * (the access read all ones; needs the sigbus addon).
   */
  onFault?: (offset: number) => void;
  /**
   * The device is gone: the memory becomes all ones (as a removed PCIe device reads), every later Mmio
   * access throws an ENODEV error carrying `reason`, and the fd is released. Then closed; idempotent.
   */
  lose(reason: string): void;
}

/** The error for a declared BAR size that does not fit what the source offers. */
export function sizeMismatch(label: string, bar: number, declared: number, actual: number, note = ''): Error {
  return new RangeError(
    `BAR ${bar}: the spec declares ${declared} bytes (0x${declared.toString(16)}) but ${label} has ${actual} bytes (0x${actual.toString(16)})${note}`,
  );
}

export function closedTwice(label: string): Error {
  return new Error(`${label} is already closed (close() was called twice)`);
}
