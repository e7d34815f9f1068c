// The driver's I/O hot path on one queue pair: a fixed set of slots, each with its own data buffer and
// PRPs built once, so a command costs one SQ entry (QueuePair.queueRw/flush: staged as numbers, built in
// the SQ slot by the engine — the generated SqeRw view or the wasm submitBatch$sq — then one fence and one
// doorbell), and a completion one CQ entry (the generated phase-tag batch reap into CqeWords) and one
// callback — no promise, no
// pool allocation, no PRP building, no Completion object per command. Batches: any number of read()/
// write() calls, then one ring() (one SQ tail doorbell); poll() reaps everything new with one CQ head
// doorbell. Completions come from polling poll(), or from the CQ's MSI-X vector (onInterrupt()).
//
// `NvmeDriver.read()`/`write()` stay the simple API (a buffer, a promise, one command); this is the one
// a block layer or a benchmark keeps QD commands in flight with (bench/nvme/).
import type { DmaDataBuffer } from '../../runtime/dma/pool.js';
import { buildPrps, type Prps } from '../../runtime/dma/prp.js';
import type { DmaValue } from './engines.js';
import { NvmOpcode } from '../../generated/nvme/nvme.js';
import type { NvmeDriver } from './controller.js';
import { STATUS_MASK, type QueuePair } from './queue.js';
import { decodeStatus } from './status.js';

/** Called from poll() for each completed slot; `status` is CQE dword 3 (success: `ok(status)`). */
export type SlotDone = (slot: number, status: number) => void;

export interface IoQueueOptions {
  /** Slots: commands that can be in flight at once (≤ queue depth − 1). */
  readonly slots: number;
  /** Bytes per command and slot buffer, a whole number of LBAs (default 4096). */
  readonly bytes?: number;
  readonly nsid?: number;
  /** The namespace's LBA size (NvmeDriver.identifyNamespace(nsid).lbaSize). */
  readonly lbaSize: number;
  readonly onDone: SlotDone;
}

/** Whether CQE dword 3 says success (SCT 0, SC 0). */
export const ok = (status: number): boolean => (status & STATUS_MASK) === 0;

export class IoQueue {
  readonly slots: number;
  readonly bytes: number;
  readonly qp: QueuePair;
  private readonly nsid: number;
  private readonly blocks: number;
  private readonly buffers: DmaDataBuffer[] = [];
  private readonly prps: Prps[] = [];
  /** Per slot: PRP1 and PRP2 in the engine's form (QueuePair.dmaValue), converted once. */
  private readonly prp1: DmaValue[] = [];
  private readonly prp2: DmaValue[] = [];
  /** Per slot: its data as 32-bit words (checks without copying) and its bytes. */
  readonly words: Uint32Array[] = [];
  private readonly slotOfCid: Int32Array;
  private readonly busy: Uint8Array;
  private readonly onDone: SlotDone;
  private closed = false;

  constructor(
    readonly driver: NvmeDriver,
    readonly qid: number,
    options: IoQueueOptions,
  ) {
    this.qp = driver.queuePair(qid);
    this.slots = options.slots;
    this.bytes = options.bytes ?? 4096;
    this.nsid = options.nsid ?? 1;
    this.onDone = options.onDone;
    if (!Number.isInteger(this.slots) || this.slots < 1 || this.slots > this.qp.depth - 1) {
      throw new RangeError(`IoQueue: ${this.slots} slots on queue ${qid}: allowed 1..${this.qp.depth - 1} (queue depth − 1)`);
    }
    if (this.bytes <= 0 || this.bytes % options.lbaSize !== 0) throw new RangeError(`IoQueue: ${this.bytes} bytes per command is not a whole number of ${options.lbaSize}-byte LBAs`);
    this.blocks = this.bytes / options.lbaSize;
    this.slotOfCid = new Int32Array(this.qp.depth).fill(-1);
    this.busy = new Uint8Array(this.slots);
    try {
      for (let s = 0; s < this.slots; s++) {
        const buf = driver.pool.data(this.bytes);
        this.buffers.push(buf);
        const p = buildPrps(driver.pool, buf, 0, this.bytes);
        this.prps.push(p);
        this.prp1.push(this.qp.dmaValue(p.prp1));
        this.prp2.push(this.qp.dmaValue(p.prp2));
        const page = buf.pages[0]!.bytes;
        this.words.push(new Uint32Array(page.buffer, page.byteOffset, Math.min(this.bytes, page.length) >>> 2));
      }
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Queues a Read of `bytes` at `lba` into slot `slot`'s buffer (visible to the controller at ring()). */
  read(slot: number, lba: number): void {
    this.submit(slot, NvmOpcode.read, lba, 'Read');
  }

  /** Queues a Write of slot `slot`'s buffer to `lba`. */
  write(slot: number, lba: number): void {
    this.submit(slot, NvmOpcode.write, lba, 'Write');
  }

  /** Makes every queued command visible: writes their entries, a fence, then one SQ tail doorbell. */
  ring(): void {
    this.qp.flush();
  }

  /** Reaps every new completion (one CQ head doorbell for all of them); onDone per slot. Returns how many. */
  poll(): number {
    return this.qp.reap();
  }

  /** Commands queued or in flight. */
  get outstanding(): number {
    return this.qp.outstanding;
  }

  /** The bytes of slot `slot`'s buffer (zero-copy; a copy when the buffer spans pages without an IOMMU). */
  data(slot: number): Uint8Array {
    const buf = this.buffers[slot]!;
    return buf.pages.length === 1 ? buf.pages[0]!.bytes.subarray(0, this.bytes) : buf.read(0, this.bytes);
  }

  /**
   * Interrupt-driven completion: `handler` runs for each interrupt on this queue's MSI-X vector (straight
   * from the event loop, no promise); it normally calls poll(). Returns the unsubscribe.
   */
  onInterrupt(handler: () => void, onError?: (error: unknown) => void): () => void {
    const vector = this.qp.vector;
    if (vector === undefined) throw new Error(`IoQueue: queue ${this.qid} was created without an interrupt vector (NvmeDriver option interrupts: true)`);
    return this.driver.device.irq.handle(handler, { vector, onError });
  }

  /** A readable error for a failed completion of `slot`. */
  describe(slot: number, status: number): string {
    return `slot ${slot} on SQ ${this.qid}: ${decodeStatus(status).name}`;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.prps) p.release();
    for (const b of this.buffers) b.free();
  }

  private submit(slot: number, opc: number, lba: number, name: string): void {
    if (this.busy[slot] !== 0) throw new Error(`IoQueue: slot ${slot} of queue ${this.qid} already has a command in flight`);
    const prp1 = this.prp1[slot];
    if (prp1 === undefined) throw new RangeError(`IoQueue: no slot ${slot} (queue ${this.qid} has ${this.slots})`);
    const cid = this.qp.queueRw(name, opc, this.nsid, lba, this.blocks, prp1, this.prp2[slot]!, this.complete);
    this.slotOfCid[cid] = slot;
    this.busy[slot] = 1;
  }

  private readonly complete = (cid: number, _dw0: number, dw3: number): void => {
    const slot = this.slotOfCid[cid]!;
    this.busy[slot] = 0;
    this.onDone(slot, dw3);
  };
}
