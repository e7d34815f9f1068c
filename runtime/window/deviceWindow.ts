// A device window: one fixed-size WebAssembly.Memory (initial = maximum, never grown) into which BARs
// and DMA buffers are mmap()ed with MAP_FIXED, so generated wasm routines and JS typed arrays reach
// device memory with no copy and no call. See docs/wasm.md.
//
// Lifetime rule: V8 unmaps the whole reservation (our MAP_FIXED mappings included) when the Memory is
// collected, so the window object holds the Memory strongly and must live as long as the device.
import { addressOf } from '../ffi/libc.js';

export const WASM_PAGE = 65536;
/** Page 0 (one WASM_PAGE) belongs to the wasm modules' own static data (the fence cell); mappings start above it. */
export const RESERVED_BYTES = 65536;
/** wasm32 addresses 4 GiB at most. */
export const MAX_PAGES = 65536;

export interface DeviceWindowOptions {
  /** Size in 64 KiB wasm pages, page 0 included (reserved for module data). */
  readonly pages: number;
  /** A SharedArrayBuffer-backed Memory, for hot paths in worker threads. */
  readonly shared?: boolean;
}

export interface WindowRegion {
  /** Byte offset within the window. */
  readonly offset: number;
  readonly size: number;
}

export class DeviceWindow {
  readonly memory: WebAssembly.Memory;
  readonly pages: number;
  readonly size: number;
  readonly shared: boolean;
  /** Host address of byte 0 of the window (stable: V8 never moves wasm backing stores). */
  readonly base: bigint;
  /** Mapped regions, ascending by offset; maintained by mapInto/detach. */
  readonly regions: WindowRegion[] = [];
  private closedFlag = false;

  constructor(options: DeviceWindowOptions) {
    const { pages } = options;
    if (!Number.isInteger(pages) || pages < 2 || pages > MAX_PAGES) {
      throw new RangeError(`device window: pages must be an integer in [2, ${MAX_PAGES}] (page 0 is reserved), got ${pages}`);
    }
    this.pages = pages;
    this.size = pages * WASM_PAGE;
    this.shared = options.shared ?? false;
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: this.shared });
    this.base = addressOf(new Uint8Array(this.memory.buffer, 0, 1));
  }

  /** The window's bytes. Valid for the window's life: the Memory can never grow, so the buffer never detaches. */
  get buffer(): ArrayBufferLike {
    return this.memory.buffer;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** The lowest page-aligned free offset that fits `size` bytes (the runtime's default placement). */
  place(size: number, align = 4096): number {
    let at = RESERVED_BYTES;
    for (const r of this.regions) {
      if (at + size <= r.offset) break;
      at = Math.max(at, alignUp(r.offset + r.size, align));
    }
    if (at + size > this.size) {
      throw new RangeError(
        `device window: no room for ${size} bytes: the window is ${this.size} bytes (${this.pages} pages) ` +
          `with ${this.size - RESERVED_BYTES - this.regions.reduce((n, r) => n + r.size, 0)} free; create it with more pages`,
      );
    }
    return at;
  }

  /**
   * Claims `size` bytes of plain window memory (no mapping: anonymous RAM inside the window) for staging
   * tables, snapshot buffers and the like, so place() never hands them out.
   */
  reserveScratch(size: number, align = 4096): WindowRegion {
    const region = { offset: this.place(size, align), size };
    this.regions.push(region);
    this.regions.sort((a, b) => a.offset - b.offset);
    return region;
  }

  /**
   * Detaches every mapping (anonymous memory over each range), drops scratch regions and makes the
   * window unusable for new mappings and modules. Keep the object referenced until the device is closed
   * anyway: routines already instantiated still hold the Memory. A second close throws.
   */
  close(): void {
    if (this.closedFlag) throw new Error('device window: already closed');
    for (const r of [...this.regions]) {
      if (isDetachable(r) && r.isAttached) r.detach();
    }
    this.regions.length = 0;
    this.closedFlag = true;
  }
}

interface Detachable extends WindowRegion {
  readonly isAttached: boolean;
  detach(): void;
}

function isDetachable(r: WindowRegion): r is Detachable {
  return typeof (r as Partial<Detachable>).detach === 'function';
}

export function createDeviceWindow(options: DeviceWindowOptions): DeviceWindow {
  return new DeviceWindow(options);
}

export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}
