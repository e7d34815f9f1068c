// Device interrupts as promises. Each vector's fd is watched by libuv's own epoll on the main loop
// (FdReader), and only while someone waits on it: no thread, and an idle device holds nothing open.
//
// When a wait starts on a vector nobody was waiting on, the channel is read once without blocking: events
// found there happened while nobody waited, so the wait resolves at once with all of them `missed` (and
// without re-arming: the driver has not acknowledged that interrupt yet). Otherwise the source is armed and
// the fd watched; what arrives then is delivered with `missed` 0. An aborted or timed-out wait stops the
// watch when it was the last one, so the event stays in the kernel for the next wait — which then reports
// it as missed. Nothing is lost and nothing is delivered twice.
//
// The usual loop (events(), or wait() again right after the handler) starts its next wait while the
// delivering read's callback is still finishing, and libuv reads the fd once more in that loop turn (it
// reads until EAGAIN). So after a delivery the watch stays on until that read: a wait started before it
// keeps the watch instead of stopping and restarting it (two epoll changes per interrupt saved); with no
// wait by then, the watch stops there. The wait still makes its own pending check first, so `missed`
// stays exact: an interrupt the driver triggers right after calling wait() is not missed. When that check
// finds the fd empty, the channel tells the reader (FdReader.emptied()), which ends the read burst without
// the follow-up read: the watch simply stays on, and the fd's next readiness brings the next interrupt.
//
// handle() is the same watch without promises: the read callback calls the handler, then re-arms the
// source, and the watch stays on until unsubscribed (from the fd read to the handler 0.13 µs, to an
// events() loop body 0.37 µs: bench/README.md, issue 13 round 4). A vector has one consumer at a time, either a handler or waits, so
// nothing is delivered twice and nothing goes to a consumer that did not ask for it.
import type { DeviceIrq, IrqEvent, IrqHandleOptions, IrqWaitOptions } from '../device-types.js';
import type { IrqChannel } from './channel.js';
import { track, untrack } from '../ffi/resources.js';
import { IrqEvents, type Waiter, type WaitPort } from './events-iterator.js';

interface Handler {
  readonly vector: number;
  readonly run: (event: IrqEvent) => void;
  readonly report: (error: unknown) => void;
  cleanup(): void;
}

function busy(message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code: 'EBUSY' });
}

export class IrqDispatcher implements DeviceIrq {
  readonly vectors: number;
  /** Pending waits per vector (only non-empty sets); its channel listens while it is here, or `checking`. */
  private readonly waiters = new Map<number, Set<Waiter>>();
  private readonly armed = new Set<number>();
  /** Events read while no wait was pending: kept for the next wait, as missed. */
  private readonly held = new Map<number, number>();
  /** Vectors just delivered whose watch is still on until libuv's follow-up read in this loop turn. */
  private readonly checking = new Set<number>();
  /** The subscribed handler per vector (such a vector has no waiters and is watched continuously). */
  private readonly handlers = new Map<number, Handler>();
  private isClosed = false;
  /** Set when the device was lost: pending and later waits reject with it. */
  private lostError: Error | undefined;
  /** Set by the device: a read failure that means the device is gone (UIO's EIO after removal). */
  onReadFailure?: (error: Error) => void;

  /** `label` names the device in errors. Channels are indexed by vector; the dispatcher owns them. */
  constructor(
    readonly mode: DeviceIrq['mode'],
    private readonly channels: readonly IrqChannel[],
    private readonly label: string,
  ) {
    this.vectors = channels.length;
    track(this);
  }

  closeAtExit(): void {
    this.close();
  }

  get closed(): boolean {
    return this.isClosed;
  }

  wait(options: IrqWaitOptions = {}): Promise<IrqEvent> {
    return new Promise<IrqEvent>((resolve, reject) => {
      const vector = options.vector ?? 0;
      const signal = options.signal;
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        this.remove(waiter);
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        vector,
        resolve,
        reject,
        cleanup: () => {
          if (timer) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      if (signal?.aborted) return void (this.usable(waiter) && reject(signal.reason));
      if (!this.enqueue(waiter)) return;
      if (options.timeout !== undefined) {
        timer = setTimeout(() => {
          this.remove(waiter);
          const error = new Error(`irq wait on vector ${vector} of ${this.label} timed out after ${options.timeout} ms`) as Error & { code: string };
          error.code = 'ETIMEDOUT';
          reject(error);
        }, options.timeout);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * A loop of waits (runtime/irq/events-iterator.ts): each next() is one wait whose delivery resolves
   * the iterator result directly; the iterator is its own reusable waiter. Ends, without throwing, when
   * the signal aborts or the device closes; next() calls made before the previous one settled run in turn.
   */
  events(options: Omit<IrqWaitOptions, 'timeout'> = {}): AsyncIterableIterator<IrqEvent> {
    return new IrqEvents(options.vector ?? 0, this.port, options.signal);
  }

  private readonly port: WaitPort = ((d: IrqDispatcher): WaitPort => ({
    enqueue: (w) => d.enqueue(w),
    remove: (w) => d.remove(w),
    get closed(): boolean {
      return d.isClosed;
    },
  }))(this);

  /** Rejects `w` (closed device, bad vector, EBUSY) and returns false, or returns true: it may wait. */
  private usable(w: Waiter): boolean {
    const vector = w.vector;
    if (this.isClosed) return w.reject(this.lostError ?? new Error(`irq wait: ${this.label} is closed`)), false;
    if (!Number.isInteger(vector) || vector < 0 || vector >= this.vectors) {
      w.reject(new RangeError(`irq wait: vector ${vector} does not exist on ${this.label} (${this.mode}, ${this.vectors} vector${this.vectors === 1 ? '' : 's'})`));
      return false;
    }
    if (this.handlers.has(vector)) {
      w.reject(busy(`irq wait: vector ${vector} of ${this.label} is taken by a handler (irq.handle); unsubscribe it before waiting`));
      return false;
    }
    return true;
  }

  /**
   * One wait: settles `w` at once with the events already pending (all missed) or with an error (closed
   * device, bad vector, EBUSY) and returns false; otherwise `w` is pending on its vector (returns true).
   */
  private enqueue(w: Waiter): boolean {
    if (!this.usable(w)) return false;
    const vector = w.vector;
    let set = this.waiters.get(vector);
    if (!set) {
      try {
        const pending = this.startListening(vector);
        if (pending > 0) return w.resolve({ vector, count: pending, missed: pending }), false;
      } catch (error) {
        return w.reject(error), false;
      }
      this.waiters.set(vector, (set = new Set()));
    }
    set.add(w);
    return true;
  }

  handle(handler: (event: IrqEvent) => void, options: IrqHandleOptions = {}): () => void {
    const vector = options.vector ?? 0;
    if (this.isClosed) throw this.lostError ?? new Error(`irq handle: ${this.label} is closed`);
    if (typeof handler !== 'function') throw new TypeError(`irq handle: the handler must be a function (got ${typeof handler})`);
    if (!Number.isInteger(vector) || vector < 0 || vector >= this.vectors) {
      throw new RangeError(`irq handle: vector ${vector} does not exist on ${this.label} (${this.mode}, ${this.vectors} vector${this.vectors === 1 ? '' : 's'})`);
    }
    if (this.handlers.has(vector)) throw busy(`irq handle: vector ${vector} of ${this.label} already has a handler; unsubscribe it first`);
    if (this.waiters.has(vector)) throw busy(`irq handle: vector ${vector} of ${this.label} has pending waits; settle or abort them first`);
    const signal = options.signal;
    if (signal?.aborted) return () => {};
    const label = this.label;
    const report =
      options.onError ??
      ((error: unknown) => process.emitWarning(`irq handler on vector ${vector} of ${label}: ${error instanceof Error ? error.message : String(error)}`, { type: 'IrqHandlerError' }));
    const unsubscribe = (): void => {
      if (this.handlers.get(vector) !== h) return;
      this.handlers.delete(vector);
      h.cleanup();
      this.unlisten(vector); // later interrupts stay in the kernel for the next consumer, as missed
    };
    const h: Handler = { vector, run: handler, report, cleanup: () => signal?.removeEventListener('abort', unsubscribe) };
    // Events already pending happened with nobody listening: the handler gets them as missed, from a
    // microtask (never inside handle() itself), and the source is re-armed after it, as for any event.
    const pending = (this.held.get(vector) ?? 0) + this.channels[vector]!.take();
    this.held.delete(vector);
    this.handlers.set(vector, h);
    signal?.addEventListener('abort', unsubscribe, { once: true });
    if (pending > 0) {
      this.armed.delete(vector);
      queueMicrotask(() => {
        if (this.handlers.get(vector) === h) this.invoke(h, { vector, count: pending, missed: pending });
        else this.held.set(vector, (this.held.get(vector) ?? 0) + pending); // unsubscribed first: kept
      });
    } else if (!this.armed.has(vector)) {
      try {
        this.channels[vector]!.arm();
      } catch (error) {
        unsubscribe();
        throw error;
      }
      this.armed.add(vector);
    }
    this.checking.delete(vector); // the watch stays on for the handler, whoever started it
    this.listen(vector);
    return unsubscribe;
  }

  /**
   * Rejects every pending wait, ends every handler, stops every watch and closes every fd. Idempotent.
   * `lost` (the device is gone) is what pending and later waits reject with, and what handlers' onError get.
   */
  close(lost?: Error): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.lostError = lost;
    untrack(this);
    for (const h of this.handlers.values()) {
      h.cleanup();
      if (lost) h.report(lost);
    }
    this.handlers.clear();
    const error = lost ?? new Error(`irq wait: ${this.label} was closed while waiting`);
    const sets = [...this.waiters.values()];
    this.waiters.clear();
    for (const set of sets) {
      for (const w of set) {
        w.cleanup();
        w.reject(error);
      }
    }
    for (const c of this.channels) c.close();
  }

  /**
   * The first wait on a vector: returns the events already pending (they are delivered as missed and the
   * vector is not watched), else arms the source if needed and watches its fd (returns 0); right after a
   * delivery the watch is still on and simply stays.
   */
  private startListening(vector: number): number {
    const channel = this.channels[vector]!;
    const held = this.held.get(vector) ?? 0;
    this.held.delete(vector);
    const pending = held + channel.take();
    if (pending > 0) {
      this.armed.delete(vector); // that interrupt masked an INTx source again
      return pending;
    }
    if (!this.armed.has(vector)) {
      try {
        channel.arm();
      } catch (error) {
        // No wait follows: a watch kept on since the last delivery stops here, as its follow-up read
        // would have stopped it (the empty check above may have ended that read burst, FdReader.emptied()).
        if (this.checking.delete(vector)) channel.unlisten();
        throw error;
      }
      this.armed.add(vector);
    }
    if (this.checking.delete(vector)) return 0; // still watched since the last delivery
    this.listen(vector);
    return 0;
  }

  private listen(vector: number): void {
    this.channels[vector]!.listen(
      (count) => this.deliver(vector, count),
      (error) => this.fail(vector, error),
      () => this.drained(vector),
    );
  }

  /** Runs a handler; what it throws is reported and the watch goes on. Re-arms unless it unsubscribed. */
  private invoke(h: Handler, event: IrqEvent): void {
    try {
      h.run(event);
    } catch (error) {
      h.report(error);
    }
    if (this.handlers.get(h.vector) !== h) return;
    try {
      this.channels[h.vector]!.arm();
      this.armed.add(h.vector);
    } catch (error) {
      // The source stays masked, so no interrupt would come again: end the subscription, say why.
      this.handlers.delete(h.vector);
      h.cleanup();
      this.unlisten(h.vector);
      h.report(error);
    }
  }

  /** libuv's read found the fd empty: a watch kept on after a delivery stops unless a wait took it over. */
  private drained(vector: number): void {
    if (this.checking.delete(vector) && !this.waiters.has(vector)) this.channels[vector]!.unlisten();
  }

  private unlisten(vector: number): void {
    this.checking.delete(vector);
    this.channels[vector]!.unlisten();
  }

  private remove(w: Waiter): void {
    w.cleanup();
    const set = this.waiters.get(w.vector);
    if (set?.delete(w) && set.size === 0) {
      this.waiters.delete(w.vector);
      this.unlisten(w.vector); // leave later events in the kernel for the next wait
    }
  }

  private deliver(vector: number, count: number): void {
    const h = this.handlers.get(vector);
    if (h) {
      this.armed.delete(vector);
      this.invoke(h, { vector, count, missed: 0 });
      return;
    }
    const set = this.waiters.get(vector);
    this.waiters.delete(vector);
    this.armed.delete(vector);
    if (!set) {
      this.held.set(vector, (this.held.get(vector) ?? 0) + count);
      this.unlisten(vector);
      return;
    }
    this.checking.add(vector); // keep the watch on: libuv reads again right after this callback
    const event: IrqEvent = { vector, count, missed: 0 };
    for (const w of set) {
      w.cleanup();
      w.resolve(event);
    }
  }

  private fail(vector: number, error: Error): void {
    this.onReadFailure?.(error);
    if (this.isClosed) return; // the device took it as a removal and closed us with its reason
    const h = this.handlers.get(vector);
    if (h) {
      this.handlers.delete(vector);
      h.cleanup();
      this.unlisten(vector);
      h.report(error);
      return;
    }
    const set = this.waiters.get(vector);
    this.waiters.delete(vector);
    this.unlisten(vector);
    for (const w of set ?? []) {
      w.cleanup();
      w.reject(error);
    }
  }
}

/** The DeviceIrq of a device without interrupts: every wait rejects with the reason. */
export function noIrq(reason: string): DeviceIrq {
  return {
    mode: 'none',
    vectors: 0,
    wait: () => Promise.reject(new Error(`irq wait: ${reason}`)),
    // eslint-disable-next-line require-yield
    events: async function* () {
      throw new Error(`irq events: ${reason}`);
    },
    handle: () => {
      throw new Error(`irq handle: ${reason}`);
    },
  };
}
