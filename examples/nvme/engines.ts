// Who submits and reaps a queue pair's entries: the generated TypeScript rings (SqRing/CqRing) or the
// generated wasm routines (submit$sq/reap$cq of generated/nvme/nvme.wasm) in a device window. Both
// copy a staged 64-byte entry into the SQ word by word in layout order, fence, write the tail doorbell
// once; both reap by the phase tag and write the head doorbell once per batch (the same bus trace:
// test/compiler/backends/assemblyscript/ring-trace.test.ts).
import type { DmaBuffer } from '../../runtime/device-types.js';
import type { DmaPool } from '../../runtime/dma/pool.js';
import { ViewMmio } from '../../runtime/mappings/view-mmio.js';
import { CqRing, Sqe, SqeRw, SqRing, type NvmeRegs, type SqeValues } from '../../generated/nvme/nvme.js';

export const SQE_BYTES = 64;
export const CQE_BYTES = 16;

/** One queue pair's rings, whichever engine runs them. */
export interface PairRings {
  readonly sq: DmaBuffer;
  readonly cq: DmaBuffer;
  /** Entries submitted and not yet consumed by the controller. */
  readonly inFlight: number;
  /** Where the next entry is staged (64 bytes of plain memory): written whole, then submit(). */
  readonly staging: { readonly io: ViewMmio; readonly bytes: Uint8Array };
  /** Submits the staged entry: copy into the SQ word by word, fence, one tail doorbell. */
  submit(): void;
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

/** The staged entry's words as SqeValues (plain-memory reads, in layout order). */
function stagedValues(s: Sqe): SqeValues {
  return {
    cdw0: s.cdw0.read(), nsid: s.nsid.read(), cdw2: s.cdw2.read(), cdw3: s.cdw3.read(), mptr: s.mptr.read(), prp1: s.prp1.read(), prp2: s.prp2.read(),
    cdw10: s.cdw10.read(), cdw11: s.cdw11.read(), cdw12: s.cdw12.read(), cdw13: s.cdw13.read(), cdw14: s.cdw14.read(), cdw15: s.cdw15.read(),
  };
}

/** The TypeScript engine: the generated rings over DmaPool queue memory. */
export class TsPairRings implements PairRings {
  readonly sq: DmaBuffer;
  readonly cq: DmaBuffer;
  readonly staging: { readonly io: ViewMmio; readonly bytes: Uint8Array };
  private readonly sqRing: SqRing;
  private readonly cqRing: CqRing;
  private readonly staged: Sqe;
  /** The generated Read/Write view of each SQ slot, built once (submitRw writes them in place). */
  private readonly slots: SqeRw[];
  private fillRw: (entry: SqeRw, k: number) => void = () => {};

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
    const bytes = new Uint8Array(SQE_BYTES);
    this.staging = { io: new ViewMmio(bytes, `SQ ${qid} staging`), bytes };
    this.staged = new Sqe(this.staging.io, 0);
    this.slots = Array.from({ length: depth }, (_, i) => new SqeRw(this.sq.mmio, i * SQE_BYTES));
  }

  get inFlight(): number {
    return this.sqRing.inFlight;
  }

  submit(): void {
    this.sqRing.publish([stagedValues(this.staged)]);
  }

  submitRw(n: number, fill: (entry: SqeRw, k: number) => void): void {
    this.fillRw = fill;
    this.sqRing.submit(n, this.inSlot);
  }

  private readonly inSlot = (at: number, k: number): void => this.fillRw(this.slots[at / SQE_BYTES]!, k);

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
