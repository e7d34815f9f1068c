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
// stays exact: an interrupt the driver triggers right after calling wait() is not missed.
import type { DeviceIrq, IrqEvent, IrqWaitOptions } from '../device.js';
import type { IrqChannel } from './channel.js';
import { track, untrack } from '../ffi/resources.js';

interface Waiter {
  readonly vector: number;
  readonly resolve: (event: IrqEvent) => void;
  readonly reject: (error: unknown) => void;
  cleanup(): void;
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
  private isClosed = false;

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
    const vector = options.vector ?? 0;
    if (this.isClosed) return Promise.reject(new Error(`irq wait: ${this.label} is closed`));
    if (!Number.isInteger(vector) || vector < 0 || vector >= this.vectors) {
      return Promise.reject(new RangeError(`irq wait: vector ${vector} does not exist on ${this.label} (${this.mode}, ${this.vectors} vector${this.vectors === 1 ? '' : 's'})`));
    }
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<IrqEvent>((resolve, reject) => {
      let set = this.waiters.get(vector);
      if (!set) {
        try {
          const pending = this.startListening(vector);
          if (pending > 0) return resolve({ vector, count: pending, missed: pending });
        } catch (error) {
          return reject(error);
        }
        this.waiters.set(vector, (set = new Set()));
      }
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
      set.add(waiter);
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

  async *events(options: Omit<IrqWaitOptions, 'timeout'> = {}): AsyncGenerator<IrqEvent, void, undefined> {
    for (;;) {
      if (this.isClosed || options.signal?.aborted) return;
      let event: IrqEvent;
      try {
        event = await this.wait(options);
      } catch (error) {
        if (this.isClosed || options.signal?.aborted) return;
        throw error;
      }
      yield event;
    }
  }

  /** Rejects every pending wait, stops every watch and closes every fd. Idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    untrack(this);
    const error = new Error(`irq wait: ${this.label} was closed while waiting`);
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
      channel.arm();
      this.armed.add(vector);
    }
    if (this.checking.delete(vector)) return 0; // still watched since the last delivery
    channel.listen(
      (count) => this.deliver(vector, count),
      (error) => this.fail(vector, error),
      () => this.drained(vector),
    );
    return 0;
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
  };
}
