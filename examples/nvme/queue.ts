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
import { Cqe, CqeDw3, type NvmeRegs } from '../../generated/nvme/nvme.js';
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

interface Pending {
  readonly command: string;
  readonly done: (c: Completion) => void;
}

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
  private nextCid = 0;
  private readonly pending = new Map<number, Pending>();
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
    this.sqDoorbell = (2 * qid) << dstrd;
    this.cqDoorbell = (2 * qid + 1) << dstrd;
    // The phase tag's place comes from the generated layout: CQE dword 3 (a Register at its offset in
    // the entry; the capability type hides `offset`), field P. A `phase` declaration in the spec is
    // meant to generate this (issue 11).
    const dw3 = this.cqes[0]!.dw3 as unknown;
    if (!(dw3 instanceof Register)) throw new Error('generated Cqe.dw3 is not a register view');
    const tag = { offset: dw3.offset, width: 32 as const, bit: CqeDw3.p.lsb };
    const cqDoorbell = this.cqDoorbell;
    this.completions = new PhaseTagRing(`CQ ${qid}`, this.cq.mmio, 0, depth, Cqe, tag, { write: (head) => regs.doorbell.write(cqDoorbell, { value: head }) });
    if (this.cqDoorbell >= regs.doorbell.length) {
      throw new RangeError(`SQ/CQ ${qid}: with DSTRD ${dstrd} its head doorbell is dword ${this.cqDoorbell}, beyond the spec's ${regs.doorbell.length} doorbell dwords`);
    }
  }

  /** Commands submitted and not yet completed. */
  get outstanding(): number {
    return this.pending.size;
  }

  /**
   * Writes one entry at the tail (not yet visible to the controller: call ring() after a batch).
   * `fill` gets the CID to put in CDW0. Resolves with the completion, successful or not.
   */
  prepare<V>(command: string, layout: EntryLayout<V>, fill: (cid: number) => V): Promise<Completion> {
    if (this.closed) throw new Error(`queue ${this.qid} is deleted`);
    if ((this.tail + 1) % this.depth === this.sqHead) throw new Error(`SQ ${this.qid} is full (${this.depth - 1} commands outstanding): reap completions first`);
    let cid = this.nextCid;
    while (this.pending.has(cid)) cid = (cid + 1) & 0xffff;
    this.nextCid = (cid + 1) & 0xffff;
    new layout(this.sq.mmio, this.tail * SQE_BYTES).publish(fill(cid));
    this.tail = (this.tail + 1) % this.depth;
    return new Promise<Completion>((resolve) => this.pending.set(cid, { command, done: resolve }));
  }

  /** Makes every prepared entry visible: fence (entries before doorbell), then one tail doorbell write. */
  ring(): void {
    this.sq.mmio.fence();
    this.regs.doorbell.write(this.sqDoorbell, { value: this.tail });
  }

  /** Consumes every new completion (phase tag scan), then writes the head doorbell once. Returns how many. */
  reap(): number {
    return this.completions.reap(this.depth, this.visit);
  }

  /** One completion: dword 3 was read once by the scan (CID, phase, status); dword 0 and 2 here. */
  private readonly visit = (index: number, dw3: number): void => {
    const e = this.cqes[index]!;
    const result = e.dw0.read();
    this.sqHead = e.dw2.get('sqhd');
    const cid = CqeDw3.cid.get(dw3);
    const status = decodeStatus(dw3);
    const p = this.pending.get(cid);
    if (p) {
      this.pending.delete(cid);
      p.done({ cid, result, status, ok: status.sct === 0 && status.sc === 0 });
    }
  };

  /** The command name of an outstanding CID (for timeout errors). */
  commandOf(cid: number): string | undefined {
    return this.pending.get(cid)?.command;
  }

  release(): void {
    if (this.closed) return;
    this.closed = true;
    this.pool.releaseQueue(this.sq);
    this.pool.releaseQueue(this.cq);
  }
}
