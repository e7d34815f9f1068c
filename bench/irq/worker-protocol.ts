// What bench/irq/index.ts and its worker thread (worker-handler.ts) exchange.
export interface WorkerInput {
  /** worker-handler.ts as a file URL (loaded by worker-boot.mjs). */
  readonly entry: string;
  /** The generated irqbench.ts. */
  readonly modulePath: string;
  readonly efd: number;
  readonly barFd: number;
  readonly total: number;
  /** 'poll': poll(2) through a synchronous ffi-rs call, then read. 'read': one blocking read(2) via fs.readSync. */
  readonly wait: 'poll' | 'read';
  /** 'poll' gives up after this long without a signal ('read' is stopped with STOP). */
  readonly timeoutMs: number;
}

/** Posted once set up ('ready'), then once done. */
export type WorkerOutput = 'ready' | { readonly wakes: [count: number, at: bigint][] } | { readonly error: string };

/** A count no writer reaches: written to the eventfd, it tells a worker blocked in read(2) to stop. */
export const STOP = 1n << 40n;
