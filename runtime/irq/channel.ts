// One interrupt vector behind a readable fd. The dispatcher takes what is already pending when a wait
// starts (`take`: those events happened while nobody waited), arms the source, and listens only while
// someone waits, so no event is read from the kernel without a receiver.
export interface IrqChannel {
  readonly vector: number;
  readonly fd: number;
  /** Re-enables the source before a wait (UIO irqcontrol or INTx bit, VFIO INTx unmask); no-op for MSI. */
  arm(): void;
  /** Non-blocking read: events pending now (0 when none). */
  take(): number;
  /**
   * Calls `onEvents(count ≥ 1)` for each read on the main loop until unlisten(); `onError` stops it.
   * `onDrained` follows the last read of a burst (the fd had nothing more), in the same loop turn.
   */
  listen(onEvents: (count: number) => void, onError: (error: Error) => void, onDrained: () => void): void;
  unlisten(): void;
  close(): void;
}
