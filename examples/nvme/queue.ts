// One NVMe submission/completion queue pair (NVMe 1.4 sections 4.1, 4.2, 4.6) as the spec declares it:
// `ring sq[y:queues]` and `ring cq[y:queues]` of specs/nvme.regs. Each is bound to its doorbell
// (element 2y / 2y + 1 of the doorbell array, whose stride the generated NvmeRegs read from CAP.DSTRD)
// and the CQ to its MSI-X vector; their depth is checked against CAP.MQES + 1 when they are made.
// Submission: stage the entry (a per-command layout's publish()), then the engine copies it, fences
// and writes the tail doorbell once. Completion: the phase-tag scan, one head doorbell per batch. The
// engine (engines.ts) is the generated TypeScript rings or the generated wasm routines.
import type { DmaBuffer } from '../../runtime/device-types.js';
import { Cqe, CqeDw3 } from '../../generated/nvme/nvme.js';
import { CQE_BYTES, type PairRings } from './engines.js';
import { decodeStatus, type CompletionStatus } from './status.js';

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
  /** The MSI-X vector this pair's CQ signals (undefined: polled only). */
  readonly vector: number | undefined;
  private nextCid = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly cqes: Cqe[];
  private closed = false;

  constructor(
    /** The engine's rings (engines.ts): generated TypeScript rings or generated wasm routines. */
    readonly rings: PairRings,
    readonly qid: number,
    readonly depth: number,
    interrupts: boolean,
  ) {
    this.sq = rings.sq;
    this.cq = rings.cq;
    this.vector = interrupts ? rings.vector : undefined;
    this.cqes = Array.from({ length: depth }, (_, i) => new Cqe(this.cq.mmio, i * CQE_BYTES));
  }

  /** Commands submitted and not yet completed. */
  get outstanding(): number {
    return this.pending.size;
  }

  /**
   * Writes one entry at the tail, fences and writes the SQ tail doorbell. `fill` gets the CID to put in
   * CDW0. Resolves with the completion, successful or not.
   */
  submit<V>(command: string, layout: EntryLayout<V>, fill: (cid: number) => V): Promise<Completion> {
    if (this.closed) throw new Error(`queue ${this.qid} is deleted`);
    // An SQ holds at most depth - 1 commands (full when tail + 1 = head, section 4.1).
    if (this.rings.inFlight + 1 >= this.depth) throw new Error(`SQ ${this.qid} is full (${this.depth - 1} commands outstanding): reap completions first`);
    let cid = this.nextCid;
    while (this.pending.has(cid)) cid = (cid + 1) & 0xffff;
    this.nextCid = (cid + 1) & 0xffff;
    const values = fill(cid);
    // Staged whole: words a command's layout does not name are 0, not what the slot held before.
    const { io, bytes } = this.rings.staging;
    bytes.fill(0);
    new layout(io, 0).publish(values);
    const done = new Promise<Completion>((resolve) => this.pending.set(cid, { command, done: resolve }));
    this.rings.submit();
    return done;
  }

  /** Consumes every new completion (phase tag scan), then writes the head doorbell once. Returns how many. */
  reap(): number {
    return this.rings.reap(this.depth, this.visit);
  }

  /** One completion: dword 3 was read once by the scan (CID, phase, status); dword 0 and 2 here. */
  private readonly visit = (index: number, dw3: number): void => {
    const e = this.cqes[index]!;
    const result = e.dw0.read();
    this.rings.retire(e.dw2.get('sqhd'));
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
    this.rings.release();
  }
}
