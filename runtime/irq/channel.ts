// One interrupt vector as a pollable fd. The dispatcher polls `fd`, calls `consume` only when someone
// waits on the vector (so no event is taken from the kernel without a receiver), and `arm` before a wait
// on a vector that delivered since it was last armed (INTx is masked by the kernel after each interrupt).
export interface IrqCount {
  /** Events since the previous delivery (≥ 1). */
  readonly count: number;
  /** Events beyond the one the waiter was woken for. */
  readonly missed: number;
}

export interface IrqChannel {
  readonly vector: number;
  readonly fd: number;
  /** Re-enables the source before a wait (UIO irqcontrol or INTx bit, VFIO INTx unmask); no-op for MSI. */
  arm(): void;
  /** Reads the fd after poll said it is readable; undefined when nothing was there after all (EAGAIN). */
  consume(): IrqCount | undefined;
  close(): void;
}
