// A userspace NVMe driver written only against the accessors regmill generates from specs/nvme.regs
// and the runtime (Device, DmaPool, PRPs, waitFor). Follows NVMe 1.4 section 7.6.1 (initialization)
// and 7.6.2 (shutdown); runs unchanged on the simulated controller (runtime/sim/models/nvme.ts) and on
// a device opened through VFIO or UIO.
import type { Device } from '../../runtime/device-types.js';
import { DmaPool, type DmaDataBuffer } from '../../runtime/dma/pool.js';
import { buildPrps } from '../../runtime/dma/prp.js';
import { waitFor, WaitTimeoutError } from '../../runtime/registers/wait.js';
import {
  AdminOpcode,
  CcAms,
  CcCss,
  CcShn,
  CstsShst,
  FeatureId,
  IdentifyCns,
  IdentifyController,
  IdentifyNamespace,
  ActiveNamespaceList,
  NvmeCompletion,
  NvmeRegs,
  NvmOpcode,
  type SqeIdentifyValues,
} from '../../generated/nvme/nvme.js';
import { QueuePair, type Completion } from './queue.js';
import { TsPairRings, type PairRings, type SqValues, type SqVariant } from './engines.js';
import type { WasmQueues } from './engine-wasm.js';

/** Queue ids the wasm engine's window has room for: the admin pair and 16 I/O pairs. */
const WASM_QUEUE_IDS = 17;
import { NvmeCommandError, NvmeDmaFaultError } from './status.js';
import type { DmaFault } from '../../runtime/pci/dma-faults.js';

export interface NvmeDriverOptions {
  /**
   * Entries per queue, admin and I/O, given once here; the generated rings check it against
   * CAP.MQES + 1 (the spec's `count max cap.mqes + 1`) when they are made. Default min(64, MQES + 1).
   */
  readonly queueDepth?: number;
  /**
   * Who submits and reaps: 'ts' (default), the generated TypeScript rings; 'wasm', the generated
   * AssemblyScript routines (submit$sq$VARIANT / reap$cq) running in the device window.
   */
  readonly engine?: 'ts' | 'wasm';
  /** Per-command timeout in ms (default 5000). */
  readonly commandTimeoutMs?: number;
  /** Wait for interrupts (an MSI-X vector per CQ) instead of polling the completion queue. */
  readonly interrupts?: boolean;
  readonly log?: (line: string) => void;
  /**
   * IOMMU faults of this device (runtime watchDmaFaults(bdf)), checked after every completion: a refused
   * DMA then fails its command with NvmeDmaFaultError even when the controller reports success.
   */
  readonly dmaFaults?: { take(): readonly DmaFault[] };
}

export interface ControllerInfo {
  readonly vid: number;
  readonly serial: string;
  readonly model: string;
  readonly firmware: string;
  readonly namespaces: number;
  /** Largest transfer in bytes (0: no limit). */
  readonly maxTransfer: number;
  readonly version: string;
}

export interface NamespaceInfo {
  readonly nsid: number;
  readonly blocks: bigint;
  readonly lbaSize: number;
}

export class NvmeDriver {
  readonly regs: NvmeRegs;
  /**
   * The spec's `interrupts completion`: cause `cq` is "new entries in CQ y" (no status register, the
   * vector is the cause), `completion.vector('cq', y)` the vector CQ y signals.
   */
  readonly completion: NvmeCompletion;
  readonly pool: DmaPool;
  readonly depth: number;
  /** CAP.DSTRD (the generated NvmeRegs read it too when they bound the BAR: the doorbells are 4 << DSTRD bytes apart). */
  readonly dstrd: number;
  readonly engine: 'ts' | 'wasm';
  /** CAP.TO × 500 ms: the worst case for CSTS.RDY to follow CC.EN. */
  readonly readyTimeoutMs: number;
  private admin: QueuePair | undefined;
  private wasmQueues: WasmQueues | undefined;
  private readonly ioQueues = new Map<number, QueuePair>();
  private readonly timeoutMs: number;
  private readonly useInterrupts: boolean;
  private readonly log: (line: string) => void;
  private readonly dmaFaults: { take(): readonly DmaFault[] } | undefined;
  private grantedPairs = 0;
  /** Interrupts the driver waited for and got (interrupt mode). */
  interrupts = 0;
  /** The same, by MSI-X vector (vector y belongs to CQ y). */
  readonly interruptsByVector = new Map<number, number>();

  constructor(
    readonly device: Device,
    options: NvmeDriverOptions = {},
  ) {
    this.regs = new NvmeRegs(device.bar(0));
    this.completion = new NvmeCompletion(device.bar(0));
    this.pool = new DmaPool(device.dma);
    this.log = options.log ?? (() => {});
    this.timeoutMs = options.commandTimeoutMs ?? 5000;
    this.useInterrupts = options.interrupts ?? false;
    this.dmaFaults = options.dmaFaults;
    const cap = this.regs.cap.read(); // one read as the spec declares it (split lo_hi: two dwords, low first); every CAP field below decodes it
    const mqes = this.regs.cap.fields.mqes.get(cap) + 1;
    this.dstrd = this.regs.cap.fields.dstrd.get(cap);
    this.readyTimeoutMs = Math.max(1, this.regs.cap.fields.to.get(cap)) * 500;
    this.engine = options.engine ?? 'ts';
    if (this.engine !== 'ts' && this.engine !== 'wasm') throw new RangeError(`nvme: unknown engine '${String(options.engine)}'; expected 'ts' or 'wasm'`);
    // The default only; the rings check the depth against CAP.MQES + 1 (the spec says so) when made.
    this.depth = options.queueDepth ?? Math.min(64, mqes);
    if (this.depth > 4096) throw new RangeError(`nvme: queue depth ${this.depth} exceeds the admin queue's 4096 entries (AQA)`);
  }

  // ---- controller state (section 7.6.1) --------------------------------------------------------

  /** CC.EN = 0 and CSTS.RDY = 0 (section 7.3.2). */
  async disable(): Promise<void> {
    if (this.regs.cc.get('en')) this.regs.cc.modify({ en: 0 });
    await this.waitCsts((c) => !this.regs.csts.fields.rdy.get(c), 'CSTS.RDY = 0 after CC.EN = 0');
    this.dropQueues();
  }

  /** Reset, admin queue, enable; on CFS or a timeout the controller is left disabled. */
  async enable(): Promise<void> {
    await this.disable();
    const admin = new QueuePair(await this.pairRings(0), 0, this.depth, this.vectorOf(0));
    this.admin = admin;
    this.regs.aqa.write({ asqs: this.depth - 1, acqs: this.depth - 1 });
    this.regs.asq.write({ asqb: admin.sq.deviceAddress >> 12n }); // two dword writes each, low first (split lo_hi; 3.1.9, 3.1.10)
    this.regs.acq.write({ acqb: admin.cq.deviceAddress >> 12n });
    this.regs.cc.write({ en: 1, css: CcCss.nvm, mps: 0, ams: CcAms.round_robin, shn: CcShn.none, iosqes: 6, iocqes: 4 });
    try {
      const csts = await this.waitCsts((c) => this.regs.csts.fields.rdy.get(c) || this.regs.csts.fields.cfs.get(c), 'CSTS.RDY = 1 after CC.EN = 1');
      if (this.regs.csts.fields.cfs.get(csts)) throw new Error('nvme: controller fatal status (CSTS.CFS = 1) while enabling; it was reset and left disabled');
    } catch (error) {
      await this.leaveDisabled();
      throw error;
    }
    this.log(`enabled: depth ${this.depth}, DSTRD ${this.dstrd}, ${this.useInterrupts ? 'interrupts' : 'polling'}`);
  }

  /** Normal shutdown (section 7.6.2): delete I/O queues, CC.SHN = normal, wait CSTS.SHST = complete. */
  async shutdown(): Promise<void> {
    for (const qid of [...this.ioQueues.keys()].reverse()) await this.deleteIoQueuePair(qid);
    this.regs.cc.modify({ shn: CcShn.normal });
    await this.waitCsts((c) => this.regs.csts.fields.shst.get(c) === CstsShst.complete, 'CSTS.SHST = complete after CC.SHN = normal');
    this.log('shutdown complete');
    this.dropQueues();
  }

  close(): void {
    this.dropQueues();
    // The wasm engine's window maps the controller's BAR: unmap it before the device is closed.
    this.wasmQueues?.close();
    this.wasmQueues = undefined;
    this.pool.close();
  }

  /**
   * Who writes the doorbells with engine 'wasm' (once a queue pair exists): 'wasm', the routines
   * themselves (the BAR is mapped into their window), or 'copied', one accessor write of the value they
   * computed (no mappable BAR: the simulated controller). Undefined with engine 'ts'.
   */
  get wasmDoorbell(): 'wasm' | 'copied' | undefined {
    return this.wasmQueues?.doorbell;
  }

  // ---- admin commands (section 5) ------------------------------------------------------------

  async identifyController(): Promise<ControllerInfo> {
    const buf = this.pool.data(4096);
    try {
      await this.adminData('Identify Controller', buf, (cid, prp1, prp2) => ({
        cdw0: { opc: AdminOpcode.identify, cid },
        prp1,
        prp2,
        cdw10: { cns: IdentifyCns.controller },
      }));
      const id = new IdentifyController(this.viewOf(buf), 0);
      const text = (w: { length: number; read(i: number): number }): string => String.fromCharCode(...Array.from({ length: w.length }, (_, i) => w.read(i))).trimEnd();
      const ver = id.ver.read();
      return {
        vid: id.vid.read(),
        serial: text(id.sn),
        model: text(id.mn),
        firmware: text(id.fr),
        namespaces: id.nn.read(),
        maxTransfer: id.mdts.read() === 0 ? 0 : (1 << id.mdts.read()) * 4096,
        version: `${ver >>> 16}.${(ver >> 8) & 0xff}.${ver & 0xff}`,
      };
    } finally {
      buf.free();
    }
  }

  async identifyNamespace(nsid: number): Promise<NamespaceInfo> {
    const buf = this.pool.data(4096);
    try {
      await this.adminData('Identify Namespace', buf, (cid, prp1, prp2) => ({ cdw0: { opc: AdminOpcode.identify, cid }, nsid, prp1, prp2, cdw10: { cns: IdentifyCns.namespace } }));
      const ns = new IdentifyNamespace(this.viewOf(buf), 0);
      const format = ns.flbas.get('format');
      return { nsid, blocks: ns.nsze.read(), lbaSize: 2 ** ns.lbaf.get(format, 'lbads') };
    } finally {
      buf.free();
    }
  }

  async activeNamespaces(): Promise<number[]> {
    const buf = this.pool.data(4096);
    try {
      await this.adminData('Identify Active Namespace List', buf, (cid, prp1, prp2) => ({ cdw0: { opc: AdminOpcode.identify, cid }, nsid: 0, prp1, prp2, cdw10: { cns: IdentifyCns.active_namespaces } }));
      const list = new ActiveNamespaceList(this.viewOf(buf), 0);
      const out: number[] = [];
      for (let i = 0; i < list.nsid.length; i++) {
        const id = list.nsid.read(i);
        if (id === 0) break;
        out.push(id);
      }
      return out;
    } finally {
      buf.free();
    }
  }

  /** Set Features, Number of Queues (5.21.1.7): asks for `pairs` I/O queue pairs; returns how many were granted. */
  async setNumberOfQueues(pairs: number): Promise<number> {
    const c = await this.adminCommand('Set Features (Number of Queues)', 'features', (cid) => ({
      cdw0: { opc: AdminOpcode.set_features, cid },
      cdw10: { fid: FeatureId.number_of_queues },
      cdw11: { nsqr: pairs - 1, ncqr: pairs - 1 },
    }));
    this.grantedPairs = Math.min((c.result & 0xffff) + 1, (c.result >>> 16) + 1);
    return this.grantedPairs;
  }

  /** The vector CQ `qid` signals with interrupts on (the spec's cause completion.cq), else undefined: polled. */
  private vectorOf(qid: number): number | undefined {
    return this.useInterrupts ? this.completion.vector('cq', qid) : undefined;
  }

  /** Create I/O CQ then SQ `qid` (5.3, 5.4); with interrupts, the CQ signals MSI-X vector `qid`. */
  async createIoQueuePair(qid: number): Promise<QueuePair> {
    if (this.ioQueues.has(qid)) throw new Error(`nvme: I/O queue pair ${qid} already exists`);
    const qp = new QueuePair(await this.pairRings(qid), qid, this.depth, this.vectorOf(qid));
    const vector = qp.vector; // the spec's cause completion.cq (ring cq, `vector msix y`): CQ y signals vector y
    try {
      await this.adminCommand(`Create I/O Completion Queue ${qid}`, 'create_io_cq', (cid) => ({
        cdw0: { opc: AdminOpcode.create_io_cq, cid },
        prp1: qp.cq.deviceAddress,
        cdw10: { qid, qsize: this.depth - 1 },
        cdw11: { pc: true, ien: vector !== undefined, iv: vector ?? 0 },
      }));
      try {
        await this.adminCommand(`Create I/O Submission Queue ${qid}`, 'create_io_sq', (cid) => ({
          cdw0: { opc: AdminOpcode.create_io_sq, cid },
          prp1: qp.sq.deviceAddress,
          cdw10: { qid, qsize: this.depth - 1 },
          cdw11: { pc: true, cqid: qid },
        }));
      } catch (error) {
        await this.adminCommand(`Delete I/O Completion Queue ${qid}`, 'delete_io_queue', (cid) => ({ cdw0: { opc: AdminOpcode.delete_io_cq, cid }, cdw10: { qid } })).catch(() => {});
        throw error;
      }
    } catch (error) {
      qp.release();
      throw error;
    }
    this.ioQueues.set(qid, qp);
    return qp;
  }

  /** Delete I/O SQ then CQ (5.6, 5.5: the SQ first, or the CQ deletion fails). */
  async deleteIoQueuePair(qid: number): Promise<void> {
    const qp = this.ioQueues.get(qid);
    if (!qp) throw new Error(`nvme: no I/O queue pair ${qid}`);
    await this.adminCommand(`Delete I/O Submission Queue ${qid}`, 'delete_io_queue', (cid) => ({ cdw0: { opc: AdminOpcode.delete_io_sq, cid }, cdw10: { qid } }));
    await this.adminCommand(`Delete I/O Completion Queue ${qid}`, 'delete_io_queue', (cid) => ({ cdw0: { opc: AdminOpcode.delete_io_cq, cid }, cdw10: { qid } }));
    this.ioQueues.delete(qid);
    qp.release();
  }

  /** Sends any admin entry of a variant of the SQ entry (`raw`: CDW10-15 as plain dwords, for commands without a variant of their own). */
  adminCommand<K extends SqVariant>(name: string, variant: K, fill: (cid: number) => SqValues<K>): Promise<Completion> {
    if (!this.admin) throw new Error(`nvme: ${name}: the controller is not enabled`);
    return this.run(this.admin, name, variant, fill);
  }

  /** Sends any entry on I/O queue pair `qid` (commands the driver has no method for, own PRPs). */
  ioCommand<K extends SqVariant>(qid: number, name: string, variant: K, fill: (cid: number) => SqValues<K>): Promise<Completion> {
    return this.run(this.io(qid), name, variant, fill);
  }

  // ---- NVM commands (section 6) --------------------------------------------------------------

  async read(qid: number, nsid: number, lba: bigint, blocks: number, lbaSize: number): Promise<Uint8Array> {
    const buf = this.pool.data(blocks * lbaSize);
    try {
      await this.rw('Read', NvmOpcode.read, qid, nsid, lba, blocks, buf);
      return buf.read(0, blocks * lbaSize);
    } finally {
      buf.free();
    }
  }

  async write(qid: number, nsid: number, lba: bigint, data: Uint8Array, lbaSize: number): Promise<void> {
    if (data.length === 0 || data.length % lbaSize !== 0) throw new RangeError(`nvme: Write of ${data.length} bytes is not a whole number of ${lbaSize}-byte blocks`);
    const buf = this.pool.data(data.length);
    try {
      buf.write(0, data);
      await this.rw('Write', NvmOpcode.write, qid, nsid, lba, data.length / lbaSize, buf);
    } finally {
      buf.free();
    }
  }

  async flush(qid: number, nsid: number): Promise<void> {
    await this.run(this.io(qid), 'Flush', 'raw', (cid) => ({ cdw0: { opc: NvmOpcode.flush, cid }, nsid }));
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** I/O queue pair `qid` (created by createIoQueuePair), for hot paths such as IoQueue (io.ts). */
  queuePair(qid: number): QueuePair {
    return this.io(qid);
  }

  /** Queue pair `qid`'s rings from the chosen engine (the wasm one is loaded on first use). */
  private async pairRings(qid: number): Promise<PairRings> {
    if (this.engine === 'ts') return new TsPairRings(this.regs, this.pool, qid, this.depth);
    if (!this.wasmQueues) {
      const { WasmQueues } = await import('./engine-wasm.js');
      this.wasmQueues = WasmQueues.create(this.device, this.regs, this.depth, WASM_QUEUE_IDS);
    }
    return this.wasmQueues.pair(qid);
  }

  private io(qid: number): QueuePair {
    const qp = this.ioQueues.get(qid);
    if (!qp) throw new Error(`nvme: no I/O queue pair ${qid} (create it first)`);
    return qp;
  }

  private async rw(name: string, opc: number, qid: number, nsid: number, lba: bigint, blocks: number, buf: DmaDataBuffer): Promise<void> {
    if (!Number.isInteger(blocks) || blocks < 1 || blocks > 0x10000) throw new RangeError(`nvme: ${name} of ${blocks} blocks: NLB allows 1..65536`);
    const prps = buildPrps(this.pool, buf, 0, buf.size);
    try {
      await this.run(this.io(qid), `${name} LBA ${lba}+${blocks}`, 'rw', (cid) => ({
        cdw0: { opc, cid },
        nsid,
        prp1: prps.prp1,
        prp2: prps.prp2,
        slba: lba,
        cdw12: { nlb: blocks - 1 },
      }));
    } finally {
      prps.release();
    }
  }

  private async adminData(name: string, buf: DmaDataBuffer, fill: (cid: number, prp1: bigint, prp2: bigint) => SqeIdentifyValues): Promise<void> {
    const prps = buildPrps(this.pool, buf, 0, buf.size);
    try {
      await this.adminCommand(name, 'identify', (cid) => fill(cid, prps.prp1, prps.prp2));
    } finally {
      prps.release();
    }
  }

  /** Identify data is one page: its Mmio for the generated data-structure views. */
  private viewOf(buf: DmaDataBuffer): DmaDataBuffer['mmio'] {
    return buf.mmio;
  }

  /** Submits one command, rings, and completes it by polling or by its CQ's interrupt. */
  private async run<K extends SqVariant>(qp: QueuePair, name: string, variant: K, fill: (cid: number) => SqValues<K>): Promise<Completion> {
    let cid = -1;
    const done = qp.submit(name, variant, (c) => {
      cid = c;
      return fill(c);
    });
    let completion: Completion | undefined;
    void done.then((c) => (completion = c));
    const what = `${name} (CID ${cid} on SQ ${qp.qid}) to complete`;
    try {
      if (qp.vector !== undefined) {
        const deadline = performance.now() + this.timeoutMs;
        while (!completion) {
          if (qp.reap() === 0) {
            const left = deadline - performance.now();
            if (left <= 0) throw new WaitTimeoutError(`timed out after ${this.timeoutMs} ms waiting for ${what} (no interrupt on MSI-X vector ${qp.vector})`, undefined, this.timeoutMs);
            await this.device.irq.wait({ vector: qp.vector, timeout: left }).then(
              () => {
                this.interrupts++;
                this.interruptsByVector.set(qp.vector!, (this.interruptsByVector.get(qp.vector!) ?? 0) + 1);
              },
              (e: { code?: string }) => {
                if (e.code !== 'ETIMEDOUT') throw e;
              },
            );
          }
          await Promise.resolve();
        }
      } else {
        await waitFor(
          () => (qp.reap(), completion),
          (c) => c !== undefined,
          { timeoutMs: this.timeoutMs, what, describe: () => `CSTS 0x${this.regs.csts.read().toString(16)}` },
        );
      }
    } catch (error) {
      // CFS or no answer: reset the controller rather than leave it half-configured.
      const fatal = this.regs.csts.get('cfs');
      await this.leaveDisabled();
      if (fatal) throw new Error(`nvme: controller fatal status (CSTS.CFS = 1) while waiting for ${what}; the controller was reset and left disabled`);
      if (error instanceof WaitTimeoutError) throw new WaitTimeoutError(`nvme: ${error.message}; the controller was reset and left disabled`, error.last, error.elapsedMs);
      throw error;
    }
    const c = completion!;
    const faults = this.dmaFaults?.take() ?? [];
    if (faults.length > 0) throw new NvmeDmaFaultError(name, c.cid, qp.qid, c.status.name, faults);
    if (!c.ok) throw new NvmeCommandError(name, c.cid, qp.qid, c.status);
    return c;
  }

  private async waitCsts(done: (csts: number) => boolean, what: string): Promise<number> {
    return waitFor(() => this.regs.csts.read(), done, {
      timeoutMs: this.readyTimeoutMs,
      what,
      why: `CAP.TO × 500 ms = ${this.readyTimeoutMs} ms`,
    });
  }

  /** After CFS or a timeout: CC.EN = 0, queues dropped (best effort; the first error is what the caller sees). */
  private async leaveDisabled(): Promise<void> {
    this.regs.cc.write({ en: 0 });
    this.dropQueues();
    await this.waitCsts((c) => !this.regs.csts.fields.rdy.get(c), 'CSTS.RDY = 0 after CC.EN = 0').catch(() => {});
  }

  private dropQueues(): void {
    for (const q of this.ioQueues.values()) q.release();
    this.ioQueues.clear();
    this.admin?.release();
    this.admin = undefined;
  }
}
