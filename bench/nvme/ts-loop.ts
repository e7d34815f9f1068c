// Rows a and c of the NVMe guest benchmark: QD reads kept in flight through the driver's IoQueue
// (examples/nvme/io.ts), polled or woken by the CQ's MSI-X vector. One ReadLoop per row: the queue, its
// slots and the completion callback are built once and reused by every QD, so V8 optimizes the hot path
// once (under TCG that takes seconds, bench/README.md) instead of again for each new closure.
import type { NvmeDriver } from '../../examples/nvme/controller.js';
import { IoQueue, ok } from '../../examples/nvme/io.js';
import { isPattern, LatencyLog, randomLba, type RowResult } from './stats.js';

export class ReadLoop {
  readonly io: IoQueue;
  private readonly lbas: Int32Array;
  private readonly started: Float64Array;
  private readonly rnd: { s: number };
  private log = new LatencyLog();
  private bad = 0;
  private failed = '';
  private completed = 0;
  private warmUntil = 0;
  private t0 = 0;
  private deadline = Infinity;
  private seconds = 0;
  private stopping = false;
  private inflight = 0;
  private resubmit = 0;
  private interrupts = 0;
  /** The time of this poll's first completion (0: none yet): one clock read per batch, as loop.h's. */
  private batchT = 0;

  constructor(
    drv: NvmeDriver,
    qid: number,
    slots: number,
    private readonly blocks: number,
    lbaSize: number,
    private readonly seed: number,
    randomSeed: number,
  ) {
    if (lbaSize !== 512) throw new Error(`the benchmark's pattern check expects 512-byte LBAs, the namespace has ${lbaSize}`);
    this.lbas = new Int32Array(slots);
    this.started = new Float64Array(slots);
    this.rnd = { s: randomSeed | 1 };
    this.io = new IoQueue(drv, qid, { slots, lbaSize, onDone: this.onDone });
  }

  /**
   * QD reads in flight by polling the CQ: after each poll that completed any, one SQ doorbell — rung by
   * the next step's ringAndPoll (the resubmits, then the poll: one engine call per cycle).
   */
  polled(qd: number, warmSeconds: number, seconds: number): RowResult {
    this.begin(qd, warmSeconds, seconds);
    const io = this.io;
    while (this.inflight > 0) {
      this.resubmit = 0;
      this.batchT = 0;
      io.ringAndPoll();
    }
    return this.result(qd);
  }

  /** The same, woken by the CQ's MSI-X vector (the handler reaps, resubmits, rings). */
  async interruptDriven(qd: number, warmSeconds: number, seconds: number): Promise<RowResult> {
    let watchdog: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        const io = this.io;
        const stop = io.onInterrupt(
          () => {
            this.interrupts++;
            this.resubmit = 0;
            this.batchT = 0;
            io.poll();
            if (this.resubmit > 0) io.ring();
            if (this.inflight === 0) {
              stop();
              resolve();
            }
          },
          (e) => {
            stop();
            reject(e);
          },
        );
        // A lost interrupt would hang the loop: fail the row instead when nothing completes for 5 s.
        let seen = -1;
        watchdog = setInterval(() => {
          if (this.completed === seen) {
            stop();
            reject(new Error(`no completion for 5 s with ${this.inflight} commands in flight (${this.interrupts} interrupts so far)`));
          }
          seen = this.completed;
        }, 5000);
        this.begin(qd, warmSeconds, seconds);
      });
    } finally {
      clearInterval(watchdog);
    }
    return { ...this.result(qd), interrupts: this.interrupts };
  }

  close(): void {
    this.io.close();
  }

  private begin(qd: number, warmSeconds: number, seconds: number): void {
    this.log = new LatencyLog();
    this.bad = 0;
    this.failed = '';
    this.completed = 0;
    this.interrupts = 0;
    this.stopping = false;
    this.t0 = 0;
    this.deadline = Infinity;
    this.seconds = seconds;
    this.warmUntil = performance.now() + warmSeconds * 1000;
    for (let s = 0; s < qd; s++) {
      this.lbas[s] = randomLba(this.rnd, this.blocks);
      this.started[s] = performance.now();
      this.io.read(s, this.lbas[s]!);
    }
    this.inflight = qd;
    this.io.ring();
  }

  private result(qd: number): RowResult {
    if (this.failed) throw new Error(this.failed);
    return this.log.result('', qd, performance.now() - this.t0, this.bad);
  }

  /** One completion: check the data, record the latency, resubmit the slot with a new LBA. */
  private readonly onDone = (slot: number, status: number): void => {
    const t = this.batchT === 0 ? (this.batchT = performance.now()) : this.batchT;
    this.inflight--;
    if (!ok(status)) this.failed ||= `Read LBA ${this.lbas[slot]}: ${this.io.describe(slot, status)}`;
    if (!isPattern(this.io.words[slot]!, this.lbas[slot]!, this.seed)) this.bad++;
    this.completed++;
    if (this.t0 === 0) {
      if (t >= this.warmUntil) {
        this.t0 = t;
        this.deadline = t + this.seconds * 1000;
      }
    } else this.log.add(t - this.started[slot]!);
    if (t >= this.deadline) this.stopping = true;
    if (this.stopping || this.failed) return;
    const next = randomLba(this.rnd, this.blocks);
    this.lbas[slot] = next;
    this.started[slot] = t;
    this.io.read(slot, next);
    this.inflight++;
    this.resubmit++;
  };
}
