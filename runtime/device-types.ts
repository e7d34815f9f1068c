// The shape every opened device has, whatever backs it (UIO, VFIO, sysfs resource files, plain files,
// the simulated device): mapped BARs behind the Mmio interface, interrupts as promises, DMA memory.
// Generated accessors take `device.bar(n)`; nothing here knows the DSL.
import type { Mmio } from './registers/mmio.js';

export type Backend = 'uio' | 'vfio' | 'resource' | 'file' | 'sim';

export interface IrqEvent {
  /** Which vector fired: 0 for INTx/UIO; the MSI/MSI-X vector index otherwise. */
  readonly vector: number;
  /** Events counted by the kernel since the previous delivery on this vector (≥ 1). */
  readonly count: number;
  /** Events that happened without anyone waiting (count jumps in UIO's running total). */
  readonly missed: number;
}

export interface IrqWaitOptions {
  /** Milliseconds; rejects with an Error whose `code` is 'ETIMEDOUT'. */
  readonly timeout?: number;
  /** Rejects with the signal's reason (an AbortError); no waiter or event is left behind. */
  readonly signal?: AbortSignal;
  /** Vector to wait on (default 0). */
  readonly vector?: number;
}

export interface IrqHandleOptions {
  /** Vector to handle (default 0). */
  readonly vector?: number;
  /** Aborting unsubscribes, like calling the returned function. */
  readonly signal?: AbortSignal;
  /**
   * Called with what the handler threw (the watch goes on), or with a read or re-arm failure (the
   * subscription ends). Default: a process warning naming the device and vector.
   */
  readonly onError?: (error: unknown) => void;
}

export interface DeviceIrq {
  /** Interrupt mode in use: 'intx' (UIO or VFIO INTx), 'msi', 'msix', or 'sim'. */
  readonly mode: 'intx' | 'msi' | 'msix' | 'sim' | 'none';
  /** Vectors available in this mode. */
  readonly vectors: number;
  /** Resolves at the next interrupt on the vector (re-arming only while someone waits). */
  wait(options?: IrqWaitOptions): Promise<IrqEvent>;
  /** Every interrupt on the vector until the signal aborts or the device closes. */
  events(options?: Omit<IrqWaitOptions, 'timeout'>): AsyncIterable<IrqEvent>;
  /**
   * Runs `handler` for every interrupt on the vector, straight from the event loop's read of it (no
   * promise in between), re-arming the source after it returns. One consumer per vector: while a handler
   * is subscribed, wait() on that vector rejects (code 'EBUSY'), and handle() throws while waits are
   * pending or another handler is subscribed. Returns the unsubscribe (idempotent).
   */
  handle(handler: (event: IrqEvent) => void, options?: IrqHandleOptions): () => void;
}

export interface DmaBuffer {
  readonly size: number;
  /** The address the device uses: an IOVA under VFIO type1, a physical address under UIO/no-IOMMU. */
  readonly deviceAddress: bigint;
  /** Width-exact access for generated DMA layout accessors. */
  readonly mmio: Mmio;
  /** Zero-copy bytes of the buffer (payload data; never for registers). */
  readonly bytes: Uint8Array;
  free(): void;
}

export interface DmaAllocator {
  /** 'iova' (VFIO type1), 'physical' (UIO / no-IOMMU, from /proc/self/pagemap) or 'sim'. */
  readonly addressMode: 'iova' | 'physical' | 'sim';
  /** Why this mode was chosen, for logs and `regmill doctor`. */
  readonly reason: string;
  alloc(size: number, options?: { readonly hugepage?: boolean; readonly align?: number }): DmaBuffer;
}

export interface Device {
  readonly backend: Backend;
  /** Human-readable: which backend, which device, why (e.g. "VFIO type1 (IOVA) on 0000:00:04.0: IOMMU group 7"). */
  readonly description: string;
  /** The mapped BAR, bounds-checked; throws a clear error when the BAR is not mapped. */
  bar(index: number): Mmio;
  readonly irq: DeviceIrq;
  readonly dma: DmaAllocator;
  readonly closed: boolean;
  /** Releases every mapping, fd, buffer and waiter (pending waits reject). A second close, or any use after close, throws a clear error. */
  close(): void;
}
