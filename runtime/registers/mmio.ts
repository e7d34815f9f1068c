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
    this.u8[offset] = value;
  }
  write16(offset: number, value: number): void {
    this.u16[offset >>> 1] = value;
  }
  write32(offset: number, value: number): void {
    this.u32[offset >>> 2] = value;
  }
  write64(offset: number, value: bigint): void {
    this.u64[offset >>> 3] = value;
  }
  fence(): void {
    // A locked read-modify-write: a full barrier on x86 and a compiler barrier in V8.
    Atomics.add(fenceCell, 0, 0);
  }
}
