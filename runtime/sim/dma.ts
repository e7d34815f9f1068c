// DMA memory for the simulated device: ordinary ArrayBuffers with made-up device addresses that the
// sim (and device models) can resolve back to bytes, so a driver hands the device addresses exactly as
// it would under VFIO or UIO, and the model "bus-masters" with dmaRead/dmaWrite. An address outside
// every live buffer is a DMA fault (an Error naming the address), like an IOMMU fault on real hardware.
import type { DmaAllocator, DmaBuffer } from '../device-types.js';
import { TypedArrayMmio } from '../registers/mmio.js';
import { hex } from '../../compiler/ir/bits.js';

interface Live {
  readonly address: bigint;
  readonly size: number;
  readonly bytes: Uint8Array;
}

export class SimDma implements DmaAllocator {
  readonly addressMode = 'sim' as const;
  readonly reason = 'simulated device: buffers are host memory with sim-assigned device addresses';
  private readonly live = new Map<bigint, Live>();
  private next: bigint;

  constructor(
    base: bigint,
    private readonly label: string,
    private readonly checkOpen: () => void,
  ) {
    this.next = base;
  }

  alloc(size: number, options: { readonly hugepage?: boolean; readonly align?: number } = {}): DmaBuffer {
    this.checkOpen();
    if (!Number.isInteger(size) || size <= 0) throw new RangeError(`${this.label}: DMA buffer size must be a positive integer, got ${size}`);
    const align = options.align ?? 4096;
    if (!Number.isInteger(align) || align <= 0 || (align & (align - 1)) !== 0) throw new RangeError(`${this.label}: DMA alignment must be a power of two, got ${align}`);
    const a = BigInt(Math.max(align, 4096));
    const address = ((this.next + a - 1n) / a) * a;
    // Leave an unmapped page after each buffer so an overrun faults instead of hitting the next buffer.
    this.next = address + BigInt(Math.ceil(size / 4096) * 4096 + 4096);
    const buffer = new ArrayBuffer(Math.ceil(size / 8) * 8);
    const bytes = new Uint8Array(buffer, 0, size);
    const entry: Live = { address, size, bytes };
    this.live.set(address, entry);
    let freed = false;
    const live = this.live;
    const label = this.label;
    return {
      size,
      deviceAddress: address,
      mmio: new TypedArrayMmio(buffer, 0, buffer.byteLength),
      bytes,
      free(): void {
        if (freed) throw new Error(`${label}: DMA buffer at ${hex(address)} freed twice`);
        freed = true;
        live.delete(address);
      },
    };
  }

  /** Registers caller-owned bytes (e.g. wasm window memory) as a DMA buffer with a sim device address. */
  adopt(_address: bigint, bytes: Uint8Array, what: string): DmaBuffer {
    this.checkOpen();
    if (bytes.byteLength === 0) throw new RangeError(`${this.label}: adopt(${what}): no bytes`);
    const address = ((this.next + 4095n) / 4096n) * 4096n;
    this.next = address + BigInt(Math.ceil(bytes.byteLength / 4096) * 4096 + 4096);
    this.live.set(address, { address, size: bytes.byteLength, bytes });
    let freed = false;
    const live = this.live;
    const label = this.label;
    return {
      size: bytes.byteLength,
      deviceAddress: address,
      mmio: new TypedArrayMmio(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      bytes,
      free(): void {
        if (freed) throw new Error(`${label}: adopted DMA buffer ${what} at ${hex(address)} freed twice`);
        freed = true;
        live.delete(address);
      },
    };
  }

  private locate(address: bigint, length: number, op: string): { entry: Live; at: number } {
    for (const entry of this.live.values()) {
      if (address >= entry.address && address + BigInt(length) <= entry.address + BigInt(entry.size)) {
        return { entry, at: Number(address - entry.address) };
      }
    }
    throw Object.assign(new Error(`${this.label}: DMA fault: ${op} of ${length} bytes at device address ${hex(address)} is not inside a live DMA buffer`), { code: 'EFAULT' });
  }

  /** A copy of `length` bytes the device reads from host memory at `address`. */
  read(address: bigint, length: number): Uint8Array {
    const { entry, at } = this.locate(address, length, 'read');
    return entry.bytes.slice(at, at + length);
  }

  /** The device writes `data` into host memory at `address`. */
  write(address: bigint, data: Uint8Array): void {
    const { entry, at } = this.locate(address, data.length, 'write');
    entry.bytes.set(data, at);
  }

  /** Buffers allocated or adopted and not yet freed. */
  get liveBuffers(): number {
    return this.live.size;
  }

  freeAll(): void {
    this.live.clear();
  }
}
