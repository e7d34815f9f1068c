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
  /**
   * Makes memory the caller already owns device-visible (pinned and, under VFIO type1, mapped to an
   * IOVA): `bytes` must be the memory at virtual address `address`, page-aligned and a whole number of
   * pages, e.g. a region of a wasm device window so generated wasm routines and the device share it.
   * free() undoes the mapping and leaves the memory to its owner.
   */
  adopt?(address: bigint, bytes: Uint8Array, what: string): DmaBuffer;
}

/** How the runtime learnt that a device is gone (docs/runtime.md, "When things go wrong"). */
export interface DeviceRemoval {
  /**
   * 'request': VFIO's request interrupt (the kernel wants the device back: removal or unbind);
   * 'sysfs': the device left sysfs; 'read-error': reading its UIO node failed (EIO after removal);
   * 'sigbus': an access to its memory faulted (the access read all ones); 'notice': markRemoved().
   */
  readonly cause: 'request' | 'sysfs' | 'read-error' | 'sigbus' | 'notice';
  /** One sentence for logs. */
  readonly reason: string;
}

export interface Device {
  readonly backend: Backend;
  /** Human-readable: which backend, which device, why (e.g. "VFIO type1 (IOVA) on 0000:00:04.0: IOMMU group 7"). */
  readonly description: string;
  /** The mapped BAR, bounds-checked; throws a clear error when the BAR is not mapped. */
  bar(index: number): Mmio;
  /**
   * Where a mapped BAR can be mmap()ed from again (fd, file offset, size), e.g. into a wasm device window
   * with mapInto() so generated wasm routines reach the registers; valid while the device is open.
   * Undefined when the BAR is not one mmap of one fd (a sparse VFIO region, the simulated device).
   */
  barSource?(index: number): { readonly fd: number; readonly offset: number; readonly size: number } | undefined;
  readonly irq: DeviceIrq;
  readonly dma: DmaAllocator;
  readonly closed: boolean;
  /** Releases every mapping, fd, buffer and waiter (pending waits reject). A second close, or any use after close, throws a clear error. */
  close(): void;
  /** Set once the device is gone; every call then fails with an ENODEV error carrying the reason. */
  readonly removed: DeviceRemoval | undefined;
  /**
   * Runs `listener` once when the device is found gone (from a microtask; at once if it already is).
   * By then its memory reads all ones, waits have been rejected and the device has been released, so
   * the kernel's removal can complete. Returns the unsubscribe.
   */
  onRemoved(listener: (removal: DeviceRemoval) => void): () => void;
  /**
   * The application learnt of a removal itself (a udev event, a hot-plug controller): handle it as the
   * runtime would — all-ones memory, waits rejected, device released. Idempotent.
   */
  markRemoved(reason?: string): void;
  /**
   * Resets the device (VFIO_DEVICE_RESET, or the sysfs `reset` file for UIO and resource) and leaves it
   * usable: the same mappings and interrupt routing work afterwards. Throws when the device has no reset
   * method, naming what the kernel offers.
   */
  reset(): void;
}
