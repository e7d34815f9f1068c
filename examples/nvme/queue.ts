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
import { Cqe, CqeDw2, CqeDw3, type SqeRw } from '../../generated/nvme/nvme.js';
import { CQE_BYTES, type PairRings, type SqValues, type SqVariant } from './engines.js';
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
  private readonly cqes: Cqe[];
  /** CIDs not in use, as a stack: a CID is unique among the SQ's outstanding commands (section 4.2). */
  private readonly freeCids: number[];
  /** By CID: who to tell when it completes, and the command's name (timeouts, errors). */
  private readonly callbacks: (RawCompletion | undefined)[];
  private readonly names: string[];
  /** Hot-path commands queued by queueRw() and not yet flushed: their fields, by batch position. */
  private batched = 0;
  private readonly batch: { cid: Int32Array; opc: Int32Array; nsid: Int32Array; blocks: Int32Array; slba: bigint[]; prp1: bigint[]; prp2: bigint[] };
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
    this.cqes = Array.from({ length: depth }, (_, i) => new Cqe(this.cq.mmio, i * CQE_BYTES));
    // CID 0 on top: commands take CIDs 0, 1, 2, … while the queue is idle.
    this.freeCids = Array.from({ length: depth }, (_, i) => depth - 1 - i);
    this.callbacks = new Array<RawCompletion | undefined>(depth).fill(undefined);
    this.names = new Array<string>(depth).fill('');
    this.batch = {
      cid: new Int32Array(depth),
      opc: new Int32Array(depth),
      nsid: new Int32Array(depth),
      blocks: new Int32Array(depth),
      slba: new Array<bigint>(depth).fill(0n),
      prp1: new Array<bigint>(depth).fill(0n),
      prp2: new Array<bigint>(depth).fill(0n),
    };
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

  /**
   * The I/O hot path: queues one Read or Write (opcode `opc`) of `blocks` blocks at `slba` with PRP1/PRP2
   * given; `done` is called from reap(). Nothing reaches the SQ until flush(). Returns the CID.
   */
  queueRw(command: string, opc: number, nsid: number, slba: bigint, blocks: number, prp1: bigint, prp2: bigint, done: RawCompletion): number {
    const cid = this.take(command);
    this.callbacks[cid] = done;
    const b = this.batch;
    const k = this.batched++;
    b.cid[k] = cid;
    b.opc[k] = opc;
    b.nsid[k] = nsid;
    b.blocks[k] = blocks;
    b.slba[k] = slba;
    b.prp1[k] = prp1;
    b.prp2[k] = prp2;
    return cid;
  }

  /**
   * Writes every queued command through a generated SqeRw view (each word of the layout once, at its own
   * width), then the engine's one fence and one tail doorbell for all of them. Returns how many.
   */
  flush(): number {
    const n = this.batched;
    if (n === 0) return 0;
    this.batched = 0;
    this.rings.submitRw(n, this.writeRw);
    return n;
  }

  private readonly writeRw = (e: SqeRw, k: number): void => {
    const b = this.batch;
    e.cdw0.write((b.opc[k]! & 0xff) | (b.cid[k]! << 16)); // OPC [7:0], FUSE/PSDT 0 (PRPs), CID [31:16] (figure 104)
    e.nsid.write(b.nsid[k]! >>> 0);
    e.mptr.write(0n);
    e.prp1.write(b.prp1[k]!);
    e.prp2.write(b.prp2[k]!);
    e.slba.write(b.slba[k]!);
    e.cdw12.write((b.blocks[k]! - 1) & 0xffff); // NLB, 0's based; no FUA, LR, PRINFO
    e.cdw13.write(0);
    e.cdw14.write(0);
    e.cdw15.write(0);
  };

  /** Consumes every new completion (phase tag scan), then writes the head doorbell once. Returns how many. */
  reap(): number {
    return this.rings.reap(this.depth, this.visit);
  }

  /** One completion: dword 3 was read once by the scan (CID, phase, status); dword 0 and 2 here. */
  private readonly visit = (index: number, dw3: number): void => {
    const e = this.cqes[index]!;
    const result = e.dw0.read();
    this.rings.retire(CqeDw2.sqhd.get(e.dw2.read()));
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
