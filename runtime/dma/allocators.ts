// The three ways a device gets an address for our memory, each stating its mode and why it was chosen.
import type { DmaAllocator, DmaBuffer } from '../device-types.js';
import * as libc from '../ffi/libc.js';
import type { VfioDevice } from '../vfio/device.js';
import { allocPinned, HUGEPAGE_SIZE } from './pinned-memory.js';
import { physicalAddress } from './pagemap.js';
import { PinnedDmaBuffer } from './dma-buffer.js';
import { ViewMmio } from '../mappings/view-mmio.js';
import { IovaSpace } from '../vfio/iova-space.js';

export interface AllocOptions {
  readonly hugepage?: boolean;
  readonly align?: number;
}

/** Tracks live buffers so the device can free them all on close; refuses use after close. */
abstract class TrackingAllocator implements DmaAllocator {
  abstract readonly addressMode: DmaAllocator['addressMode'];
  abstract readonly reason: string;
  private readonly live = new Set<PinnedDmaBuffer>();
  private readonly adopted = new Set<() => void>();
  private isClosed = false;

  alloc(size: number, options: AllocOptions = {}): DmaBuffer {
    if (this.isClosed) throw new Error(`DMA alloc: the device is closed`);
    const align = options.align ?? 1;
    if (!Number.isInteger(align) || align <= 0 || (align & (align - 1)) !== 0) throw new RangeError(`DMA alloc: align must be a power of two, got ${align}`);
    const memory = allocPinned(size, options.hugepage === undefined ? {} : { hugepage: options.hugepage });
    // Buffers start on a page (or hugepage) boundary, so any alignment up to that holds.
    const pageAlign = memory.hugepage ? HUGEPAGE_SIZE : libc.pageSize();
    if (align > pageAlign) {
      memory.release();
      throw new RangeError(`DMA alloc: align ${align} exceeds the ${pageAlign}-byte page the buffer starts on`);
    }
    let buffer: PinnedDmaBuffer;
    try {
      const { deviceAddress, undo } = this.mapForDevice(memory.address, memory.length, size);
      buffer = new PinnedDmaBuffer(memory, size, deviceAddress, () => {
        this.live.delete(buffer);
        undo();
      });
    } catch (error) {
      memory.release();
      throw error;
    }
    this.live.add(buffer);
    return buffer;
  }

  /** Pins caller-owned memory (a wasm window region) and makes it device-visible; free() unmaps and unlocks it. */
  adopt(address: bigint, bytes: Uint8Array, what: string): DmaBuffer {
    if (this.isClosed) throw new Error(`DMA adopt(${what}): the device is closed`);
    const page = libc.pageSize();
    const length = bytes.byteLength;
    if (address % BigInt(page) !== 0n || length === 0 || length % page !== 0) {
      throw new RangeError(`DMA adopt(${what}): ${length} bytes at 0x${address.toString(16)} are not whole ${page}-byte pages`);
    }
    libc.mlock(address, length, `DMA adopt(${what})`);
    let mapped: { deviceAddress: bigint; undo: () => void };
    try {
      mapped = this.mapForDevice(address, length, length);
    } catch (error) {
      libc.munlock(address, length);
      throw error;
    }
    const mmio = new ViewMmio(bytes, `${what} (adopted DMA memory at device address 0x${mapped.deviceAddress.toString(16)})`);
    let freed = false;
    const release = (): void => {
      if (freed) throw new Error(`DMA buffer ${what} at device address 0x${mapped.deviceAddress.toString(16)} was already freed`);
      freed = true;
      this.adopted.delete(release);
      mmio.detach();
      try {
        mapped.undo();
      } finally {
        libc.munlock(address, length);
      }
    };
    this.adopted.add(release);
    return { size: length, deviceAddress: mapped.deviceAddress, mmio, bytes, free: release };
  }

  /** Frees every live buffer; later allocs throw. */
  close(): void {
    this.isClosed = true;
    for (const b of [...this.live]) b.free();
    for (const release of [...this.adopted]) release();
  }

  get liveBuffers(): number {
    return this.live.size;
  }

  protected abstract mapForDevice(address: bigint, length: number, size: number): { deviceAddress: bigint; undo: () => void };
}

/** VFIO type1: the IOMMU translates, so any pinned memory works and the device address is an IOVA. */
export class IovaAllocator extends TrackingAllocator {
  readonly addressMode = 'iova' as const;
  readonly reason: string;
  private readonly space = new IovaSpace();

  constructor(private readonly device: VfioDevice) {
    super();
    this.reason = `VFIO ${device.iommu} IOMMU on ${device.bdf}: buffers are mapped with VFIO_IOMMU_MAP_DMA, the device sees IOVAs (no root needed, any size)`;
  }

  protected mapForDevice(address: bigint, length: number): { deviceAddress: bigint; undo: () => void } {
    const iova = this.space.alloc(length, length >= HUGEPAGE_SIZE ? HUGEPAGE_SIZE : libc.pageSize());
    this.device.dmaMap(address, iova, length);
    return {
      deviceAddress: iova,
      undo: () => {
        if (!this.device.closed) this.device.dmaUnmap(iova, length);
        this.space.release(iova, length);
      },
    };
  }
}

/** UIO / VFIO no-IOMMU / sysfs resource: the device sees physical memory, found in /proc/self/pagemap. */
export class PhysicalAllocator extends TrackingAllocator {
  readonly addressMode = 'physical' as const;

  constructor(
    readonly reason: string,
    private readonly procRoot?: string,
  ) {
    super();
  }

  protected mapForDevice(address: bigint, _length: number, size: number): { deviceAddress: bigint; undo: () => void } {
    return { deviceAddress: physicalAddress(address, size, libc.pageSize(), this.procRoot), undo: () => {} };
  }
}

/** No real device (file backend): the "device address" is the buffer's own virtual address. */
export class VirtualAllocator extends TrackingAllocator {
  readonly addressMode = 'sim' as const;
  readonly reason = 'no device behind this backend: device addresses are the buffers\' virtual addresses (for simulation and tests)';

  protected mapForDevice(address: bigint): { deviceAddress: bigint; undo: () => void } {
    return { deviceAddress: address, undo: () => {} };
  }
}
