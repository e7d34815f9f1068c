// Interrupt delivery for the simulated device, per runtime/device-types.ts: one line per vector, driven by
// the sim (line = OR of status & enable over the vector's causes).
//
// - A rising line is one event. With nobody waiting it is latched (counted) and delivered to the next
//   waiter with `count` = events since the last delivery; `missed` counts those that happened while no
//   wait was pending (docs/runtime.md, the same definition as the UIO and VFIO backends).
// - Each event goes to exactly one waiter (oldest first): no double delivery.
// - INTx vectors are level-triggered: like a kernel that masks INTx after each interrupt and unmasks it
//   when the driver waits again, a new wait while the line is still high fires again at once. MSI and
//   MSI-X vectors are messages: each cause that becomes pending sends one (even while another cause of
//   the vector is still pending), and nothing re-fires on its own.
// - A timed-out or aborted wait removes its waiter and consumes nothing.
// - handle(): the handler takes every event of its vector (waits on it reject with EBUSY). It runs from
//   setImmediate, never inside the register access that raised the line (the handler itself accesses
//   registers), and after it returns an INTx line still high fires again, as the kernel's unmask would.
import type { DeviceIrq, IrqEvent, IrqHandleOptions, IrqWaitOptions } from '../device-types.js';

interface Waiter {
  resolve(ev: IrqEvent): void;
  reject(err: unknown): void;
}

interface SimHandler {
  readonly run: (ev: IrqEvent) => void;
  readonly report: (error: unknown) => void;
  cleanup(): void;
}

interface Line {
  readonly level: boolean;
}

class VectorState implements Line {
  level = false;
  latched = 0;
  /** Of `latched`, the events that rose while no wait was pending. */
  missed = 0;
  readonly waiters: Waiter[] = [];
  handler: SimHandler | undefined;
  /** A handler run is scheduled (setImmediate). */
  scheduled = false;
  constructor(readonly edgeOnly: boolean) {}
}

export class SimIrq implements DeviceIrq {
  readonly mode: 'sim' | 'none';
  readonly vectors: number;
  private readonly state: VectorState[];
  private closed = false;

  constructor(
    vectorKinds: readonly ('intx' | 'msi' | 'msix')[],
    private readonly label: string,
  ) {
    this.vectors = vectorKinds.length;
    this.mode = this.vectors > 0 ? 'sim' : 'none';
    this.state = vectorKinds.map((k) => new VectorState(k !== 'intx'));
  }

  /**
   * The sim reports each vector's line after every access or hardware update, and whether some cause
   * of the vector became pending since the last report (what makes an MSI device send a message).
   */
  setLevel(vector: number, level: boolean, causeRose: boolean): void {
    const s = this.state[vector];
    if (!s || this.closed) return;
    const rose = s.edgeOnly ? causeRose : level && !s.level;
    s.level = level;
    if (rose) {
      s.latched++;
      if (s.waiters.length === 0 && !s.handler) s.missed++;
      this.deliver(s, vector);
    }
  }

  /** Whether the vector's line is asserted now (for tests and dump). */
  level(vector = 0): boolean {
    return this.state[vector]?.level ?? false;
  }

  private deliver(s: VectorState, vector: number): void {
    if (s.latched === 0) return;
    if (s.handler) return this.schedule(s, vector);
    const w = s.waiters.shift();
    if (!w) return;
    const count = s.latched;
    const missed = Math.min(s.missed, count);
    s.latched = 0;
    s.missed = 0;
    w.resolve({ vector, count, missed });
  }

  wait(options: IrqWaitOptions = {}): Promise<IrqEvent> {
    const vector = options.vector ?? 0;
    if (this.closed) return Promise.reject(new Error(`${this.label}: wait() on a closed device`));
    const s = this.state[vector];
    if (!s) {
      return Promise.reject(new RangeError(`${this.label}: no interrupt vector ${vector} (the spec declares ${this.vectors === 0 ? 'no interrupts' : `vectors 0..${this.vectors - 1}`})`));
    }
    if (s.handler) {
      return Promise.reject(Object.assign(new Error(`${this.label}: vector ${vector} is taken by a handler (irq.handle); unsubscribe it before waiting`), { code: 'EBUSY' }));
    }
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<IrqEvent>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = s.waiters.indexOf(waiter);
        if (i >= 0) s.waiters.splice(i, 1);
      };
      const waiter: Waiter = {
        resolve: (ev) => {
          cleanup();
          resolve(ev);
        },
        reject: (err) => {
          cleanup();
          reject(err);
        },
      };
      const onAbort = (): void => waiter.reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeout !== undefined) {
        timer = setTimeout(() => {
          waiter.reject(Object.assign(new Error(`${this.label}: no interrupt on vector ${vector} within ${options.timeout} ms`), { code: 'ETIMEDOUT' }));
        }, options.timeout);
      }
      s.waiters.push(waiter);
      this.rearm(s);
      this.deliver(s, vector);
    });
  }

  events(options: Omit<IrqWaitOptions, 'timeout'> = {}): AsyncIterable<IrqEvent> {
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          if (self.closed || options.signal?.aborted) return;
          try {
            yield await self.wait(options);
          } catch (e) {
            if (self.closed || options.signal?.aborted) return;
            throw e;
          }
        }
      },
    };
  }

  handle(handler: (event: IrqEvent) => void, options: IrqHandleOptions = {}): () => void {
    const vector = options.vector ?? 0;
    if (this.closed) throw new Error(`${this.label}: handle() on a closed device`);
    if (typeof handler !== 'function') throw new TypeError(`${this.label}: the interrupt handler must be a function (got ${typeof handler})`);
    const s = this.state[vector];
    if (!s) throw new RangeError(`${this.label}: no interrupt vector ${vector} (the spec declares ${this.vectors === 0 ? 'no interrupts' : `vectors 0..${this.vectors - 1}`})`);
    const taken = s.handler ? 'already has a handler; unsubscribe it first' : s.waiters.length > 0 ? 'has pending waits; settle or abort them first' : undefined;
    if (taken) throw Object.assign(new Error(`${this.label}: vector ${vector} ${taken}`), { code: 'EBUSY' });
    const signal = options.signal;
    if (signal?.aborted) return () => {};
    const label = this.label;
    const unsubscribe = (): void => {
      if (s.handler !== h) return;
      s.handler = undefined;
      h.cleanup();
    };
    const h: SimHandler = {
      run: handler,
      report:
        options.onError ??
        ((error: unknown) => process.emitWarning(`irq handler on vector ${vector} of ${label}: ${error instanceof Error ? error.message : String(error)}`, { type: 'IrqHandlerError' })),
      cleanup: () => signal?.removeEventListener('abort', unsubscribe),
    };
    s.handler = h;
    signal?.addEventListener('abort', unsubscribe, { once: true });
    this.rearm(s);
    this.deliver(s, vector);
    return unsubscribe;
  }

  /** Level-triggered re-arm: a line still high after the previous delivery fires again. */
  private rearm(s: VectorState): void {
    if (!s.edgeOnly && s.level && s.latched === 0) s.latched = 1;
  }

  private schedule(s: VectorState, vector: number): void {
    if (s.scheduled) return;
    s.scheduled = true;
    setImmediate(() => {
      s.scheduled = false;
      const h = s.handler;
      if (!h || this.closed || s.latched === 0) return; // unsubscribed: the events stay latched
      const ev: IrqEvent = { vector, count: s.latched, missed: Math.min(s.missed, s.latched) };
      s.latched = 0;
      s.missed = 0;
      try {
        h.run(ev);
      } catch (error) {
        h.report(error);
      }
      if (s.handler !== h || this.closed) return;
      this.rearm(s);
      this.deliver(s, vector);
    });
  }

  close(): void {
    this.closed = true;
    for (const s of this.state) {
      s.handler?.cleanup();
      s.handler = undefined;
    }
    for (const s of this.state) {
      for (const w of [...s.waiters]) w.reject(Object.assign(new Error(`${this.label}: device closed while waiting for an interrupt`), { code: 'ECANCELED' }));
    }
  }
}
