// Device interrupts as promises. One poll(2) on a native thread per device covers every vector someone
// waits on, plus a wake-up eventfd so the set can change and close() can stop the thread at once. A vector
// is armed only when a wait starts, and its fd is read only while a waiter is there to receive the event:
// an aborted or timed-out wait leaves the event in the kernel for the next waiter, so nothing is lost and
// nothing is delivered twice.
import { writeSync } from 'node:fs';
import * as libc from '../ffi/libc.js';
import { EFD_CLOEXEC, EFD_NONBLOCK, POLLERR, POLLHUP, POLLIN, POLLNVAL } from '../ffi/constants.js';
import type { DeviceIrq, IrqEvent, IrqWaitOptions } from '../device.js';
import type { IrqChannel } from './channel.js';
import { readCounter } from './eventfd-channel.js';
import { track, untrack } from '../ffi/resources.js';

interface Waiter {
  readonly vector: number;
  readonly resolve: (event: IrqEvent) => void;
  readonly reject: (error: unknown) => void;
  cleanup(): void;
}

export class IrqDispatcher implements DeviceIrq {
  readonly vectors: number;
  private readonly waiters = new Map<number, Set<Waiter>>();
  private readonly armed = new Set<number>();
  private readonly wakeFd: number;
  private readonly scratch = Buffer.alloc(8);
  private pumping = false;
  private isClosed = false;
  private released = false;

  /** `label` names the device in errors. Channels are indexed by vector; the dispatcher owns them. */
  constructor(
    readonly mode: DeviceIrq['mode'],
    private readonly channels: readonly IrqChannel[],
    private readonly label: string,
  ) {
    this.vectors = channels.length;
    this.wakeFd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
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
      if (!this.armed.has(vector)) {
        try {
          this.channels[vector]!.arm();
        } catch (error) {
          reject(error);
          return;
        }
        this.armed.add(vector);
      }
      let set = this.waiters.get(vector);
      if (!set) this.waiters.set(vector, (set = new Set()));
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
      this.kick();
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

  /** Rejects every pending wait, stops the poll thread and closes every fd. Idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    untrack(this);
    const error = new Error(`irq wait: ${this.label} was closed while waiting`);
    for (const set of this.waiters.values()) {
      for (const w of set) {
        w.cleanup();
        w.reject(error);
      }
    }
    this.waiters.clear();
    // The poll thread holds the fds: wake it and let it release them; a pending poll would also block exit.
    if (this.pumping) this.wake();
    else this.release();
  }

  private remove(w: Waiter): void {
    w.cleanup();
    const set = this.waiters.get(w.vector);
    if (set?.delete(w) && set.size === 0) {
      this.waiters.delete(w.vector);
      if (this.pumping) this.wake(); // stop polling a vector nobody waits on
    }
  }

  private kick(): void {
    if (this.pumping) this.wake();
    else {
      this.pumping = true;
      void this.pump();
    }
  }

  private wake(): void {
    this.scratch.writeBigUInt64LE(1n);
    writeSync(this.wakeFd, this.scratch, 0, 8);
  }

  private async pump(): Promise<void> {
    try {
      while (!this.isClosed && this.waiters.size > 0) {
        const vectors = [...this.waiters.keys()];
        const fds = libc.encodePollFds([{ fd: this.wakeFd, events: POLLIN }, ...vectors.map((v) => ({ fd: this.channels[v]!.fd, events: POLLIN }))]);
        await libc.pollAsync(fds, -1);
        if (libc.revents(fds, 0)) readCounter(this.wakeFd, this.scratch, `${this.label} wake-up eventfd`);
        vectors.forEach((v, i) => {
          if (libc.revents(fds, i + 1) & (POLLIN | POLLERR | POLLHUP | POLLNVAL)) this.deliver(v);
        });
      }
    } catch (error) {
      for (const set of this.waiters.values()) for (const w of set) (w.cleanup(), w.reject(error));
      this.waiters.clear();
    } finally {
      this.pumping = false;
      if (this.isClosed) this.release();
      else if (this.waiters.size > 0) this.kick();
    }
  }

  private deliver(vector: number): void {
    const set = this.waiters.get(vector);
    if (!set || set.size === 0 || this.isClosed) return; // leave it in the kernel for the next waiter
    let got;
    try {
      got = this.channels[vector]!.consume();
    } catch (error) {
      this.waiters.delete(vector);
      for (const w of set) (w.cleanup(), w.reject(error));
      return;
    }
    if (!got) return;
    this.armed.delete(vector);
    this.waiters.delete(vector);
    const event: IrqEvent = { vector, count: got.count, missed: got.missed };
    for (const w of set) {
      w.cleanup();
      w.resolve(event);
    }
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    for (const c of this.channels) c.close();
    libc.close(this.wakeFd, `${this.label} wake-up eventfd`);
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
