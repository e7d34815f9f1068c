// Who submits and reaps a queue pair's entries: the generated TypeScript rings (SqRing/CqRing) or the
// generated wasm routines (submit$sq$VARIANT/reap$cq of generated/nvme/nvme.wasm) in a device window.
// Both write an entry of one variant of the spec's `sqe` (the command's CDW10-15) into the SQ word by
// word in layout order, fence, write the tail doorbell once; both reap by the phase tag and write the
// head doorbell once per batch (the same bus trace: test/compiler/backends/assemblyscript/ring-trace.test.ts).
import type { DmaBuffer } from '../../runtime/device-types.js';
import type { DmaPool } from '../../runtime/dma/pool.js';
import { CqRing, type SqeRw, SqRing, type NvmeRegs } from '../../generated/nvme/nvme.js';

export const SQE_BYTES = 64;

/** The SQ entry's variants (specs/nvme.regs: the `variant`s of sqe), one per kind of command. */
export type SqVariants = SqRing['variants'];
export type SqVariant = keyof SqVariants;
/** What an entry of variant K is written from (its generated `…Values`). */
export type SqValues<K extends SqVariant> = Parameters<SqVariants[K]['publish']>[0][number];
export const CQE_BYTES = 16;

/** One queue pair's rings, whichever engine runs them. */
export interface PairRings {
  readonly sq: DmaBuffer;
  readonly cq: DmaBuffer;
  /** Entries submitted and not yet consumed by the controller. */
  readonly inFlight: number;
  /** Submits one entry of `variant`: its words into the SQ slot in layout order, fence, one tail doorbell. */
  submit<K extends SqVariant>(variant: K, values: SqValues<K>): void;
  /**
   * The hot path: `n` Read/Write entries, each written whole by `fill(entry, k)` through a generated SqeRw
   * view the engine owns (the SQ slot itself for 'ts', the k-th staged entry for 'wasm'), then one fence
   * and one tail doorbell for all of them.
   */
  submitRw(n: number, fill: (entry: SqeRw, k: number) => void): void;
  /** Phase-tag scan; `visit(index, dw3)` per new entry; one head doorbell per batch. */
  reap(max: number, visit: (index: number, dw3: number) => void): number;
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
  }

  get inFlight(): number {
    return this.sqRing.inFlight;
  }

  submit<K extends SqVariant>(variant: K, values: SqValues<K>): void {
    // The ring's publish with the variant's words (the generated RingVariant): one fence, one doorbell.
    (this.sqRing.variants[variant] as { publish(entries: readonly SqValues<K>[]): number }).publish([values]);
  }

  submitRw(n: number, fill: (entry: SqeRw, k: number) => void): void {
    // Each slot's generated Read/Write view, written in place; then one fence and one doorbell.
    this.sqRing.variants.rw.submit(n, fill);
  }

  reap(max: number, visit: (index: number, dw3: number) => void): number {
    return this.cqRing.reap(max, visit);
  }

  retire(head: number): void {
    this.sqRing.retire(head);
  }

  release(): void {
    this.pool.releaseQueue(this.sq);
    this.pool.releaseQueue(this.cq);
  }
}
