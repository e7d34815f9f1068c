// A DmaBuffer over pinned memory: checked Mmio for layout accessors, zero-copy bytes for payload.
import type { DmaBuffer } from '../device-types.js';
import { ViewMmio } from '../mappings/view-mmio.js';
import type { PinnedMemory } from './pinned-memory.js';

export class PinnedDmaBuffer implements DmaBuffer {
  readonly size: number;
  readonly mmio: ViewMmio;
  readonly bytes: Uint8Array;
  readonly hugepage: boolean;
  private freed = false;

  /** `onFree` undoes the device mapping (IOMMU unmap) before the memory goes. */
  constructor(
    private readonly memory: PinnedMemory,
    size: number,
    readonly deviceAddress: bigint,
    private readonly onFree: () => void,
  ) {
    this.size = size;
    this.hugepage = memory.hugepage;
    this.bytes = memory.view.subarray(0, size);
    this.mmio = new ViewMmio(this.bytes, `DMA buffer at device address 0x${deviceAddress.toString(16)}`);
  }

  /** Virtual address of the first byte (for diagnostics and tests). */
  get address(): bigint {
    return this.memory.address;
  }

  get isFreed(): boolean {
    return this.freed;
  }

  free(): void {
    if (this.freed) throw new Error(`DMA buffer at device address 0x${this.deviceAddress.toString(16)} was already freed`);
    this.freed = true;
    this.mmio.detach();
    try {
      this.onFree();
    } finally {
      this.memory.release();
    }
  }
}
