// The 'wasm' engine: every queue pair's SQ, its staging entry and its CQ live in one device window
// (runtime/window) and the generated routines submit$sq$VARIANT / reap$cq (generated/nvme/nvme.wasm) copy,
// fence and scan there; the controller reaches those pages through DmaAllocator.adopt (an IOVA under
// VFIO, a sim address on the simulated controller).
//
// The doorbells: submit$sq$VARIANT and reap$cq end with one store to the doorbell element of their queue at the
// offset the module is built for (BAR 0 at NvmeWasmBars[0].offset, with the stride bound from the real
// controller's CAP.DSTRD). The Device interface hands out no BAR file descriptor to map there (and the
// simulated controller has no memory behind its registers), so the module's BAR 0 is a scratch page and
// the engine copies the value the routine wrote to the real doorbell with one generated-accessor write:
// still one doorbell write per batch, after the routine's fence (as examples/nic/wasm-rings.ts does).
import type { Device, DmaBuffer } from '../../runtime/device-types.js';
import { ViewMmio } from '../../runtime/mappings/view-mmio.js';
import { createDeviceWindow, WASM_PAGE, type DeviceWindow, type WindowRegion } from '../../runtime/window/index.js';
import { CqRing, SqeRw, SqRing, type NvmeRegs } from '../../generated/nvme/nvme.js';
import { NvmeWasm, NvmeWasmBars } from '../../generated/nvme/nvme.wasm.js';
import { CQE_BYTES, SQE_BYTES, type PairRings, type SqValues, type SqVariant } from './engines.js';

const PAGE = 4096;
const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

interface PairMemory {
  readonly sq: WindowRegion;
  readonly staging: WindowRegion;
  readonly cq: WindowRegion;
}

/** One window per driver: the module, and each queue id's pages (reserved once, reused when a pair is made again). */
export class WasmQueues {
  private readonly memory = new Map<number, PairMemory>();

  private constructor(
    private readonly device: Device,
    private readonly regs: NvmeRegs,
    private readonly window: DeviceWindow,
    readonly wasm: NvmeWasm,
    private readonly depth: number,
  ) {}

  /** `pairs`: queue ids the window has room for (the admin pair included). */
  static create(device: Device, regs: NvmeRegs, depth: number, pairs: number): WasmQueues {
    if (!device.dma.adopt) throw new Error(`nvme wasm engine: this device's DMA allocator (${device.dma.addressMode}: ${device.dma.reason}) cannot adopt window memory; use engine 'ts'`);
    const bar = NvmeWasmBars[0];
    const perPair = 2 * roundUp(depth * SQE_BYTES, PAGE) + roundUp(depth * CQE_BYTES, PAGE);
    const window = createDeviceWindow({ pages: Math.ceil((bar.offset + bar.size + pairs * perPair + PAGE) / WASM_PAGE) + 1 });
    const mailbox = window.reserveScratch(bar.size);
    if (mailbox.offset !== bar.offset) throw new Error(`nvme wasm engine: BAR 0 scratch landed at 0x${mailbox.offset.toString(16)}, not 0x${bar.offset.toString(16)}`);
    // The stride the real controller reported (the scratch BAR's CAP reads 0).
    const wasm = new NvmeWasm(window, { 0: mailbox }, { doorbell: regs.doorbell.stride });
    return new WasmQueues(device, regs, window, wasm, depth);
  }

  pair(qid: number): PairRings {
    let m = this.memory.get(qid);
    if (!m) {
      m = {
        sq: this.window.reserveScratch(roundUp(this.depth * SQE_BYTES, PAGE), PAGE),
        staging: this.window.reserveScratch(roundUp(SQE_BYTES, PAGE), PAGE),
        cq: this.window.reserveScratch(roundUp(this.depth * CQE_BYTES, PAGE), PAGE),
      };
      this.memory.set(qid, m);
    }
    return new WasmPairRings(this.device, this.regs, this.window, this.wasm, qid, this.depth, m);
  }
}

class WasmPairRings implements PairRings {
  readonly sq: DmaBuffer;
  readonly cq: DmaBuffer;
  /** Where submit() stages one entry (64 bytes of window memory) for submit$sq$VARIANT to copy. */
  private readonly staging: { readonly io: ViewMmio; readonly bytes: Uint8Array };
  /** The spec's SQ ring over this pair's memory: its variants' view classes, depth checked against CAP.MQES + 1. */
  private readonly sqRing: SqRing;
  inFlight = 0;
  private tail = 0;
  private sqHead = 0;
  private head = 0;
  private phase = 1;
  /** The staging page as Read/Write entries (submitRw stages up to a page of them, submit$sq$rw copies them). */
  private readonly staged: SqeRw[];

  constructor(
    device: Device,
    private readonly regs: NvmeRegs,
    window: DeviceWindow,
    private readonly wasm: NvmeWasm,
    private readonly qid: number,
    private readonly depth: number,
    private readonly m: PairMemory,
  ) {
    const bytes = (r: WindowRegion, size: number): Uint8Array => new Uint8Array(window.buffer, r.offset, size);
    const adopt = device.dma.adopt!.bind(device.dma);
    this.sq = adopt(window.base + BigInt(m.sq.offset), bytes(m.sq, roundUp(depth * SQE_BYTES, PAGE)), `SQ ${qid} (wasm window)`);
    try {
      this.cq = adopt(window.base + BigInt(m.cq.offset), bytes(m.cq, roundUp(depth * CQE_BYTES, PAGE)), `CQ ${qid} (wasm window)`);
    } catch (error) {
      this.sq.free();
      throw error;
    }
    this.sq.bytes.fill(0);
    this.cq.bytes.fill(0);
    // The spec's checks, as for the TypeScript engine: depth ≤ CAP.MQES + 1; the SQ ring's variants' view classes.
    this.sqRing = new SqRing(regs, qid, this.sq.mmio, depth);
    new CqRing(regs, qid, this.cq.mmio, depth);
    const staged = bytes(m.staging, SQE_BYTES);
    this.staging = { io: new ViewMmio(staged, `SQ ${qid} staging (wasm window)`), bytes: staged };
    const page = new ViewMmio(bytes(m.staging, PAGE), `SQ ${qid} staging page (wasm window)`);
    this.staged = Array.from({ length: Math.min(depth, PAGE / SQE_BYTES) }, (_, k) => new SqeRw(page, k * SQE_BYTES));
  }

  submit<K extends SqVariant>(variant: K, values: SqValues<K>): void {
    if (this.inFlight + 1 > this.depth) throw new RangeError(`SQ ${this.qid}: full`);
    // Staged whole through the variant's generated view, then copied by the variant's own routine
    // (the same words, widths and order as the TypeScript ring's publish).
    this.staging.bytes.fill(0);
    const view = new (this.sqRing.variants[variant].type as new (io: ViewMmio, base: number) => { publish(v: SqValues<K>): void })(this.staging.io, 0);
    view.publish(values);
    // The generated wrapper has one submit$sq$VARIANT per variant of the spec's sqe.
    const name: `submit$sq$${SqVariant}` = `submit$sq$${variant}`;
    this.tail = this.wasm[name](this.qid, this.m.sq.offset, this.depth, this.tail, this.m.staging.offset, 1);
    this.inFlight++;
    this.regs.doorbell.write(2 * this.qid, this.tail); // the routine wrote the scratch BAR's; now the controller's
  }

  submitRw(n: number, fill: (entry: SqeRw, k: number) => void): void {
    if (n > this.staged.length || this.inFlight + n > this.depth) throw new RangeError(`SQ ${this.qid}: ${n} entries do not fit (${this.inFlight} of ${this.depth} in flight, ${this.staged.length} staged at most)`);
    for (let k = 0; k < n; k++) fill(this.staged[k]!, k);
    this.tail = this.wasm.submit$sq$rw(this.qid, this.m.sq.offset, this.depth, this.tail, this.m.staging.offset, n);
    this.inFlight += n;
    this.regs.doorbell.write(2 * this.qid, this.tail); // the routine wrote the scratch BAR's; now the controller's
  }

  reap(max: number, visit: (index: number, dw3: number) => void): number {
    const k = this.wasm.reap$cq(this.qid, this.m.cq.offset, this.depth, this.head, this.phase, max);
    if (k === 0) return 0;
    const io = this.cq.mmio;
    let i = this.head;
    for (let j = 0; j < k; j++) {
      visit(i, io.read32(i * CQE_BYTES + 12));
      if (++i === this.depth) {
        i = 0;
        this.phase ^= 1;
      }
    }
    this.head = i;
    this.regs.doorbell.write(2 * this.qid + 1, i);
    return k;
  }

  retire(head: number): void {
    const freed = (head - this.sqHead + this.depth) % this.depth;
    if (freed > this.inFlight) throw new RangeError(`SQ ${this.qid}: head ${head} is past the tail ${this.tail}`);
    this.sqHead = head;
    this.inFlight -= freed;
  }

  release(): void {
    this.sq.free();
    this.cq.free();
  }
}
