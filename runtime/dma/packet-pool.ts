// A packet buffer pool: COUNT fixed-size buffers in DMA memory, handed out and taken back in batches
// by index, with no allocation per packet (ixy's mempool: a stack of free buffer indices). Everything a
// driver needs per buffer is made once at creation: its device address (a bigint, the same object every
// time, for descriptor writes) and a zero-copy Uint8Array of its bytes.
//
// The free stack and the address table live in one "state" block of plain memory with a fixed layout
// (PacketPool.stateLayout), by default a private ArrayBuffer. Give `state` a region of a wasm device
// window (window.reserveScratch) and wasm code sees the same stack: TS and wasm then pop and push on one
// `top` counter (one thread at a time; the pool takes no lock).
//
// Device memory comes from the device's DmaAllocator in chunks the device sees as contiguous: the whole
// pool in one allocation with an IOMMU or the sim, one page at a time without one (UIO / no-IOMMU, where
// only a page is physically contiguous), so a buffer never straddles two chunks.
import type { DmaAllocator, DmaBuffer } from '../device-types.js';

export interface PacketPoolOptions {
  /** Number of buffers (≥ 1, ≤ 2^24). */
  readonly count: number;
  /** Bytes per buffer: a power of two from 64 to the page size (4096). Default 2048. */
  readonly bufferSize?: number;
  /**
   * Where the free stack and address table go (PacketPool.stateBytes(count) bytes at `offset`, 8-byte
   * aligned), e.g. a wasm window's scratch region. Default: a private ArrayBuffer.
   */
  readonly state?: { readonly buffer: ArrayBufferLike; readonly offset: number };
  /** What the pool is for, in error messages (default "packet pool"). */
  readonly what?: string;
}

const PAGE = 4096;
const HEADER = 16;

export class PacketPool {
  /**
   * Byte layout of the state block (little-endian), for code outside JS (wasm):
   *   +0  u32 top         free buffers; the free ids are stack[0..top), the next pop takes stack[top-1]
   *   +4  u32 count
   *   +8  u32 bufferSize
   *   +16 u64 address[count]  device address of buffer i
   *   +16 + 8 × count  u32 stack[count]
   *   +16 + 12 × count u8 inUse[count]   1 while buffer i is handed out (code that pops sets it, code that pushes clears it)
   */
  static readonly stateLayout = { top: 0, count: 4, bufferSize: 8, addresses: HEADER } as const;

  /** Bytes of the state block for `count` buffers. */
  static stateBytes(count: number): number {
    return HEADER + 12 * count + count;
  }

  declare readonly what: string;
  declare readonly count: number;
  declare readonly bufferSize: number;
  /** Device address of buffer i (made once; descriptor writers take it as is). */
  declare readonly addresses: readonly bigint[];
  /** Zero-copy bytes of buffer i (made once). */
  declare readonly buffers: readonly Uint8Array[];
  /** The state block: u32 words (top at [0]) and the address table as u64. */
  declare readonly stateWords: Uint32Array;
  declare readonly stateAddresses: BigUint64Array;
  /** The free stack (a view of the state block). */
  private declare readonly stack: Uint32Array;
  /** 1 while a buffer is handed out: catches double frees and foreign ids at the cost of one byte per op. */
  private declare readonly out: Uint8Array;
  private declare readonly chunks: DmaBuffer[];
  private declare closed: boolean;

  constructor(dma: DmaAllocator, options: PacketPoolOptions) {
    const what = options.what ?? 'packet pool';
    const count = options.count;
    const size = options.bufferSize ?? 2048;
    if (!(Number.isInteger(count) && count >= 1 && count <= 1 << 24)) throw new RangeError(`${what}: buffer count must be an integer in 1..${1 << 24}, got ${String(count)}`);
    if (!(Number.isInteger(size) && size >= 64 && size <= PAGE && (size & (size - 1)) === 0)) {
      throw new RangeError(`${what}: buffer size must be a power of two from 64 to ${PAGE}, got ${String(size)}`);
    }
    this.what = what;
    this.count = count;
    this.bufferSize = size;
    this.closed = false;
    const bytes = PacketPool.stateBytes(count);
    const state = options.state ?? { buffer: new ArrayBuffer(bytes), offset: 0 };
    if (!(Number.isInteger(state.offset) && state.offset >= 0 && state.offset % 8 === 0 && state.offset + bytes <= state.buffer.byteLength)) {
      throw new RangeError(`${what}: the state block needs ${bytes} bytes at an 8-byte aligned offset; offset ${state.offset} of a ${state.buffer.byteLength}-byte buffer does not fit`);
    }
    this.stateWords = new Uint32Array(state.buffer, state.offset, HEADER / 4);
    this.stateAddresses = new BigUint64Array(state.buffer, state.offset + HEADER, count);
    this.stack = new Uint32Array(state.buffer, state.offset + HEADER + 8 * count, count);
    this.out = new Uint8Array(state.buffer, state.offset + HEADER + 12 * count, count);
    this.out.fill(0);
    // With an IOMMU (or the sim) one allocation is contiguous for the device; without one, one page is.
    const perChunk = dma.addressMode === 'physical' ? PAGE / size : count;
    this.chunks = [];
    const addresses: bigint[] = [];
    const buffers: Uint8Array[] = [];
    try {
      for (let first = 0; first < count; first += perChunk) {
        const n = Math.min(perChunk, count - first);
        const chunk = dma.alloc(n * size, { align: PAGE });
        this.chunks.push(chunk);
        for (let k = 0; k < n; k++) {
          addresses.push(chunk.deviceAddress + BigInt(k * size));
          buffers.push(chunk.bytes.subarray(k * size, (k + 1) * size));
        }
      }
    } catch (error) {
      for (const c of this.chunks) c.free();
      throw error;
    }
    this.addresses = addresses;
    this.buffers = buffers;
    this.stateWords[1] = count;
    this.stateWords[2] = size;
    for (let i = 0; i < count; i++) {
      this.stateAddresses[i] = addresses[i]!;
      // Pops take from the top: push in reverse so the first pops return 0, 1, 2 … (easier to read in dumps).
      this.stack[i] = count - 1 - i;
    }
    this.stateWords[0] = count;
  }

  /** Buffers free in the pool. */
  get free(): number {
    return this.stateWords[0]!;
  }

  /** Takes one buffer; returns its id, or -1 when the pool is empty. */
  alloc(): number {
    const w = this.stateWords;
    const top = w[0]!;
    if (top === 0) return -1;
    const id = this.stack[top - 1]!;
    w[0] = top - 1;
    this.out[id] = 1;
    return id;
  }

  /** Takes up to `n` buffers into ids[at..]; returns how many (fewer when the pool runs low). */
  allocBatch(ids: Uint32Array, n: number, at = 0): number {
    if (this.closed) this.fail('is closed');
    if (!(n >>> 0 === n && at >>> 0 === at && at + n <= ids.length)) throw new RangeError(`${this.what}: cannot take ${String(n)} ids into ${ids.length} entries from ${String(at)}`);
    const w = this.stateWords;
    const stack = this.stack;
    const out = this.out;
    let top = w[0]!;
    const k = n < top ? n : top;
    for (let i = 0; i < k; i++) {
      const id = stack[--top]!;
      out[id] = 1;
      ids[at + i] = id;
    }
    w[0] = top;
    return k;
  }

  /** Gives back one buffer. */
  release(id: number): void {
    if (!(id >>> 0 === id && id < this.count && this.out[id] === 1)) this.badFree(id);
    this.out[id] = 0;
    const w = this.stateWords;
    const top = w[0]!;
    this.stack[top] = id;
    w[0] = top + 1;
  }

  /** Gives back ids[at..at + n). Checked before anything moves: a bad id (double free, not from this pool) frees none. */
  releaseBatch(ids: Uint32Array, n: number, at = 0): void {
    if (!(n >>> 0 === n && at >>> 0 === at && at + n <= ids.length)) throw new RangeError(`${this.what}: cannot free ${String(n)} ids from ${String(at)} of ${ids.length} entries`);
    const out = this.out;
    for (let i = 0; i < n; i++) {
      const id = ids[at + i]!;
      if (!(id < this.count && out[id] === 1)) this.badFree(id);
      out[id] = 2; // marks duplicates inside this batch
    }
    const w = this.stateWords;
    const stack = this.stack;
    let top = w[0]!;
    for (let i = 0; i < n; i++) {
      const id = ids[at + i]!;
      out[id] = 0;
      stack[top++] = id;
    }
    w[0] = top;
  }

  /** Whether buffer `id` is handed out (not in the free stack). */
  isAllocated(id: number): boolean {
    return id >>> 0 === id && id < this.count && this.out[id] !== 0;
  }

  /** Frees the DMA memory; the device must no longer use any buffer. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stateWords[0] = 0;
    for (const c of this.chunks) c.free();
  }

  private badFree(id: number): never {
    // Undo the batch marks (2) so the pool stays consistent after the error.
    for (let i = 0; i < this.count; i++) if (this.out[i] === 2) this.out[i] = 1;
    if (!(id >>> 0 === id && id < this.count)) this.fail(`buffer id ${String(id)} is not one of its ${this.count} buffers`);
    this.fail(`buffer ${id} is not allocated (freed twice?)`);
  }

  private fail(why: string): never {
    throw new Error(`${this.what}: ${why}`);
  }
}
