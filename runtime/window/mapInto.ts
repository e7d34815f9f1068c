// Places a file's pages (a BAR, a DMA buffer) inside a device window with mmap(MAP_SHARED|MAP_FIXED)
// and proves the placement before anyone uses it. Detaching maps anonymous memory over the range:
// never munmap inside a live wasm Memory (its reservation must stay whole).
import { fstatSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import { DeviceWindow, RESERVED_BYTES, alignUp, type WindowRegion } from './deviceWindow.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../ffi/constants.js';
import { mmap } from '../ffi/libc.js';

export const HOST_PAGE = 4096;

/**
 * How to prove the mapping aliases the fd:
 * - 'probe': flip a word through the window, see it with a fresh pread of the fd, restore it. Only for
 *   memory (DMA buffers, memfd, plain files): on a BAR that write would reach a register.
 * - 'maps': /proc/self/maps shows a shared mapping of the fd's inode at exactly that address. Touches
 *   no device memory; the right check for BARs (UIO, VFIO, sysfs resourceN).
 */
export type VerifyMode = 'probe' | 'maps';

export interface MapOptions {
  /** Byte offset within the fd (page-aligned; for VFIO the region offset). Default 0. */
  readonly fileOffset?: number;
  /** Name for errors, e.g. "BAR 0 of 0000:00:04.0". Default: the fd's path. */
  readonly what?: string;
  /** Default: 'maps' for /dev and /sys files, 'probe' otherwise. */
  readonly verify?: VerifyMode;
}

export class WindowMapping implements WindowRegion {
  private attached = true;
  constructor(
    readonly window: DeviceWindow,
    readonly offset: number,
    readonly size: number,
    readonly fd: number,
    readonly what: string,
  ) {}

  get isAttached(): boolean {
    return this.attached;
  }

  /** Replaces the range with private anonymous memory; the fd's pages are no longer reachable. */
  detach(): void {
    if (!this.attached) throw new Error(`device window: ${this.what} at offset 0x${this.offset.toString(16)} is already detached`);
    const addr = this.window.base + BigInt(this.offset);
    mmap(alignUp(this.size, HOST_PAGE), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, `${this.what} (detach)`, addr);
    const i = this.window.regions.indexOf(this);
    if (i >= 0) this.window.regions.splice(i, 1);
    this.attached = false;
  }
}

function fdPath(fd: number): string {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return `fd ${fd}`;
  }
}

function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

/** Maps `size` bytes of `fd` at window offset `offset` (page-aligned; see DeviceWindow.place). */
export function mapInto(window: DeviceWindow, fd: number, offset: number, size: number, options: MapOptions = {}): WindowMapping {
  const path = fdPath(fd);
  const what = options.what ?? path;
  const fileOffset = options.fileOffset ?? 0;
  if (window.closed) throw new Error(`device window: cannot map ${what}: the window is closed`);
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`device window: cannot map ${what}: size ${size} is not a positive integer`);
  const limit = window.size - RESERVED_BYTES;
  if (size > limit) {
    throw new RangeError(
      `device window: ${what} is ${size} bytes, larger than the window's limit of ${limit} bytes ` +
        `(${window.pages} pages of 64 KiB minus the reserved first page); create the window with at least ${Math.ceil(size / 65536) + 1} pages`,
    );
  }
  if (!Number.isInteger(offset) || offset % HOST_PAGE !== 0) {
    throw new RangeError(`device window: cannot map ${what} at offset ${offset}: not a multiple of the ${HOST_PAGE}-byte page`);
  }
  if (!Number.isInteger(fileOffset) || fileOffset < 0 || fileOffset % HOST_PAGE !== 0) {
    throw new RangeError(`device window: cannot map ${what}: file offset ${fileOffset} is not a multiple of the ${HOST_PAGE}-byte page`);
  }
  const span = alignUp(size, HOST_PAGE);
  if (offset < RESERVED_BYTES || offset + span > window.size) {
    throw new RangeError(
      `device window: cannot map ${what} (${size} bytes) at offset ${hex(offset)}: outside the usable window [${hex(RESERVED_BYTES)}, ${hex(window.size)})`,
    );
  }
  for (const r of window.regions) {
    if (offset < r.offset + alignUp(r.size, HOST_PAGE) && r.offset < offset + span) {
      throw new RangeError(`device window: cannot map ${what} at ${hex(offset)}: overlaps the region at ${hex(r.offset)} (${r.size} bytes)`);
    }
  }

  const addr = window.base + BigInt(offset);
  const got = mmap(size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, fileOffset, what, addr);
  if (got !== addr) throw new Error(`device window: mmap placed ${what} at ${hex(got)}, not ${hex(addr)} as MAP_FIXED requires`);
  const mapping = new WindowMapping(window, offset, size, fd, what);
  window.regions.push(mapping);
  window.regions.sort((a, b) => a.offset - b.offset);

  const mode = options.verify ?? (path.startsWith('/dev/') || path.startsWith('/sys/') ? 'maps' : 'probe');
  try {
    if (mode === 'probe') verifyByProbe(window, offset, fd, fileOffset, what);
    else verifyByMaps(addr, span, fd, what);
  } catch (e) {
    mapping.detach();
    throw e;
  }
  return mapping;
}

function pread32(fd: number, position: number, what: string): number {
  const b = Buffer.alloc(4);
  const n = readSync(fd, b, 0, 4, position);
  if (n !== 4) throw new Error(`device window: verifying ${what}: pread returned ${n} of 4 bytes at ${hex(position)}`);
  return b.readUInt32LE(0);
}

function verifyByProbe(window: DeviceWindow, offset: number, fd: number, fileOffset: number, what: string): void {
  const word = new Uint32Array(window.buffer, offset, 1);
  const before = pread32(fd, fileOffset, what);
  const probe = ~before >>> 0;
  word[0] = probe;
  const seen = pread32(fd, fileOffset, what);
  word[0] = before;
  if (seen !== probe) {
    throw new Error(`device window: ${what} is not aliased at offset ${hex(offset)}: wrote ${hex(probe)} through the window, pread saw ${hex(seen)}`);
  }
}

function verifyByMaps(addr: bigint, span: number, fd: number, what: string): void {
  const ino = fstatSync(fd, { bigint: true }).ino;
  // The kernel may merge our mapping with a neighbour of the same file, so look for the line containing it.
  for (const line of readFileSync('/proc/self/maps', 'utf8').split('\n')) {
    const [range = '', perms = '', , , inode = '0'] = line.split(/\s+/);
    const [lo = '0', hi = '0'] = range.split('-');
    const start = BigInt(`0x${lo}`);
    const end = BigInt(`0x${hi}`);
    if (start > addr || addr >= end) continue;
    if (end >= addr + BigInt(span) && perms.startsWith('rw') && perms[3] === 's' && BigInt(inode) === ino) return;
    throw new Error(`device window: ${what} is not aliased at ${hex(addr)}: /proc/self/maps shows "${line}"`);
  }
  throw new Error(`device window: ${what} is not aliased at ${hex(addr)}: /proc/self/maps shows no mapping there`);
}
