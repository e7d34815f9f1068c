// One NVMe submission/completion queue pair (NVMe 1.4 sections 4.1, 4.2, 4.6) over DMA memory and the
// doorbell array of the generated NvmeRegs. Submission: write the entry (generated per-command layout's
// publish()), fence, then one tail doorbell per batch. Completion: an entry is new while its phase tag
// equals the phase this pass expects (1 on the first pass, inverted on each wrap); the head doorbell is
// written once per batch reaped (runtime/registers/phase-ring.ts, on the ring core).
//
// The doorbell index comes from CAP.DSTRD read at bind time: SQ y tail is dword (2y) << DSTRD, CQ y head
// dword (2y + 1) << DSTRD (3.1.13, 3.1.14).
import type { DmaBuffer } from '../../runtime/device-types.js';
import type { DmaPool } from '../../runtime/dma/pool.js';
import { PhaseTagRing } from '../../runtime/registers/phase-ring.js';
import { Register } from 'regmill/registers'; // the same module the generated code imports (one class identity)
import { Cqe, CqeDw2, CqeDw3, SqeRw, type NvmeRegs } from '../../generated/nvme/nvme.js';
import { decodeStatus, type CompletionStatus } from './status.js';

export const SQE_BYTES = 64;
export const CQE_BYTES = 16;

export interface Completion {
  readonly cid: number;
  /** CQE dword 0: the command-specific result. */
  readonly result: number;
  readonly status: CompletionStatus;
  readonly ok: boolean;
}

/**
 * What the hot path gets for a completion: the command's CID, CQE dword 0 (result) and dword 3 (CID,
 * phase, status: success when `(dw3 & STATUS_MASK) === 0`). No object is built per completion.
 */
export type RawCompletion = (cid: number, dw0: number, dw3: number) => void;

/** CQE dword 3's SC and SCT fields: all zero is success (section 4.6.1). */
export const STATUS_MASK = CqeDw3.sc.mask | CqeDw3.sct.mask;

/** An entry view the generated per-command layouts share: constructed over (io, base), then published. */
export interface EntryLayout<V> {
  new (io: DmaBuffer['mmio'], base: number): { publish(values: V): void };
}

export class QueuePair {
  readonly sq: DmaBuffer;
  readonly cq: DmaBuffer;
  private tail = 0;
  /** SQ head as the controller last reported it (CQE SQHD): entries before it are free again. */
  private sqHead = 0;
  /** CIDs not in use, as a stack: a CID is unique among the SQ's outstanding commands (section 4.2). */
  private readonly freeCids: number[];
  /** By CID: who to tell when it completes, and the command's name (timeouts, errors). */
  private readonly callbacks: (RawCompletion | undefined)[];
  private readonly names: string[];
  /** One entry view per SQ slot and layout, built once: publishing then allocates no view per command. */
  private readonly views = new Map<EntryLayout<never>, { publish(values: never): void }[]>();
  private readonly rw: SqeRw[];
  private readonly cqes: Cqe[];
  private readonly completions: PhaseTagRing<Cqe>;
  private readonly sqDoorbell: number;
  private readonly cqDoorbell: number;
  private closed = false;

  constructor(
    readonly regs: NvmeRegs,
    readonly pool: DmaPool,
    readonly qid: number,
    readonly depth: number,
    dstrd: number,
    /** The MSI-X vector this pair's CQ signals (undefined: polled only). */
    readonly vector: number | undefined,
  ) {
    this.sq = pool.queue(depth * SQE_BYTES, `SQ ${qid}`);
    this.cq = pool.queue(depth * CQE_BYTES, `CQ ${qid}`);
    this.cqes = Array.from({ length: depth }, (_, i) => new Cqe(this.cq.mmio, i * CQE_BYTES));
    this.rw = Array.from({ length: depth }, (_, i) => new SqeRw(this.sq.mmio, i * SQE_BYTES));
    // CID 0 on top: commands take CIDs 0, 1, 2, … while the queue is idle.
    this.freeCids = Array.from({ length: depth }, (_, i) => depth - 1 - i);
    this.callbacks = new Array<RawCompletion | undefined>(depth).fill(undefined);
    this.names = new Array<string>(depth).fill('');
    this.sqDoorbell = (2 * qid) << dstrd;
    this.cqDoorbell = (2 * qid + 1) << dstrd;
    // The phase tag's place comes from the generated layout: CQE dword 3 (a Register at its offset in
    // the entry; the capability type hides `offset`), field P. A `phase` declaration in the spec is
    // meant to generate this (issue 11).
    const dw3 = this.cqes[0]!.dw3 as unknown;
    if (!(dw3 instanceof Register)) throw new Error('generated Cqe.dw3 is not a register view');
    const tag = { offset: dw3.offset, width: 32 as const, bit: CqeDw3.p.lsb };
    const cqDoorbell = this.cqDoorbell;
    this.completions = new PhaseTagRing(`CQ ${qid}`, this.cq.mmio, 0, depth, Cqe, tag, { write: (head) => regs.doorbell.write(cqDoorbell, head) });
    if (this.cqDoorbell >= regs.doorbell.length) {
      throw new RangeError(`SQ/CQ ${qid}: with DSTRD ${dstrd} its head doorbell is dword ${this.cqDoorbell}, beyond the spec's ${regs.doorbell.length} doorbell dwords`);
    }
  }

  /** Commands submitted and not yet completed. */
  get outstanding(): number {
    return this.depth - this.freeCids.length;
  }

  /**
   * Writes one entry at the tail (not yet visible to the controller: call ring() after a batch).
   * `fill` gets the CID to put in CDW0. Resolves with the completion, successful or not.
   */
  prepare<V>(command: string, layout: EntryLayout<V>, fill: (cid: number) => V): Promise<Completion> {
    return new Promise<Completion>((resolve, reject) => {
      try {
        this.submit(command, layout, fill, (cid, result, dw3) => {
          const status = decodeStatus(dw3);
          resolve({ cid, result, status, ok: (dw3 & STATUS_MASK) === 0 });
        });
      } catch (error) {
        reject(error);
      }
    });
  }

  /** prepare() without a promise: `done` is called from reap() with the raw completion. Returns the CID. */
  submit<V>(command: string, layout: EntryLayout<V>, fill: (cid: number) => V, done: RawCompletion): number {
    const cid = this.take(command, done);
    let views = this.views.get(layout as EntryLayout<never>) as { publish(values: V): void }[] | undefined;
    if (!views) {
      views = new Array(this.depth);
      this.views.set(layout as EntryLayout<never>, views as { publish(values: never): void }[]);
    }
    const view = (views[this.tail] ??= new layout(this.sq.mmio, this.tail * SQE_BYTES));
    try {
      view.publish(fill(cid));
    } catch (error) {
      this.give(cid);
      throw error;
    }
    this.advance();
    return cid;
  }

  /**
   * The I/O hot path: one Read or Write (opcode `opc`) of `blocks` blocks at `slba` with PRP1/PRP2 given,
   * written word by word through the slot's generated SqeRw view (every word of the layout, each once, at
   * its own width). No allocation besides the caller's BigInts. Returns the CID.
   */
  submitRw(command: string, opc: number, nsid: number, slba: bigint, blocks: number, prp1: bigint, prp2: bigint, done: RawCompletion): number {
    const cid = this.take(command, done);
    const e = this.rw[this.tail]!;
    e.cdw0.write((opc & 0xff) | (cid << 16)); // OPC [7:0], FUSE/PSDT 0 (PRPs), CID [31:16] (figure 104)
    e.nsid.write(nsid);
    e.mptr.write(0n);
    e.prp1.write(prp1);
    e.prp2.write(prp2);
    e.slba.write(slba);
    e.cdw12.write((blocks - 1) & 0xffff); // NLB, 0's based; no FUA, LR, PRINFO
    e.cdw13.write(0);
    e.cdw14.write(0);
    e.cdw15.write(0);
    this.advance();
    return cid;
  }

  private take(command: string, done: RawCompletion): number {
    if (this.closed) throw new Error(`queue ${this.qid} is deleted`);
    if ((this.tail + 1) % this.depth === this.sqHead) throw new Error(`SQ ${this.qid} is full (${this.depth - 1} commands outstanding): reap completions first`);
    const cid = this.freeCids.pop();
    if (cid === undefined) throw new Error(`SQ ${this.qid}: all ${this.depth} CIDs are outstanding: reap completions first`);
    this.callbacks[cid] = done;
    this.names[cid] = command;
    return cid;
  }

  private give(cid: number): void {
    this.callbacks[cid] = undefined;
    this.freeCids.push(cid);
  }

  private advance(): void {
    this.tail = this.tail + 1 === this.depth ? 0 : this.tail + 1;
  }

  /** Makes every prepared entry visible: fence (entries before doorbell), then one tail doorbell write. */
  ring(): void {
    this.sq.mmio.fence();
    this.regs.doorbell.write(this.sqDoorbell, this.tail); // VALUE [15:0], the rest reserved (0)
  }

  /** Consumes every new completion (phase tag scan), then writes the head doorbell once. Returns how many. */
  reap(): number {
    return this.completions.reap(this.depth, this.visit);
  }

  /** One completion: dword 3 was read once by the scan (CID, phase, status); dword 0 and 2 here. */
  private readonly visit = (index: number, dw3: number): void => {
    const e = this.cqes[index]!;
    const result = e.dw0.read();
    this.sqHead = CqeDw2.sqhd.get(e.dw2.read());
    const cid = CqeDw3.cid.get(dw3);
    const done = cid < this.depth ? this.callbacks[cid] : undefined;
    if (done === undefined) return; // not ours (a stale or bogus CID): nothing waits for it
    this.give(cid);
    done(cid, result, dw3);
  };

  /** The command name of an outstanding CID (for timeout errors). */
  commandOf(cid: number): string | undefined {
    return cid < this.depth && this.callbacks[cid] !== undefined ? this.names[cid] : undefined;
  }

  release(): void {
    if (this.closed) return;
    this.closed = true;
    this.pool.releaseQueue(this.sq);
    this.pool.releaseQueue(this.cq);
  }
}
