// A DMA pool for queue-based devices (NVMe and the like) over any DmaAllocator: page-aligned queue
// memory (one device-contiguous buffer), data buffers made of pages, and a free list of single pages
// so PRP lists and short-lived buffers do not cost an allocation (a VFIO_IOMMU_MAP_DMA) each.
//
// Device addresses are whatever the allocator hands out: IOVAs under VFIO type1, physical addresses
// under UIO / VFIO no-IOMMU, sim addresses on the simulated device. Without an IOMMU memory is
// contiguous for the device only within one page, so data buffers are then built page by page (each
// page its own address: exactly what a PRP or scatter list needs), while with an IOMMU or the sim one
// allocation is contiguous and its pages are consecutive device addresses.
import type { DmaAllocator, DmaBuffer } from '../device-types.js';

export const DEFAULT_PAGE_SIZE = 4096;

/** One device-visible page of a data buffer. */
export interface DmaPage {
  readonly deviceAddress: bigint;
  /** Zero-copy bytes of this page (the last page may be shorter than the page size). */
  readonly bytes: Uint8Array;
}

/** A data buffer made of pages: page i holds bytes [i × pageSize, (i + 1) × pageSize). */
export class DmaDataBuffer {
  private freed = false;

  constructor(
    readonly size: number,
    readonly pageSize: number,
    readonly pages: readonly DmaPage[],
    private readonly release: () => void,
    private readonly backing?: DmaBuffer,
  ) {}

  /**
   * Width-exact access for generated layout views (Identify data, descriptors): available when the
   * buffer is one allocation (a single page, or any size with an IOMMU or the sim).
   */
  get mmio(): DmaBuffer['mmio'] {
    if (this.freed) throw new Error(`DMA data buffer of ${this.size} bytes was freed`);
    if (!this.backing) throw new Error(`DMA data buffer of ${this.size} bytes spans ${this.pages.length} separately allocated pages (no IOMMU): use read()/write(), or one page`);
    return this.backing.mmio;
  }

  /** Device address of byte `offset` (page address + offset within the page). */
  deviceAddressAt(offset: number): bigint {
    this.check(offset, 0);
    const page = this.pages[Math.floor(offset / this.pageSize)]!;
    return page.deviceAddress + BigInt(offset % this.pageSize);
  }

  /** Copies `data` into the buffer at `offset` (payload bytes, never registers). */
  write(offset: number, data: Uint8Array): void {
    this.check(offset, data.length);
    let done = 0;
    while (done < data.length) {
      const at = offset + done;
      const page = this.pages[Math.floor(at / this.pageSize)]!;
      const inPage = at % this.pageSize;
      const n = Math.min(data.length - done, page.bytes.length - inPage);
      page.bytes.set(data.subarray(done, done + n), inPage);
      done += n;
    }
  }

  /** A copy of `length` bytes from `offset`. */
  read(offset: number, length: number): Uint8Array {
    this.check(offset, length);
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const at = offset + done;
      const page = this.pages[Math.floor(at / this.pageSize)]!;
      const inPage = at % this.pageSize;
      const n = Math.min(length - done, page.bytes.length - inPage);
      out.set(page.bytes.subarray(inPage, inPage + n), done);
      done += n;
    }
    return out;
  }

  get isFreed(): boolean {
    return this.freed;
  }

  free(): void {
    if (this.freed) throw new Error(`DMA data buffer of ${this.size} bytes at device address 0x${this.pages[0]!.deviceAddress.toString(16)} was already freed`);
    this.freed = true;
    this.release();
  }

  private check(offset: number, length: number): void {
    if (this.freed) throw new Error(`DMA data buffer of ${this.size} bytes was freed`);
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.size || (length === 0 && offset >= this.size)) {
      throw new RangeError(`DMA data buffer: ${length} bytes at offset ${offset} are outside its ${this.size} bytes`);
    }
  }
}

export interface DmaPoolOptions {
  /** The device's memory page size (NVMe: 4096 << CC.MPS); a power of two ≥ 4096. Default 4096. */
  readonly pageSize?: number;
}

export class DmaPool {
  readonly pageSize: number;
  private readonly freePages: DmaBuffer[] = [];
  private readonly owned = new Set<DmaBuffer>();
  private closed = false;

  constructor(
    readonly dma: DmaAllocator,
    options: DmaPoolOptions = {},
  ) {
    const p = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(p) || p < 4096 || (p & (p - 1)) !== 0) throw new RangeError(`DMA pool: page size must be a power of two ≥ 4096, got ${p}`);
    this.pageSize = p;
  }

  /** Whether a multi-page allocation is contiguous in device address space (IOMMU or sim). */
  get contiguousAcrossPages(): boolean {
    return this.dma.addressMode !== 'physical';
  }

  /**
   * Queue memory: one page-aligned, device-contiguous buffer of `size` bytes, zeroed. Without an IOMMU
   * that is at most one page (ask for hugepages for more): NVMe queues must be contiguous when CAP.CQR
   * is set (QEMU sets it), so this never splits.
   */
  queue(size: number, what = 'queue'): DmaBuffer {
    this.checkOpen();
    if (!this.contiguousAcrossPages && size > this.pageSize) {
      throw new RangeError(
        `DMA pool: a ${size}-byte ${what} must be device-contiguous, but without an IOMMU (${this.dma.reason}) only one ${this.pageSize}-byte page is: use at most ${this.pageSize} bytes (fewer entries), or VFIO with an IOMMU`,
      );
    }
    const b = size <= this.pageSize ? this.takePage() : this.dma.alloc(roundUp(size, this.pageSize), { align: this.pageSize });
    this.owned.add(b);
    b.bytes.fill(0);
    return b;
  }

  /** Gives back a buffer from queue(). */
  releaseQueue(buffer: DmaBuffer): void {
    if (!this.owned.delete(buffer)) throw new Error(`DMA pool: buffer at device address 0x${buffer.deviceAddress.toString(16)} is not a live queue buffer of this pool`);
    if (buffer.size === this.pageSize && !this.closed) this.freePages.push(buffer);
    else buffer.free();
  }

  /** A data buffer of `size` bytes, page-aligned, zeroed. */
  data(size: number): DmaDataBuffer {
    this.checkOpen();
    if (!Number.isInteger(size) || size <= 0) throw new RangeError(`DMA pool: data buffer size must be a positive integer, got ${size}`);
    const n = Math.ceil(size / this.pageSize);
    if (n === 1 || !this.contiguousAcrossPages) {
      const bufs = Array.from({ length: n }, () => this.takePage());
      const pages = bufs.map((b, i) => {
        b.bytes.fill(0);
        return { deviceAddress: b.deviceAddress, bytes: b.bytes.subarray(0, Math.min(this.pageSize, size - i * this.pageSize)) };
      });
      bufs.forEach((b) => this.owned.add(b));
      return new DmaDataBuffer(size, this.pageSize, pages, () => bufs.forEach((b) => this.releaseQueue(b)), n === 1 ? bufs[0] : undefined);
    }
    const b = this.dma.alloc(n * this.pageSize, { align: this.pageSize });
    this.owned.add(b);
    b.bytes.fill(0);
    const pages = Array.from({ length: n }, (_, i) => ({
      deviceAddress: b.deviceAddress + BigInt(i * this.pageSize),
      bytes: b.bytes.subarray(i * this.pageSize, Math.min((i + 1) * this.pageSize, size)),
    }));
    return new DmaDataBuffer(size, this.pageSize, pages, () => this.releaseQueue(b), b);
  }

  /** One free page (for PRP lists and the like); give it back with releaseQueue(). */
  page(): DmaBuffer {
    return this.queue(this.pageSize, 'page');
  }

  /** Pages held for reuse (not in use). */
  get pooledPages(): number {
    return this.freePages.length;
  }

  /** Buffers handed out and not yet given back. */
  get liveBuffers(): number {
    return this.owned.size;
  }

  /** Frees everything, handed out or pooled; later use throws. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const b of [...this.owned, ...this.freePages.splice(0)]) if (!isFreed(b)) b.free();
    this.owned.clear();
  }

  private takePage(): DmaBuffer {
    return this.freePages.pop() ?? this.dma.alloc(this.pageSize, { align: this.pageSize });
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('DMA pool is closed');
  }
}

function isFreed(b: DmaBuffer): boolean {
  return (b as { isFreed?: boolean }).isFreed === true;
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
