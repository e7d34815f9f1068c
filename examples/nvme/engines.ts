// Who submits and reaps a queue pair's entries: the generated TypeScript rings (SqRing/CqRing) or the
// generated wasm routines (submit$sq$VARIANT/reap$cq of generated/nvme/nvme.wasm) in a device window.
// Both write an entry of one variant of the spec's `sqe` (the command's CDW10-15) into the SQ word by
// word in layout order, fence, write the tail doorbell once; both reap by the phase tag and write the
// head doorbell once per batch (the same bus trace: test/compiler/backends/assemblyscript/ring-trace.test.ts).
// The I/O hot path: Read/Write entries staged as numbers (stageRw) and built in the SQ slots in one batch
// (the TS engine through the generated SqeRw view of each slot; the wasm engine with submitBatch$sq$rw
// from the field columns of a generated SqeRwFields block in the window), one fence, one tail doorbell;
// completions reaped by the phase tag into the generated CqeWords columns (CqRing.reapBatch /
// reapBatch$cq). Those generated TS and wasm batch routines give the same bus trace too.
import type { DmaBuffer } from '../../runtime/device-types.js';
import type { DmaPool } from '../../runtime/dma/pool.js';
import { Cqe, CqeWords, CqRing, Sqe, type SqeRw, SqRing, type NvmeRegs } from '../../generated/nvme/nvme.js';

/** Bytes per entry, from the spec's layouts (NVMe 1.4 figures 105 and 124: 64 and 16). */
export const SQE_BYTES = Sqe.size;

/** The SQ entry's variants (specs/nvme.regs: the `variant`s of sqe), one per kind of command. */
export type SqVariants = SqRing['variants'];
export type SqVariant = keyof SqVariants;
/** What an entry of variant K is written from (its generated `…Values`). */
export type SqValues<K extends SqVariant> = Parameters<SqVariants[K]['publish']>[0][number];
export const CQE_BYTES = Cqe.size;

/** A 64-bit DMA address in the form an engine's stageRw takes it (PairRings.dmaValue). */
export type DmaValue = number | bigint;

/** One queue pair's rings, whichever engine runs them. */
export interface PairRings {
  readonly sq: DmaBuffer;
  readonly cq: DmaBuffer;
  /** Entries submitted and not yet consumed by the controller. */
  readonly inFlight: number;
  /** Submits one entry of `variant`: its words into the SQ slot in layout order, fence, one tail doorbell. */
  submit<K extends SqVariant>(variant: K, values: SqValues<K>): void;
  /** A data address as stageRw takes it: converted once (a buffer's PRPs), not per command. */
  dmaValue(address: bigint): DmaValue;
  /**
   * The hot path: Read/Write entry `k` (0, 1, … of the next batch) — opcode, CID, NSID, SLBA, NLB (0's
   * based), PRP1/PRP2 (dmaValue) — kept until submitRw(); no entry is written yet.
   */
  stageRw(k: number, cid: number, opc: number, nsid: number, slba: number, nlb: number, prp1: DmaValue, prp2: DmaValue): void;
  /** Builds staged entries 0 … n−1 in the SQ from the tail (variant rw), then one fence and one tail doorbell. */
  submitRw(n: number): void;
  /** Phase-tag scan of up to `max` new entries into `completions` (entry k: the k-th consumed); one head doorbell per batch. */
  reapBatch(max: number): number;
  /**
   * A polling loop's cycle: submitRw(n), then reapBatch(max) — the same accesses in the same order, in
   * one JS → wasm call for the wasm engine (submitReap$sq$rw$cq). Returns how many were reaped.
   */
  submitReap(n: number, max: number): number;
  /** What reapBatch consumed: CQE dwords 0-3 per entry, as the controller wrote them. */
  readonly completions: CqeWords;
  /** The controller consumed the SQ up to `head` (a completion's SQHD). */
  retire(head: number): void;
  release(): void;
}

/** The TypeScript engine: the generated rings over DmaPool queue memory. */
export class TsPairRings implements PairRings {
  readonly sq: DmaBuffer;
  readonly cq: DmaBuffer;
  private readonly sqRing: SqRing;
  private readonly cqRing: CqRing;
  /** Staged Read/Write commands, by batch position. */
  private readonly rw: { cid: Int32Array; opc: Int32Array; nsid: Int32Array; nlb: Int32Array; slba: Float64Array; prp1: bigint[]; prp2: bigint[] };
  readonly completions: CqeWords;

  constructor(
    regs: NvmeRegs,
    private readonly pool: DmaPool,
    qid: number,
    depth: number,
  ) {
    this.sq = pool.queue(depth * SQE_BYTES, `SQ ${qid}`);
    this.cq = pool.queue(depth * CQE_BYTES, `CQ ${qid}`);
    try {
      this.sqRing = new SqRing(regs, qid, this.sq.mmio, depth);
      this.cqRing = new CqRing(regs, qid, this.cq.mmio, depth);
    } catch (error) {
      this.release();
      throw error;
    }
    this.rw = {
      cid: new Int32Array(depth), opc: new Int32Array(depth), nsid: new Int32Array(depth), nlb: new Int32Array(depth),
      slba: new Float64Array(depth), prp1: new Array<bigint>(depth).fill(0n), prp2: new Array<bigint>(depth).fill(0n),
    };
    this.completions = new CqeWords(depth);
  }

  get inFlight(): number {
    return this.sqRing.inFlight;
  }

  submit<K extends SqVariant>(variant: K, values: SqValues<K>): void {
    // The ring's publish with the variant's words (the generated RingVariant): one fence, one doorbell.
    (this.sqRing.variants[variant] as { publish(entries: readonly SqValues<K>[]): number }).publish([values]);
  }

  dmaValue(address: bigint): DmaValue {
    return address;
  }

  stageRw(k: number, cid: number, opc: number, nsid: number, slba: number, nlb: number, prp1: DmaValue, prp2: DmaValue): void {
    const b = this.rw;
    b.cid[k] = cid;
    b.opc[k] = opc;
    b.nsid[k] = nsid;
    b.nlb[k] = nlb;
    b.slba[k] = slba;
    b.prp1[k] = prp1 as bigint;
    b.prp2[k] = prp2 as bigint;
  }

  submitRw(n: number): void {
    // Each slot's generated Read/Write view, written in place; then one fence and one doorbell.
    this.sqRing.variants.rw.submit(n, this.inSlot);
  }

  /** Entry k through the slot's generated SqeRw view: each word of the layout once, at its width. */
  private readonly inSlot = (e: SqeRw, k: number): void => {
    const b = this.rw;
    e.cdw0.write((b.opc[k]! & 0xff) | (b.cid[k]! << 16)); // OPC [7:0], FUSE/PSDT 0 (PRPs), CID [31:16] (figure 104)
    e.nsid.write(b.nsid[k]! >>> 0);
    e.mptr.write(0n);
    e.prp1.write(b.prp1[k]!);
    e.prp2.write(b.prp2[k]!);
    e.slba.write(BigInt(b.slba[k]!));
    e.cdw12.write(b.nlb[k]! & 0xffff); // NLB, 0's based; no FUA, LR, PRINFO
    e.cdw13.write(0);
    e.cdw14.write(0);
    e.cdw15.write(0);
  };

  reapBatch(max: number): number {
    return this.cqRing.reapBatch(this.completions, max);
  }

  submitReap(n: number, max: number): number {
    if (n > 0) this.submitRw(n);
    return this.reapBatch(max);
  }

  retire(head: number): void {
    this.sqRing.retire(head);
  }

  release(): void {
    this.pool.releaseQueue(this.sq);
    this.pool.releaseQueue(this.cq);
  }
}
