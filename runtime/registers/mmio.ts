// The memory interface every generated accessor talks to. One access per call, exactly the width
// named — never split, merged or byte-copied (see docs/runtime.md). Implementations: typed arrays over
// any ArrayBuffer (an mmapped BAR, a wasm device window, a DMA buffer, a plain test buffer), the
// simulated device, and the VFIO pread/pwrite fallback for offsets that cannot be mapped.
//
// Offsets are byte offsets from the start of the region; callers (generated code) pass only aligned,
// in-bounds offsets, which the compiler proved against the spec.

export interface Mmio {
  /** Bytes addressable through this interface. */
  readonly size: number;
  read8(offset: number): number;
  read16(offset: number): number;
  read32(offset: number): number;
  read64(offset: number): bigint;
  write8(offset: number, value: number): void;
  write16(offset: number, value: number): void;
  write32(offset: number, value: number): void;
  write64(offset: number, value: bigint): void;
  /** Orders every earlier write before every later one (DMA publish: fields, fence, ownership bit). */
  fence(): void;
  /**
   * Optional: typed arrays straight over the whole region, for the generated DMA ring loops, which
   * check their geometry once (construction) and `live` once per entry instead of every access
   * (runtime/registers/ring.ts). Only for memory whose every access is a plain load or store (a
   * mapping, a buffer): an Mmio that records, routes or simulates accesses has none. Every call
   * returns the same object (a ring takes it once, when it is made).
   */
  views?(): MmioViews;
}

/** See Mmio.views. `live` turns false, for good, when the region is closed; the arrays must not be used then. */
export interface MmioViews {
  readonly live: boolean;
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
  readonly u64: BigUint64Array;
}

/*
 * The one rule for a value written, raw (`Mmio.write32`) or generated (`regs.ctrl.write`), stated in
 * docs/runtime.md ("Values written"): an integer that fits the width unsigned, 0 … 2^w − 1; a 32-bit
 * write also takes an int32 (−2^31 … −1, what `~x` and `x | 0` give), stored as the same 32 bits;
 * 64-bit values are bigints 0n … 2^64 − 1. Anything else (2 ** 32, NaN, 1.7, -1n, 2n ** 64n) is a
 * RangeError, never a silently wrapped store. Bit operations only: V8 folds them away for a value it
 * knows is a small integer, so the check costs next to nothing (bench/mmio-values.ts).
 */
export const fits8 = (v: number): boolean => (v & 0xff) === v;
export const fits16 = (v: number): boolean => (v & 0xffff) === v;
export const fits32 = (v: number): boolean => (v | 0) === v || v >>> 0 === v;
const U64 = 0xffff_ffff_ffff_ffffn;
export const fits64 = (v: bigint): boolean => typeof v === 'bigint' && v >= 0n && v <= U64;

/** The error for a value the rule above refuses: names the access, the offset and what would fit. */
export function valueError(op: string, offset: number, value: unknown, where?: string): RangeError {
  const width = Number(op.replace(/\D/g, ''));
  const range = width === 64 ? 'a bigint 0n … 0xffffffffffffffffn' : width === 32 ? 'an integer 0 … 0xffffffff, or an int32 (stored as its two\'s complement)' : `an integer 0 … 0x${(2 ** width - 1).toString(16)}`;
  const at = Number.isInteger(offset) && offset >= 0 ? `0x${offset.toString(16)}` : String(offset);
  return new RangeError(`${op} at ${at}${where ? ` in ${where}` : ''}: ${String(value)}${typeof value === 'bigint' ? 'n' : ''} is not a${width === 8 ? 'n' : ''} ${width}-bit value (${range})`);
}

const fenceCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Typed arrays of each width over one region of an ArrayBuffer (little-endian host assumed, as PCI is
 * little-endian). `base` must be 8-byte aligned within the buffer.
 */
export class TypedArrayMmio implements Mmio {
  // declare'd and assigned once (no class-field define), so V8 keeps them constant and folds the
  // typed-array loads of a constant Mmio into a hot loop (see register.ts).
  declare readonly size: number;
  private declare readonly u8: Uint8Array;
  private declare readonly u16: Uint16Array;
  private declare readonly u32: Uint32Array;
  private declare readonly u64: BigUint64Array;

  constructor(buffer: ArrayBufferLike, base = 0, size = buffer.byteLength - base) {
    if (base % 8 !== 0) throw new RangeError(`Mmio base ${base} is not 8-byte aligned`);
    if (base < 0 || size < 0 || base + size > buffer.byteLength) {
      throw new RangeError(`Mmio region [${base}, ${base + size}) is outside the ${buffer.byteLength}-byte buffer`);
    }
    this.size = size;
    this.u8 = new Uint8Array(buffer, base, size);
    this.u16 = new Uint16Array(buffer, base, size >>> 1);
    this.u32 = new Uint32Array(buffer, base, size >>> 2);
    this.u64 = new BigUint64Array(buffer, base, size >>> 3);
  }

  read8(offset: number): number {
    return this.u8[offset]!;
  }
  read16(offset: number): number {
    return this.u16[offset >>> 1]!;
  }
  read32(offset: number): number {
    return this.u32[offset >>> 2]!;
  }
  read64(offset: number): bigint {
    return this.u64[offset >>> 3]!;
  }
  write8(offset: number, value: number): void {
    if (!fits8(value)) throw valueError('write8', offset, value);
    this.u8[offset] = value;
  }
  write16(offset: number, value: number): void {
    if (!fits16(value)) throw valueError('write16', offset, value);
    this.u16[offset >>> 1] = value;
  }
  write32(offset: number, value: number): void {
    if (!fits32(value)) throw valueError('write32', offset, value);
    this.u32[offset >>> 2] = value;
  }
  write64(offset: number, value: bigint): void {
    if (!fits64(value)) throw valueError('write64', offset, value);
    this.u64[offset >>> 3] = value;
  }
  fence(): void {
    // A locked read-modify-write: a full barrier on x86 and a compiler barrier in V8.
    Atomics.add(fenceCell, 0, 0);
  }
  views(): MmioViews {
    return (this.cachedViews ??= Object.freeze({ live: true, u8: this.u8, u16: this.u16, u32: this.u32, u64: this.u64 }));
  }
  private declare cachedViews: MmioViews | undefined;
}
