// The 'wasm' engine: every queue pair's SQ, its staging entry, its CQ and its two batch blocks live in
// one device window (runtime/window), and the generated routines (generated/nvme/nvme.wasm) do the
// per-command work there. The I/O hot path: submitBatch$sq$rw builds the staged Read/Write entries in
// the SQ slots from the field columns of a generated SqeRwFields block (filled by plain typed-array
// stores in stageRw: no call, no BigInt, no view per command), one fence; reapBatch$cq scans the CQ by
// the phase tag and copies each new entry's four dwords into a CqeWords block, so the driver reads CID,
// status and SQ head from typed arrays. One JS → wasm call per batch each way. Other commands:
// submit$sq$VARIANT copies one staged entry. The controller reaches these pages through
// DmaAllocator.adopt (an IOVA under VFIO, a sim address on the simulated controller).
//
// The doorbells: each routine ends with one store to the doorbell element of its queue at the offset
// the module is built for (BAR 0 at NvmeWasmBars[0].offset, with the stride bound from the real
// controller's CAP.DSTRD). When the device hands out its BAR 0 as one mmap of one fd (Device.barSource:
// VFIO, sysfs resource0), the engine maps it there, so that store is the doorbell write itself
// (`doorbell: 'wasm'`). Otherwise (a sparse VFIO region; the simulated controller, which has no memory
// behind its registers) the module's BAR 0 is a scratch page and the engine copies the value the
// routine wrote to the real doorbell with one generated-accessor write right after the call returns
// (`doorbell: 'copied'`): still one 32-bit doorbell write per batch, after the routine's fence and every
// SQ store (the call returns only when they are done), as examples/nic/wasm-rings.ts does.
import type { Device, DmaBuffer } from '../../runtime/device-types.js';
import { ViewMmio } from '../../runtime/mappings/view-mmio.js';
import { createDeviceWindow, mapInto, rethrowTrap, WASM_PAGE, type DeviceWindow, type WindowRegion } from '../../runtime/window/index.js';
import { CqeDw3, CqeWords, CqRing, SqeRwFields, SqRing, type NvmeRegs } from '../../generated/nvme/nvme.js';
import { NvmeWasm, NvmeWasmBars, type NvmeWasmExports } from '../../generated/nvme/nvme.wasm.js';
import { CQE_BYTES, SQE_BYTES, type DmaValue, type PairRings, type SqValues, type SqVariant } from './engines.js';

const PAGE = 4096;
const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

interface PairMemory {
  readonly sq: WindowRegion;
  readonly staging: WindowRegion;
  readonly cq: WindowRegion;
  /** SqeRwFields columns (depth entries): what submitBatch$sq$rw builds Read/Write entries from. */
  readonly fields: WindowRegion;
  /** CqeWords columns (depth entries): what reapBatch$cq copies consumed completions into. */
  readonly words: WindowRegion;
}

const fieldsBytes = (depth: number): number => new SqeRwFields(1).byteLength * depth;
const wordsBytes = (depth: number): number => new CqeWords(1).byteLength * depth;

/** One window per driver: the module, and each queue id's pages (reserved once, reused when a pair is made again). */
export class WasmQueues {
  private readonly memory = new Map<number, PairMemory>();

  private constructor(
    private readonly device: Device,
    private readonly regs: NvmeRegs,
    private readonly window: DeviceWindow,
    readonly wasm: NvmeWasm,
    private readonly depth: number,
    /** 'wasm': the routines' doorbell stores reach the controller (its BAR 0 is mapped in the window); 'copied': the engine writes them. */
    readonly doorbell: 'wasm' | 'copied',
  ) {}

  /** `pairs`: queue ids the window has room for (the admin pair included). */
  static create(device: Device, regs: NvmeRegs, depth: number, pairs: number): WasmQueues {
    if (!device.dma.adopt) throw new Error(`nvme wasm engine: this device's DMA allocator (${device.dma.addressMode}: ${device.dma.reason}) cannot adopt window memory; use engine 'ts'`);
    const bar = NvmeWasmBars[0];
    const perPair = 2 * roundUp(depth * SQE_BYTES, PAGE) + roundUp(depth * CQE_BYTES, PAGE) + roundUp(fieldsBytes(depth), PAGE) + roundUp(wordsBytes(depth), PAGE);
    const window = createDeviceWindow({ pages: Math.ceil((bar.offset + bar.size + pairs * perPair + PAGE) / WASM_PAGE) + 1 });
    try {
      // The module's BAR 0 at the offset it is built for: the controller's own when it can be mapped, else scratch (see the top).
      const source = device.barSource?.(0);
      const direct = source !== undefined && source.size >= bar.size;
      const bar0: WindowRegion = direct
        ? mapInto(window, source.fd, bar.offset, bar.size, { fileOffset: source.offset, what: 'nvme BAR 0', verify: 'maps' })
        : window.reserveScratch(bar.size);
      if (bar0.offset !== bar.offset) throw new Error(`nvme wasm engine: BAR 0 landed at window offset 0x${bar0.offset.toString(16)}, not 0x${bar.offset.toString(16)}`);
      // The stride the controller reported (read once by NvmeRegs; a scratch BAR's CAP would read 0).
      const wasm = new NvmeWasm(window, { 0: bar0 }, { doorbell: regs.doorbell.stride });
      return new WasmQueues(device, regs, window, wasm, depth, direct ? 'wasm' : 'copied');
    } catch (e) {
      window.close();
      throw e;
    }
  }

  /** Unmaps the controller's BAR from the window (call once every pair is released). */
  close(): void {
    this.window.close();
  }

  pair(qid: number): PairRings {
    let m = this.memory.get(qid);
    if (!m) {
      m = {
        sq: this.window.reserveScratch(roundUp(this.depth * SQE_BYTES, PAGE), PAGE),
        staging: this.window.reserveScratch(roundUp(SQE_BYTES, PAGE), PAGE),
        cq: this.window.reserveScratch(roundUp(this.depth * CQE_BYTES, PAGE), PAGE),
        fields: this.window.reserveScratch(roundUp(fieldsBytes(this.depth), PAGE), PAGE),
        words: this.window.reserveScratch(roundUp(wordsBytes(this.depth), PAGE), PAGE),
      };
      this.memory.set(qid, m);
    }
    return new WasmPairRings(this.device, this.regs, this.window, this.wasm, qid, this.depth, m, this.doorbell === 'wasm');
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
  /** Staged Read/Write commands as field columns in the window (submitBatch$sq$rw reads them). */
  private readonly fields: SqeRwFields;
  readonly completions: CqeWords;
  /**
   * The module's raw exports, for the two hot calls: their window offsets and sizes are this pair's own,
   * checked once in the constructor through the wrapper (NvmeWasm), so each call skips the wrapper's
   * per-call checks (under TCG every JS call counts); a trap still becomes the wrapper's error.
   */
  private readonly x: NvmeWasmExports;
  /** The CQ as 32-bit words, and where an entry's phase tag word is among them: an empty poll stays in JS. */
  private readonly cq32: Uint32Array;
  private readonly tagWord: number;

  constructor(
    device: Device,
    private readonly regs: NvmeRegs,
    window: DeviceWindow,
    private readonly wasm: NvmeWasm,
    private readonly qid: number,
    private readonly depth: number,
    private readonly m: PairMemory,
    /** The routines' doorbell stores reach the controller: no copy (WasmQueues.doorbell). */
    private readonly direct: boolean,
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
    // Columns a Read/Write never sets (FUSE, PSDT, CDW2/3, MPTR, CDW13-15) stay 0.
    bytes(m.fields, fieldsBytes(depth)).fill(0);
    this.fields = new SqeRwFields(depth, window.buffer, m.fields.offset);
    this.completions = new CqeWords(depth, window.buffer, m.words.offset);
    // The checked wrapper once, with nothing to do (n = 0, max = 0: no access, no doorbell): the offsets fit the window.
    wasm.submitBatch$sq$rw(qid, m.sq.offset, depth, 0, m.fields.offset, depth, 0);
    wasm.reapBatch$cq(qid, m.cq.offset, depth, 0, 1, 0, m.words.offset, depth);
    this.x = wasm.exports;
    const tag = this.completions.tag; // the generated CqeWords' phase tag word (cqe dw3)
    if (tag.width !== 32 || tag.offset % 4 !== 0) throw new Error(`nvme wasm engine: the phase tag word (${tag.width}-bit at ${tag.offset}) is not a dword`);
    this.cq32 = new Uint32Array(window.buffer, m.cq.offset, (depth * CQE_BYTES) / 4);
    this.tagWord = tag.offset / 4;
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
    if (!this.direct) this.regs.doorbell.write(2 * this.qid, this.tail); // the routine wrote the scratch BAR's; now the controller's
  }

  dmaValue(address: bigint): DmaValue {
    const n = Number(address);
    if (!Number.isSafeInteger(n)) throw new RangeError(`nvme wasm engine: DMA address 0x${address.toString(16)} is above 2^53 (the batch columns hold numbers)`);
    return n;
  }

  stageRw(k: number, cid: number, opc: number, nsid: number, slba: number, nlb: number, prp1: DmaValue, prp2: DmaValue): void {
    const f = this.fields;
    f.opc[k] = opc;
    f.cid[k] = cid;
    f.nsid[k] = nsid;
    f.prp1[k] = prp1 as number;
    f.prp2[k] = prp2 as number;
    f.slba[k] = slba;
    f.nlb[k] = nlb; // 0's based; FUA, LR, PRINFO, DSM, tags stay 0
  }

  submitRw(n: number): void {
    if (this.inFlight + n > this.depth) throw new RangeError(`SQ ${this.qid}: ${n} entries do not fit (${this.inFlight} of ${this.depth} in flight)`);
    try {
      this.tail = this.x.submitBatch$sq$rw(this.qid, this.m.sq.offset, this.depth, this.tail, this.m.fields.offset, this.depth, n) >>> 0;
    } catch (e) {
      rethrowTrap(e, 'submitBatch$sq$rw', `queue ${this.qid}, tail ${this.tail}, ${n} entries`);
    }
    this.inFlight += n;
    if (!this.direct) this.regs.doorbell.write(2 * this.qid, this.tail); // the routine wrote the scratch BAR's; now the controller's
  }

  reapBatch(max: number): number {
    // Nothing new at the head (its tag still the last pass's): no JS → wasm call, which under TCG costs
    // several times this one 32-bit read of DMA memory (bench/README.md). When it is new, the routine
    // reads the tag again as the first access of its scan.
    if (CqeDw3.p.get(this.cq32[this.head * (CQE_BYTES / 4) + this.tagWord]!) !== (this.phase === 1)) return 0;
    let k: number;
    try {
      k = this.x.reapBatch$cq(this.qid, this.m.cq.offset, this.depth, this.head, this.phase, max, this.m.words.offset, this.depth) >>> 0;
    } catch (e) {
      rethrowTrap(e, 'reapBatch$cq', `queue ${this.qid}, head ${this.head}, phase ${this.phase}, max ${max}`);
    }
    if (k === 0) return 0;
    const h = this.head + k;
    if (h >= this.depth) this.phase ^= 1;
    this.head = h >= this.depth ? h - this.depth : h;
    if (!this.direct) this.regs.doorbell.write(2 * this.qid + 1, this.head); // as submitRw: the scratch BAR's value, to the controller
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
