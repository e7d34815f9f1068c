// One NVMe submission/completion queue pair (NVMe 1.4 sections 4.1, 4.2, 4.6) as the spec declares it:
// `ring sq[y:queues]` and `ring cq[y:queues]` of specs/nvme.regs. Each is bound to its doorbell
// (element 2y / 2y + 1 of the doorbell array, whose stride the generated NvmeRegs read from CAP.DSTRD)
// and the CQ to its MSI-X vector; their depth is checked against CAP.MQES + 1 when they are made.
// Submission: one entry of a variant of the spec's `sqe` (identify, create_io_cq, rw, …: the command's
// CDW10-15), written by the engine into the SQ slot, then a fence and the tail doorbell once. Completion: the phase-tag scan, one head doorbell per batch. The
// engine (engines.ts) is the generated TypeScript rings or the generated wasm routines.
//
// Two ways in: submit() (one command, a promise: admin commands, NvmeDriver.read/write) and the hot path
// queueRw() + flush() (any number of Reads/Writes, one doorbell, a plain callback per completion: no
// promise, no Map, no object per command; examples/nvme/io.ts).
import type { DmaBuffer } from '../../runtime/device-types.js';
import { CqeDw2, CqeDw3 } from '../../generated/nvme/nvme.js';
import type { DmaValue, PairRings, SqValues, SqVariant } from './engines.js';
import { decodeStatus, type CompletionStatus } from './status.js';

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

export class QueuePair {
  readonly sq: DmaBuffer;
  readonly cq: DmaBuffer;
  /** The MSI-X vector this pair's CQ signals (undefined: polled only). */
  readonly vector: number | undefined;
  /** CIDs not in use, as a stack: a CID is unique among the SQ's outstanding commands (section 4.2). */
  private readonly freeCids: number[];
  /** By CID: who to tell when it completes, and the command's name (timeouts, errors). */
  private readonly callbacks: (RawCompletion | undefined)[];
  private readonly names: string[];
  /** Hot-path commands queued by queueRw() (staged in the engine) and not yet flushed. */
  private batched = 0;
  private closed = false;

  constructor(
    /** The engine's rings (engines.ts): generated TypeScript rings or generated wasm routines. */
    readonly rings: PairRings,
    readonly qid: number,
    readonly depth: number,
    /** The CQ's vector (the spec's cause completion.cq), or undefined: polled only. */
    vector: number | undefined,
  ) {
    this.sq = rings.sq;
    this.cq = rings.cq;
    this.vector = vector;
    // CID 0 on top: commands take CIDs 0, 1, 2, … while the queue is idle.
    this.freeCids = Array.from({ length: depth }, (_, i) => depth - 1 - i);
    this.callbacks = new Array<RawCompletion | undefined>(depth).fill(undefined);
    this.names = new Array<string>(depth).fill('');
  }

  /** Commands submitted (or queued) and not yet completed. */
  get outstanding(): number {
    return this.depth - this.freeCids.length;
  }

  /**
   * Writes one entry of `variant` (the command's layout of the SQ entry) at the tail, fences and writes
   * the SQ tail doorbell. `fill` gets the CID to put in CDW0; words it leaves out are written 0 (every
   * variant names all of CDW10-15). Resolves with the completion, successful or not.
   */
  submit<K extends SqVariant>(command: string, variant: K, fill: (cid: number) => SqValues<K>): Promise<Completion> {
    this.flush(); // hot-path commands queued before this one go first
    const cid = this.take(command);
    let values: SqValues<K>;
    try {
      values = fill(cid);
    } catch (error) {
      this.give(cid);
      throw error;
    }
    const done = new Promise<Completion>((resolve) => {
      this.callbacks[cid] = (c, result, dw3) => resolve({ cid: c, result, status: decodeStatus(dw3), ok: (dw3 & STATUS_MASK) === 0 });
    });
    try {
      this.rings.submit(variant, values);
    } catch (error) {
      this.give(cid);
      throw error;
    }
    return done;
  }

  /** A data buffer's address as queueRw() takes it (the engine's form): convert once per buffer, not per command. */
  dmaValue(address: bigint): DmaValue {
    return this.rings.dmaValue(address);
  }

  /**
   * The I/O hot path: queues one Read or Write (opcode `opc`) of `blocks` blocks at `slba` (an integer
   * number) with PRP1/PRP2 as dmaValue() made them; `done` is called from reap(). Nothing reaches the SQ
   * until flush(). Returns the CID.
   */
  queueRw(command: string, opc: number, nsid: number, slba: number, blocks: number, prp1: DmaValue, prp2: DmaValue, done: RawCompletion): number {
    const cid = this.take(command);
    this.callbacks[cid] = done;
    this.rings.stageRw(this.batched++, cid, opc, nsid >>> 0, slba, (blocks - 1) & 0xffff, prp1, prp2);
    return cid;
  }

  /**
   * Builds every queued command in the SQ (each word of the Read/Write variant once, at its width), then
   * the engine's one fence and one tail doorbell for all of them. Returns how many.
   */
  flush(): number {
    const n = this.batched;
    if (n === 0) return 0;
    this.batched = 0;
    this.rings.submitRw(n);
    return n;
  }

  /**
   * Consumes every new completion (phase tag scan, each entry's dwords read once into the engine's
   * CqeWords), writes the head doorbell once, frees the SQ up to the last entry's SQ head, then calls
   * each command's callback in completion order. Returns how many.
   */
  reap(): number {
    const n = this.rings.reapBatch(this.depth);
    if (n === 0) return 0;
    const c = this.rings.completions;
    this.rings.retire(CqeDw2.sqhd.get(c.dw2[n - 1]!));
    for (let k = 0; k < n; k++) {
      const dw3 = c.dw3[k]!;
      const cid = CqeDw3.cid.get(dw3);
      const done = cid < this.depth ? this.callbacks[cid] : undefined;
      if (done === undefined) continue; // not ours (a stale or bogus CID): nothing waits for it
      this.give(cid);
      done(cid, c.dw0[k]!, dw3);
    }
    return n;
  }

  /** The command name of an outstanding CID (for timeout errors). */
  commandOf(cid: number): string | undefined {
    return cid < this.depth && this.callbacks[cid] !== undefined ? this.names[cid] : undefined;
  }

  private take(command: string): number {
    if (this.closed) throw new Error(`queue ${this.qid} is deleted`);
    // An SQ holds at most depth - 1 commands (full when tail + 1 = head, section 4.1).
    if (this.rings.inFlight + this.batched + 1 >= this.depth) throw new Error(`SQ ${this.qid} is full (${this.depth - 1} commands outstanding): reap completions first`);
    const cid = this.freeCids.pop();
    if (cid === undefined) throw new Error(`SQ ${this.qid}: all ${this.depth} CIDs are outstanding: reap completions first`);
    this.names[cid] = command;
    return cid;
  }

  private give(cid: number): void {
    this.callbacks[cid] = undefined;
    this.freeCids.push(cid);
  }

  release(): void {
    if (this.closed) return;
    this.closed = true;
    this.rings.release();
  }
}
