// An Mmio over a region's views (Mmio.views) for accessors whose every offset was proven in bounds
// and aligned when they were made: a register array checks, once, that all its elements lie inside
// the region at multiples of their width, and then only its index per access. So this Mmio checks
// neither bounds nor alignment — only that the region is still open (`live`, turned false for good
// on close) and that a value written fits the width (the rule of mmio.ts). Never handed out: the
// accessor keeps the checked Mmio as `io` for everything else.
//
// Why: the checked write (ViewMmio) tests alignment and bounds on every call; for an array element
// at a computed offset V8 cannot drop those tests, and they cost about as much as the store
// (bench/README.md, issue 13). A constant accessor's views fold to constant typed arrays in V8.
import type { Mmio, MmioViews } from './mmio.js';

export class ProvenMmio implements Mmio {
  declare readonly size: number;
  private declare readonly v: MmioViews;
  private declare readonly io: Mmio;

  /** `io`: the checked Mmio the views belong to, which gives the error once the region is closed. */
  constructor(io: Mmio, views: MmioViews) {
    this.size = io.size;
    this.v = views;
    this.io = io;
  }

  /**
   * The Mmio for `count` accesses of `width` bytes `stride` apart from `offset` over `io`: this one
   * when `io` has views and every access lies inside it at a multiple of `width`, else `io` itself.
   */
  static over(io: Mmio, offset: number, count: number, stride: number, width: 1 | 2 | 4): Mmio {
    const views = io.views?.();
    const last = offset + (count - 1) * stride;
    const proven =
      views !== undefined &&
      Number.isInteger(offset) &&
      Number.isInteger(stride) &&
      count >= 1 &&
      offset >= 0 &&
      last >= 0 &&
      offset % width === 0 &&
      stride % width === 0 &&
      Math.max(offset, last) + width <= io.size;
    return proven ? new ProvenMmio(io, views) : io;
  }

  // Off the fast path (closed, or a value that does not fit) the checked Mmio makes the access, and so
  // gives its own error.
  read8(o: number): number {
    return this.v.live ? this.v.u8[o]! : this.io.read8(o);
  }
  read16(o: number): number {
    return this.v.live ? this.v.u16[o >>> 1]! : this.io.read16(o);
  }
  read32(o: number): number {
    return this.v.live ? this.v.u32[o >>> 2]! : this.io.read32(o);
  }
  read64(o: number): bigint {
    return this.io.read64(o);
  }
  write8(o: number, x: number): void {
    if (this.v.live && (x & 0xff) === x) this.v.u8[o] = x;
    else this.io.write8(o, x);
  }
  write16(o: number, x: number): void {
    if (this.v.live && (x & 0xffff) === x) this.v.u16[o >>> 1] = x;
    else this.io.write16(o, x);
  }
  write32(o: number, x: number): void {
    if (this.v.live && ((x | 0) === x || x >>> 0 === x)) this.v.u32[o >>> 2] = x;
    else this.io.write32(o, x);
  }
  write64(o: number, x: bigint): void {
    this.io.write64(o, x);
  }
  fence(): void {
    this.io.fence();
  }
}
