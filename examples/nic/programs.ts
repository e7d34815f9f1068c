// The packet generator, forwarder and checking receiver, as steppers a loop drives: each step() does
// one batch and returns how many packets it moved, so one process can run several (the --sim set-ups
// and the tests run generator → forwarder → receiver in one loop). Rates are reported once a second
// from the hardware statistics registers, like ixy.
import type { Nic, RateLine } from './api.js';
import { checkFrame, FrameStamper, parseMac, writeFrame } from './frame.js';

export interface Stepper {
  /** Moves one batch; returns how many packets. */
  step(): number;
  /** Ports whose receive can be waited for by interrupt (interrupt mode). */
  readonly waitable: readonly Nic[];
  /** Whether the stepper has a count to reach (a generator or receiver with --count). */
  readonly bounded: boolean;
  /** True once a bounded stepper reached its count. */
  readonly done: boolean;
}

const BROADCAST = parseMac('ff:ff:ff:ff:ff:ff');

/** ixy-pktgen: sequence-numbered frames of `size` bytes out of `nic`, `batch` per txBatch. */
export class Generator implements Stepper {
  readonly waitable: readonly Nic[] = [];
  /** The next sequence number (= frames queued so far). */
  sent = 0;
  private readonly ids: Uint32Array;
  private readonly lengths: Uint16Array;
  private readonly stamper: FrameStamper;

  constructor(
    readonly nic: Nic,
    readonly size: number,
    readonly batch: number,
    /** Stop after this many frames (0: never). */
    readonly count = 0,
  ) {
    const pool = nic.pool;
    if (size > pool.bufferSize) throw new RangeError(`pktgen: frame size ${size} exceeds the ${pool.bufferSize}-byte packet buffers`);
    this.ids = new Uint32Array(batch);
    this.lengths = new Uint16Array(batch).fill(size);
    this.stamper = new FrameStamper(size);
    // Every buffer holds the frame from the start; a send then rewrites the sequence number and its pattern.
    const src = parseMac(nic.mac);
    const all = new Uint32Array(pool.free);
    const n = pool.allocBatch(all, all.length);
    for (let i = 0; i < n; i++) writeFrame(pool.buffers[all[i]!]!, 0, size, 0, BROADCAST, src);
    pool.releaseBatch(all, n);
  }

  get bounded(): boolean {
    return this.count > 0;
  }

  get done(): boolean {
    return this.count > 0 && this.sent >= this.count;
  }

  step(): number {
    const nic = this.nic;
    let want = this.batch;
    if (this.count > 0 && this.count - this.sent < want) want = this.count - this.sent;
    if (want <= 0) {
      nic.txCleanup();
      return 0;
    }
    const ids = this.ids;
    const got = nic.pool.allocBatch(ids, want);
    if (got === 0) {
      nic.txCleanup();
      return 0;
    }
    const buffers = nic.pool.buffers;
    const stamper = this.stamper;
    for (let i = 0; i < got; i++) stamper.stamp(buffers[ids[i]!]!, this.sent + i);
    const queued = nic.txBatch(ids, this.lengths, got);
    if (queued < got) nic.pool.releaseBatch(ids, got - queued, queued); // ring full: the rest go back, their numbers reused
    this.sent += queued;
    return queued;
  }
}

/** ixy-fwd: frames received on `from` go out of `to`. Copies each frame: the ports do not share a DMA address space (see docs/nic.md). */
export class Forwarder implements Stepper {
  readonly waitable: readonly Nic[];
  forwarded = 0;
  /** Frames received but not sent (the other port's ring or pool was full). */
  dropped = 0;
  private readonly rxIds: Uint32Array;
  private readonly txIds: Uint32Array;
  private readonly lengths: Uint16Array;

  constructor(
    readonly from: Nic,
    readonly to: Nic,
    readonly batch: number,
    interrupts = false,
  ) {
    this.waitable = interrupts ? [from] : [];
    this.rxIds = new Uint32Array(batch);
    this.txIds = new Uint32Array(batch);
    this.lengths = new Uint16Array(batch);
  }

  readonly bounded = false;
  readonly done = false;

  step(): number {
    const n = this.from.rxBatch(this.rxIds, this.lengths, this.batch);
    if (n === 0) {
      if (this.to.txInFlight > 0) this.to.txCleanup();
      return 0;
    }
    const src = this.from.pool.buffers;
    const dst = this.to.pool.buffers;
    const m = this.to.pool.allocBatch(this.txIds, n);
    for (let i = 0; i < m; i++) copy(src[this.rxIds[i]!]!, dst[this.txIds[i]!]!, this.lengths[i]!);
    this.from.pool.releaseBatch(this.rxIds, n);
    const sent = this.to.txBatch(this.txIds, this.lengths, m);
    if (sent < m) this.to.pool.releaseBatch(this.txIds, m - sent, sent);
    this.forwarded += sent;
    this.dropped += n - sent;
    return n;
  }
}

function copy(src: Uint8Array, dst: Uint8Array, n: number): void {
  if (n > 256) dst.set(src.subarray(0, n));
  else for (let i = 0; i < n; i++) dst[i] = src[i]!;
}

export interface ReceiveReport {
  readonly frames: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly reordered: number;
  readonly corrupt: number;
  /** Frames that are not test frames (other traffic on the segment). */
  readonly foreign: number;
}

/** Receives and checks test frames: every sequence number once, in order, intact. */
export class Receiver implements Stepper {
  readonly waitable: readonly Nic[];
  frames = 0;
  duplicated = 0;
  reordered = 0;
  corrupt = 0;
  foreign = 0;
  /** The next sequence number expected in order. */
  private next = 0;
  private unique = 0;
  private readonly seen: Uint8Array;
  private readonly ids: Uint32Array;
  private readonly lengths: Uint16Array;

  constructor(
    readonly nic: Nic,
    readonly batch: number,
    /** Frames expected, numbered 0..count-1: then the check is exact. With 0 (unknown) a number below the highest seen counts as out of order (duplicates are not told apart) and gaps as lost. */
    readonly count = 0,
    interrupts = false,
  ) {
    this.waitable = interrupts ? [nic] : [];
    this.seen = new Uint8Array(count > 0 ? count : 0);
    this.ids = new Uint32Array(batch);
    this.lengths = new Uint16Array(batch);
  }

  get bounded(): boolean {
    return this.count > 0;
  }

  get done(): boolean {
    return this.count > 0 && this.unique >= this.count;
  }

  step(): number {
    const n = this.nic.rxBatch(this.ids, this.lengths, this.batch);
    const buffers = this.nic.pool.buffers;
    for (let i = 0; i < n; i++) {
      const seq = checkFrame(buffers[this.ids[i]!]!, 0, this.lengths[i]!);
      if (seq === -1) this.foreign++;
      else if (seq === -2) this.corrupt++;
      else {
        this.frames++;
        if (this.count === 0) {
          if (seq >= this.next) {
            this.unique++;
            this.next = seq + 1;
          } else this.reordered++;
        } else if (seq >= this.count) this.corrupt++;
        else if (this.seen[seq]) this.duplicated++;
        else {
          this.seen[seq] = 1;
          this.unique++;
          if (seq < this.next) this.reordered++;
          else this.next = seq + 1;
        }
      }
    }
    if (n > 0) this.nic.pool.releaseBatch(this.ids, n);
    return n;
  }

  report(): ReceiveReport {
    const expected = this.count > 0 ? this.count : this.next;
    return { frames: this.frames, lost: expected - this.unique, duplicated: this.duplicated, reordered: this.reordered, corrupt: this.corrupt, foreign: this.foreign };
  }
}

export function formatReport(r: ReceiveReport): string {
  return `recv: ${r.frames} frames, ${r.lost} lost, ${r.duplicated} duplicated, ${r.reordered} out of order, ${r.corrupt} corrupt` + (r.foreign ? `, ${r.foreign} other frames` : '');
}

export interface RunOptions {
  /** Stop after this many seconds (0: no limit). */
  readonly seconds: number;
  /** Called once a second (and at the end) with the rate lines of every reported port. */
  readonly report?: (lines: readonly RateLine[]) => void;
  /** Ports whose RX/TX rates are reported. */
  readonly ports: readonly Nic[];
  readonly signal?: AbortSignal;
  /** Batches between yields to the event loop (timers, signals, interrupts); default 64. */
  readonly yieldEvery?: number;
  /** Once one bounded stepper is done: stop after this many ms in which nothing moved (frames lost for good). Default 1000. */
  readonly idleMs?: number;
}

/** Frame overhead on the wire beyond GORC/GOTC's octets (which include the CRC): preamble + SFD (8) and inter-frame gap (12). */
const WIRE_OVERHEAD = 20;

function rates(port: string, dir: 'RX' | 'TX', packets: number, bytes: number, seconds: number): RateLine {
  return { port, dir, packets, seconds, mpps: packets / seconds / 1e6, mbits: ((bytes + packets * WIRE_OVERHEAD) * 8) / seconds / 1e6 };
}

/** Drives the steppers until all that can finish are done, the time is up, or the signal aborts. */
export async function run(steppers: readonly Stepper[], options: RunOptions): Promise<void> {
  const yieldEvery = options.yieldEvery ?? 64;
  const waitable = steppers.flatMap((s) => s.waitable);
  const bounded = steppers.filter((s) => s.bounded);
  const idleMs = options.idleMs ?? 1000;
  let lastMoved = performance.now();
  const start = performance.now();
  let last = start;
  const before = options.ports.map((p) => p.readStats());
  const emit = (now: number): void => {
    const secs = (now - last) / 1000;
    const lines: RateLine[] = [];
    options.ports.forEach((p, i) => {
      const s = p.readStats();
      const b = before[i]!;
      lines.push(rates(p.name, 'RX', s.rxPackets - b.rxPackets, s.rxBytes - b.rxBytes, secs));
      lines.push(rates(p.name, 'TX', s.txPackets - b.txPackets, s.txBytes - b.txBytes, secs));
      before[i] = s;
    });
    last = now;
    options.report?.(lines);
  };
  let rounds = 0;
  for (;;) {
    let moved = 0;
    for (const s of steppers) moved += s.step();
    const now = performance.now();
    if (now - last >= 1000) emit(now);
    if (options.signal?.aborted) break;
    if (options.seconds > 0 && now - start >= options.seconds * 1000) break;
    if (moved > 0) lastMoved = now;
    if (bounded.length > 0 && moved === 0) {
      if (bounded.every((s) => s.done)) break;
      if (bounded.some((s) => s.done) && now - lastMoved >= idleMs) break;
    }
    if (moved === 0 && waitable.length > 0) {
      // Nothing moved: sleep until a receive interrupt (or 10 ms, to look at the clock and the generators again).
      await Promise.race(waitable.map((n) => n.waitForPackets(10).catch((e: { code?: string }) => {
        if (e.code !== 'ETIMEDOUT') throw e;
      })));
    } else if (++rounds % yieldEvery === 0 || moved === 0) {
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  // Let the reported ports finish what is queued (a device sends asynchronously), at most a second,
  // so the last line counts every frame a --count run sent.
  const drainUntil = performance.now() + 1000;
  while (options.ports.some((p) => p.txInFlight > 0) && performance.now() < drainUntil && !options.signal?.aborted) {
    for (const p of options.ports) if (p.txInFlight > 0) p.txCleanup();
    await new Promise<void>((r) => setTimeout(r, 1));
  }
  // A last line for the part-second since the previous one (unless it would be a few ms of noise).
  const end = performance.now();
  if (end - last >= 100 || end - start < 1000) emit(end);
}

/** ixy's text line: "[port] RX: 123.45 Mbit/s 0.24 Mpps". */
export function formatRate(l: RateLine): string {
  return `[${l.port}] ${l.dir}: ${l.mbits.toFixed(2)} Mbit/s ${l.mpps.toFixed(2)} Mpps`;
}
