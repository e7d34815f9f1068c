// A timeout-bounded wait for a register condition (NVMe: CSTS.RDY within CAP.TO × 500 ms, NVMe 1.4
// section 3.1.1 and 7.6.1). Each poll is one call of `read` (one bus access in the caller's accessor);
// between polls the wait yields to the event loop, so device models driven by timers, interrupts and
// other I/O keep running. The value is re-read once after the deadline, so a condition that became true
// while the process was descheduled still counts.

export interface WaitOptions {
  /** Milliseconds before the wait fails with code 'ETIMEDOUT'. */
  readonly timeoutMs: number;
  /** What is awaited, for the error: e.g. "CSTS.RDY = 1 after CC.EN = 1". */
  readonly what: string;
  /** Why this timeout, for the error: e.g. "CAP.TO = 30 × 500 ms". */
  readonly why?: string;
  /** Polls without yielding to the event loop first (default 16: fast devices answer at once). */
  readonly spins?: number;
  /**
   * Sleep between polls once the wait has lasted this long, in ms (default 1). Before that, after the
   * spins, each poll yields one event-loop turn (setImmediate) instead: a condition that becomes true
   * after 50 µs is seen within microseconds, not after a whole timer tick.
   */
  readonly intervalMs?: number;
  /** Aborting rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Shows the last value read in the error (default: hexadecimal). */
  readonly describe?: (value: unknown) => string;
}

export class WaitTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(
    message: string,
    readonly last: unknown,
    readonly elapsedMs: number,
  ) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}

/** Polls `read()` until `done(value)`; resolves with that value, or rejects with a WaitTimeoutError. */
export async function waitFor<T>(read: () => T, done: (value: T) => boolean, options: WaitOptions): Promise<T> {
  const { timeoutMs, what } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new RangeError(`waitFor(${what}): timeout must be a non-negative number of ms, got ${timeoutMs}`);
  const spins = options.spins ?? 16;
  const interval = options.intervalMs ?? 1;
  const start = performance.now();
  const deadline = start + timeoutMs;
  for (let i = 0; ; i++) {
    options.signal?.throwIfAborted();
    const v = read();
    if (done(v)) return v;
    if (performance.now() >= deadline) {
      const elapsed = Math.round(performance.now() - start);
      const shown = (options.describe ?? describeValue)(v);
      throw new WaitTimeoutError(`timed out after ${elapsed} ms waiting for ${what}${options.why ? ` (${options.why})` : ''}; last value read: ${shown}`, v, elapsed);
    }
    // Three steps, each bounded: spins (microtasks only), then one event-loop turn per poll until the
    // wait has lasted `interval`, then a sleep of `interval` per poll. A sleep right after the spins
    // was a latency cliff: setTimeout's 1 ms tick for a device that answers in tens of µs.
    if (i < spins) {
      if (i % 4 === 3) await Promise.resolve(); // let microtasks (promise-driven models) run
    } else if (performance.now() - start < interval) await turn(options.signal);
    else await sleep(Math.min(interval, Math.max(0, deadline - performance.now())), options.signal);
  }
}

function describeValue(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return `0x${v.toString(16)}`;
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `0x${x.toString(16)}` : x));
  } catch {
    return String(v);
  }
}

/** One event-loop turn (timers and I/O run), ending early with the signal's reason on abort. */
function turn(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    setImmediate(() => (signal?.aborted ? reject(signal.reason) : resolve()));
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
