// irq.events(): a loop of waits on one vector as a plain async iterator (no generator). The iterator is
// itself the dispatcher's waiter, reused by every next(), and the abort signal is listened to once per
// loop rather than once per wait: a next() allocates its promise, the iterator result and the event, and
// nothing else (issue 13: the per-wait closures, Set and listener made events() cost ~2.5 µs of CPU per
// interrupt more than handle() in bench/irq/cpu.ts, most of it between the fd read and the loop body).
// The delivery resolves the iterator result itself, so the body runs one promise hop after the read.
import type { IrqEvent } from '../device-types.js';

/** What a pending wait is to the dispatcher. */
export interface Waiter {
  readonly vector: number;
  resolve(event: IrqEvent): void;
  reject(error: unknown): void;
  /** Called when the wait leaves the dispatcher (delivered, rejected or removed). */
  cleanup(): void;
}

/** The part of the dispatcher an iterator uses. */
export interface WaitPort {
  /** Starts a wait: settles `w` at once (pending events, or an error), or leaves it pending and returns true. */
  enqueue(w: Waiter): boolean;
  /** Takes a pending wait back (its events stay in the kernel). */
  remove(w: Waiter): void;
  readonly closed: boolean;
}

type Result = IteratorResult<IrqEvent, undefined>;

const done = (): Result => ({ value: undefined, done: true });

/**
 * Ends, without throwing, when the signal aborts or the device closes; a real error (bad vector, EBUSY, a
 * failed read) is thrown by one next(), and the iterator is done after it. next() calls made before the
 * previous one settled run one after another, each getting its own interrupt.
 */
export class IrqEvents implements AsyncIterableIterator<IrqEvent>, Waiter {
  private finished = false;
  /** next() calls not settled yet; beyond the first they are chained on `tail`. */
  private unsettled = 0;
  private tail: Promise<Result> | undefined;
  private settleResult: ((r: Result) => void) | undefined;
  private failResult: ((error: unknown) => void) | undefined;
  /** True while this iterator is a waiter in the dispatcher. */
  private pending = false;
  private readonly executor = (resolve: (r: Result) => void, reject: (error: unknown) => void): void => {
    this.settleResult = resolve;
    this.failResult = reject;
  };
  private readonly step = (): Promise<Result> => {
    const p = new Promise<Result>(this.executor);
    if (this.finished || this.port.closed || this.signal?.aborted) this.settle(done());
    else this.pending = this.port.enqueue(this);
    return p;
  };
  private readonly onAbort = (): void => {
    if (this.pending) this.port.remove(this); // calls cleanup()
    this.end();
  };

  constructor(
    readonly vector: number,
    private readonly port: WaitPort,
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  next(): Promise<Result> {
    this.tail = this.unsettled++ > 0 ? this.tail!.then(this.step, this.step) : this.step();
    return this.tail;
  }

  /** Ends the loop (for-await calls it on break); a next() still pending resolves done, its interrupt left in the kernel. */
  return(): Promise<Result> {
    if (this.pending) this.port.remove(this);
    this.end();
    return Promise.resolve(done());
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  // Waiter, called by the dispatcher

  resolve(event: IrqEvent): void {
    this.settle({ value: event, done: false });
  }

  reject(error: unknown): void {
    if (this.port.closed || this.signal?.aborted) return this.end();
    const fail = this.failResult;
    this.settleResult = this.failResult = undefined;
    this.finish();
    if (fail) (this.unsettled--, fail(error));
  }

  cleanup(): void {
    this.pending = false;
  }

  private settle(r: Result): void {
    const resolve = this.settleResult;
    this.settleResult = this.failResult = undefined;
    if (resolve) (this.unsettled--, resolve(r));
  }

  /** Done from now on; a pending next() resolves done. */
  private end(): void {
    this.finish();
    this.settle(done());
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
