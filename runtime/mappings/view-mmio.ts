// Mmio over a zero-copy view of mapped memory, with every access checked: in bounds, aligned to its
// width, and not after close. A closed mapping's memory is gone, so touching it must be an Error, never
// a segfault; the check is one compare per access, noise next to a microsecond-scale device read.
import type { Mmio } from '../registers/mmio.js';

const fenceCell = new Int32Array(new SharedArrayBuffer(4));
const empty = new ArrayBuffer(0);

export class ViewMmio implements Mmio {
  readonly size: number;
  private limit: number;
  private u8: Uint8Array;
  private u16: Uint16Array;
  private u32: Uint32Array;
  private u64: BigUint64Array;

  /** `label` names the region in errors, e.g. "BAR 0 (/dev/uio0 map 0)". */
  constructor(
    view: Uint8Array,
    private readonly label: string,
  ) {
    if (view.byteOffset % 8 !== 0) throw new RangeError(`${label}: view is not 8-byte aligned`);
    this.size = view.byteLength;
    this.limit = view.byteLength;
    this.u8 = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    this.u16 = new Uint16Array(view.buffer, view.byteOffset, view.byteLength >>> 1);
    this.u32 = new Uint32Array(view.buffer, view.byteOffset, view.byteLength >>> 2);
    this.u64 = new BigUint64Array(view.buffer, view.byteOffset, view.byteLength >>> 3);
  }

  /** Every later access throws "closed"; drops the views so the memory can be unmapped. */
  detach(): void {
    this.limit = -1;
    this.u8 = new Uint8Array(empty);
    this.u16 = new Uint16Array(empty);
    this.u32 = new Uint32Array(empty);
    this.u64 = new BigUint64Array(empty);
  }

  read8(o: number): number {
    if (!(o >= 0 && o + 1 <= this.limit) || o % 1 !== 0) this.fault('read8', o, 1);
    return this.u8[o]!;
  }
  read16(o: number): number {
    if (!(o >= 0 && o + 2 <= this.limit) || o % 2 !== 0) this.fault('read16', o, 2);
    return this.u16[o >>> 1]!;
  }
  read32(o: number): number {
    if (!(o >= 0 && o + 4 <= this.limit) || o % 4 !== 0) this.fault('read32', o, 4);
    return this.u32[o >>> 2]!;
  }
  read64(o: number): bigint {
    if (!(o >= 0 && o + 8 <= this.limit) || o % 8 !== 0) this.fault('read64', o, 8);
    return this.u64[o >>> 3]!;
  }
  write8(o: number, v: number): void {
    if (!(o >= 0 && o + 1 <= this.limit) || o % 1 !== 0) this.fault('write8', o, 1);
    this.u8[o] = v;
  }
  write16(o: number, v: number): void {
    if (!(o >= 0 && o + 2 <= this.limit) || o % 2 !== 0) this.fault('write16', o, 2);
    this.u16[o >>> 1] = v;
  }
  write32(o: number, v: number): void {
    if (!(o >= 0 && o + 4 <= this.limit) || o % 4 !== 0) this.fault('write32', o, 4);
    this.u32[o >>> 2] = v;
  }
  write64(o: number, v: bigint): void {
    if (!(o >= 0 && o + 8 <= this.limit) || o % 8 !== 0) this.fault('write64', o, 8);
    this.u64[o >>> 3] = v;
  }
  fence(): void {
    Atomics.add(fenceCell, 0, 0);
  }

  private fault(op: string, offset: number, width: number): never {
    throw accessError(this.label, this.limit < 0, this.size, op, offset, width);
  }
}

/** The error for a rejected access (shared with the VFIO region Mmio). */
export function accessError(label: string, closed: boolean, size: number, op: string, offset: number, width: number): Error {
  if (closed) return new Error(`${op}: ${label} is closed (the device was closed; open it again)`);
  const at = Number.isInteger(offset) && offset >= 0 ? `0x${offset.toString(16)}` : String(offset);
  if (Number.isInteger(offset) && offset >= 0 && offset + width <= size) {
    return new RangeError(`${op} at ${at}: not ${width}-byte aligned in ${label}`);
  }
  return new RangeError(`${op} at ${at}: outside ${label} (${size} bytes, 0x0–0x${Math.max(size - 1, 0).toString(16)})`);
}
