// Mmio over a zero-copy view of mapped memory, with every access checked: in bounds, aligned to its
// width, and not after close. A closed mapping's memory is gone, so touching it must be an Error, never
// a segfault.
//
// The checks cost next to nothing on the hot path (bench/README.md):
// - a read indexes the typed array with `o / width`, which yields undefined for every bad offset at
//   once: misaligned (a fraction), negative, NaN, past the end, and after detach() (empty arrays). In
//   a hot loop that never faulted V8 keeps no branch for it (an exact-division check and the array's
//   own bound check, both deopting), so the caller's loop stays simple enough for V8 to peel;
// - a write cannot detect a dropped store afterwards, so it checks first: `i * width !== o` with
//   `i = o >>> log2(width)` (misaligned, negative, fractional, NaN, ≥ 4 GiB), then `o + width > end`
//   (end is 0 once detached), then that the value fits the width (the rule of mmio.ts, fits32 & co.,
//   written out inline: bit ops V8 folds for a small integer), all in one branch to one slow path.
//   (Branch-free forms measured slower for writes.)
// - fields are `declare`d and set once in the constructor, so V8 treats them as constants of a
//   constant receiver and folds the typed-array loads into the caller's loop.
import { fits16, fits32, fits64, fits8, valueError, type Mmio, type MmioViews } from '../registers/mmio.js';

const fenceCell = new Int32Array(new SharedArrayBuffer(4));
const empty = new ArrayBuffer(0);

export class ViewMmio implements Mmio {
  declare readonly size: number;
  /** false while usable; true after close; the reason after the device was lost (removal, SIGBUS). */
  private declare closed: boolean | string;
  /** Bytes writable: size, or 0 once detached (a constant V8 folds into a hot write's bound check). */
  private declare end: number;
  private declare u8: Uint8Array;
  private declare u16: Uint16Array;
  private declare u32: Uint32Array;
  private declare u64: BigUint64Array;
  private declare readonly label: string;
  /** What views() hands out: the same arrays, and `live` cleared by detach() (one object, made once). */
  private declare readonly shared: { live: boolean; u8: Uint8Array; u16: Uint16Array; u32: Uint32Array; u64: BigUint64Array };

  /** `label` names the region in errors, e.g. "BAR 0 (/dev/uio0 map 0)". */
  constructor(view: Uint8Array, label: string) {
    if (view.byteOffset % 8 !== 0) throw new RangeError(`${label}: view is not 8-byte aligned`);
    this.label = label;
    this.size = view.byteLength;
    this.closed = false;
    this.end = view.byteLength;
    this.u8 = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    this.u16 = new Uint16Array(view.buffer, view.byteOffset, view.byteLength >>> 1);
    this.u32 = new Uint32Array(view.buffer, view.byteOffset, view.byteLength >>> 2);
    this.u64 = new BigUint64Array(view.buffer, view.byteOffset, view.byteLength >>> 3);
    this.shared = { live: true, u8: this.u8, u16: this.u16, u32: this.u32, u64: this.u64 };
  }

  /** Mmio.views: the region's typed arrays, `live` until detach() (generated DMA ring loops). */
  views(): MmioViews {
    return this.shared;
  }

  /**
   * Every later access throws "closed" (or, given the reason a device was lost, an ENODEV error naming
   * it); drops the views so the memory can be unmapped.
   */
  detach(lost?: string): void {
    this.closed = lost ?? true;
    this.end = 0;
    // Code holding the views checks `live` before touching them; the arrays are emptied as well, so
    // a store that slipped past that check is dropped, never a write to unmapped memory.
    this.shared.live = false;
    this.u8 = new Uint8Array(empty);
    this.u16 = new Uint16Array(empty);
    this.u32 = new Uint32Array(empty);
    this.u64 = new BigUint64Array(empty);
    Object.assign(this.shared, { u8: this.u8, u16: this.u16, u32: this.u32, u64: this.u64 });
  }

  read8(o: number): number {
    const v = this.u8[o];
    if (v === undefined) this.fault('read8', o, 1);
    return v;
  }
  read16(o: number): number {
    const v = this.u16[o / 2];
    if (v === undefined) this.fault('read16', o, 2);
    return v;
  }
  read32(o: number): number {
    const v = this.u32[o / 4];
    if (v === undefined) this.fault('read32', o, 4);
    return v;
  }
  read64(o: number): bigint {
    const v = this.u64[o / 8];
    if (v === undefined) this.fault('read64', o, 8);
    return v;
  }
  write8(o: number, v: number): void {
    if (o >>> 0 !== o || o + 1 > this.end || (v & 0xff) !== v) this.writeFault('write8', o, 1, v);
    this.u8[o] = v;
  }
  write16(o: number, v: number): void {
    const i = o >>> 1;
    if (i * 2 !== o || o + 2 > this.end || (v & 0xffff) !== v) this.writeFault('write16', o, 2, v);
    this.u16[i] = v;
  }
  write32(o: number, v: number): void {
    const i = o >>> 2;
    if (i * 4 !== o || o + 4 > this.end || ((v | 0) !== v && v >>> 0 !== v)) this.writeFault('write32', o, 4, v);
    this.u32[i] = v;
  }
  write64(o: number, v: bigint): void {
    const i = o >>> 3;
    if (i * 8 !== o || o + 8 > this.end || !fits64(v)) this.writeFault('write64', o, 8, v);
    this.u64[i] = v;
  }
  fence(): void {
    Atomics.add(fenceCell, 0, 0);
  }

  /** One slow path for a refused write: a bad offset first (as before), else the value. */
  private writeFault(op: string, offset: number, width: number, value: number | bigint): never {
    const fits = width === 1 ? fits8(value as number) : width === 2 ? fits16(value as number) : width === 4 ? fits32(value as number) : fits64(value as bigint);
    if (!fits && offset >>> 0 === offset && offset % width === 0 && offset + width <= this.end) throw valueError(op, offset, value, this.label);
    this.fault(op, offset, width);
  }

  private fault(op: string, offset: number, width: number): never {
    throw accessError(this.label, this.closed, this.size, op, offset, width);
  }
}

/** The error for a rejected access (shared with the VFIO region Mmio). */
export function accessError(label: string, closed: boolean | string, size: number, op: string, offset: number, width: number): Error {
  if (typeof closed === 'string') return Object.assign(new Error(`${op}: ${label}: ${closed}`), { code: 'ENODEV' });
  if (closed) return new Error(`${op}: ${label} is closed (the device was closed; open it again)`);
  const at = Number.isInteger(offset) && offset >= 0 ? `0x${offset.toString(16)}` : String(offset);
  if (Number.isInteger(offset) && offset >= 0 && offset + width <= size) {
    return new RangeError(`${op} at ${at}: not ${width}-byte aligned in ${label}`);
  }
  return new RangeError(`${op} at ${at}: outside ${label} (${size} bytes, 0x0–0x${Math.max(size - 1, 0).toString(16)})`);
}
