// A userspace e1000e (82574) driver in the style of ixy, written only against what regmill generates
// from specs/e1000e.regs (registers, fields, the interrupt group, descriptor layouts and rings, the
// wasm routines) and the runtime (Device, PacketPool, waitFor). Runs unchanged on a port opened through
// VFIO and on the simulated e1000e (runtime/sim/models/e1000e.ts).
//
// Bring-up follows the 82574 datasheet section 14 ("General initialization and reset operation") as
// far as QEMU 7.2's model needs it, and programs every register it relies on: neither CTRL.RST nor
// VFIO_DEVICE_RESET restores them on QEMU 7.2 (IMS, ITR, IVAR survive both).
import type { Device } from '../../runtime/device-types.js';
import { PacketPool } from '../../runtime/dma/packet-pool.js';
import { waitFor } from '../../runtime/registers/wait.js';
import { E1000eMain, E1000eRegs, RahAsel, RctlDtyp, RxBufferSize, RxDescStatus } from '../../generated/e1000e/e1000e.js';
import type { Nic, NicOptions, NicStats, RingEngine } from './api.js';
import { TsQueueRings, type QueueRings } from './rings.js';

const BSIZE: Record<number, number> = { 2048: RxBufferSize.b2048, 1024: RxBufferSize.b1024, 512: RxBufferSize.b512, 256: RxBufferSize.b256 };
/** Causes that mean "receive descriptors were written back": RXQ0 under MSI-X, RXT0 in every mode. */
const RX_CAUSES = E1000eMain.rxq0 | E1000eMain.rxt0;
/** IVAR (10.2.4.9) as the spec's vectors assume it: RxQ0→0, RxQ1→1, TxQ0→2, TxQ1→3, Other→4, all valid. */
const IVAR = {
  rxq0_vector: 0, rxq0_valid: true, rxq1_vector: 1, rxq1_valid: true, txq0_vector: 2, txq0_valid: true,
  txq1_vector: 3, txq1_valid: true, other_vector: 4, other_valid: true,
} as const;

function ringCount(n: number | undefined, what: string): number {
  const c = n ?? 256;
  // RDLEN/TDLEN are a multiple of 128 bytes (8 descriptors); RDH/RDT are 16-bit.
  if (!(Number.isInteger(c) && c >= 8 && c <= 65536 && c % 8 === 0)) throw new RangeError(`e1000e: ${what} must be a multiple of 8 in 8..65536, got ${String(n)}`);
  return c;
}

function macOf(ral: number, rah: number): string {
  const b = [ral & 0xff, (ral >>> 8) & 0xff, (ral >>> 16) & 0xff, ral >>> 24, rah & 0xff, (rah >>> 8) & 0xff];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** Creates a ring engine (the wasm one is loaded only when asked for). */
async function makeRings(engine: RingEngine, device: Device, regs: E1000eRegs, rx: number, tx: number): Promise<QueueRings> {
  if (engine === 'ts') return new TsQueueRings(device, regs, rx, tx);
  const { WasmQueueRings } = await import('./wasm-rings.js');
  return WasmQueueRings.create(device, regs, rx, tx);
}

export class E1000eNic implements Nic {
  readonly regs: E1000eRegs;
  readonly irqs: E1000eMain;
  readonly pool: PacketPool;
  readonly mac: string;
  readonly engine: RingEngine;
  private readonly rings: QueueRings;
  private readonly useInterrupts: boolean;
  /** Buffer id behind each RX / TX ring slot. */
  private readonly rxSlot: Uint32Array;
  private readonly txSlot: Uint32Array;
  /** Scratch for refills and cleanups (no allocation per batch). */
  private readonly scratch: Uint32Array;
  private readonly totals: NicStats = { rxPackets: 0, txPackets: 0, rxBytes: 0, txBytes: 0, rxMissed: 0, rxNoBuffers: 0, crcErrors: 0, totalRxPackets: 0, totalTxPackets: 0 };
  private closed = false;
  /** Interrupts waited for and received (interrupt mode). */
  interrupts = 0;
  /** Frames received with errors or spanning descriptors (dropped, buffers recycled). */
  rxErrors = 0;

  private constructor(
    readonly device: Device,
    readonly name: string,
    rings: QueueRings,
    pool: PacketPool,
    options: NicOptions,
  ) {
    this.regs = new E1000eRegs(device.bar(0));
    this.irqs = new E1000eMain(device.bar(0));
    this.rings = rings;
    this.pool = pool;
    this.engine = options.engine ?? 'ts';
    this.useInterrupts = options.interrupts ?? false;
    this.rxSlot = new Uint32Array(rings.rxCount);
    this.txSlot = new Uint32Array(rings.txCount);
    this.scratch = new Uint32Array(Math.max(rings.rxCount, rings.txCount));
    this.mac = macOf(this.regs.ral.read(0), this.regs.rah.get(0, 'addr'));
  }

  /** Resets and brings up a port: rings, buffers, receiver and transmitter on, link up. */
  static async open(device: Device, options: NicOptions & { readonly name?: string } = {}): Promise<E1000eNic> {
    const log = options.log ?? (() => {});
    const rx = ringCount(options.rxDescriptors, 'rxDescriptors');
    const tx = ringCount(options.txDescriptors, 'txDescriptors');
    const bufferSize = options.bufferSize ?? 2048;
    if (BSIZE[bufferSize] === undefined) throw new RangeError(`e1000e: bufferSize must be 2048, 1024, 512 or 256 (RCTL.BSIZE), got ${bufferSize}`);
    const regs = new E1000eRegs(device.bar(0));
    const irqs = new E1000eMain(device.bar(0));
    // 1. Quiesce: receiver and transmitter off, every cause masked and cleared (10.2.4.5, 10.2.4.1).
    regs.rctl.write(0);
    regs.tctl.write(0);
    irqs.disable(irqs.all);
    irqs.ack(irqs.all);
    // 2. Software reset (CTRL.RST, self-clearing; 14.5), then mask again: the reset may re-enable causes on real silicon.
    regs.ctrl.modify({ rst: 1 });
    await waitFor(() => regs.ctrl.get('rst'), (rst) => !rst, { timeoutMs: 100, what: 'CTRL.RST to clear', why: 'the reset completes within 1 µs (datasheet 14.5)' });
    irqs.disable(irqs.all);
    irqs.ack(irqs.all);
    // 3. Statistics start at zero: read every counter once (each read clears it).
    const counters = Object.values(regs.stats).filter((r): r is { readAndClear(): number } => typeof (r as { readAndClear?: unknown }).readAndClear === 'function');
    for (const c of counters) c.readAndClear();
    const rings = await makeRings(options.engine ?? 'ts', device, regs, rx, tx);
    let pool: PacketPool | undefined;
    try {
      pool = new PacketPool(device.dma, { count: options.poolBuffers ?? rx + tx + 512, bufferSize, what: `${options.name ?? 'e1000e'} packet pool` });
      const nic = new E1000eNic(device, options.name ?? 'e1000e', rings, pool, options);
      nic.setUpRx(bufferSize, options.promiscuous ?? true, options.broadcast ?? true);
      nic.setUpTx();
      nic.setUpInterrupts(options.itr ?? 0);
      // 4. Link (14.7): set link up, then wait for STATUS.LU.
      regs.ctrl.modify({ slu: 1, phy_rst: 0 });
      const timeoutMs = options.linkTimeoutMs ?? 5000;
      await waitFor(() => regs.status.get('lu'), (lu) => lu, { timeoutMs, what: `STATUS.LU on ${nic.name}`, why: 'auto-negotiation takes up to a few seconds (datasheet 14.7); is the port connected?' });
      log(`${nic.name}: MAC ${nic.mac}, link up, ${rx} RX / ${tx} TX descriptors, ${pool.count} buffers of ${bufferSize} bytes, ${nic.engine} rings${nic.useInterrupts ? ', interrupt receive' : ''}`);
      return nic;
    } catch (e) {
      regs.rctl.write(0);
      regs.tctl.write(0);
      rings.close();
      pool?.close();
      throw e;
    }
  }

  /** Receive (datasheet 14.6): ring registers, RXDCTL, every descriptor but one given a buffer, the address filter, then RCTL.EN. */
  private setUpRx(bufferSize: number, promiscuous: boolean, broadcast: boolean): void {
    const q = this.regs.rxq.at(0);
    const r = this.rings;
    q.rdbal.write(Number(r.rxBase & 0xffff_ffffn));
    q.rdbah.write(Number(r.rxBase >> 32n));
    q.rdlen.write(r.rxCount * 16);
    q.rdh.write(0);
    q.rdt.write(0);
    this.regs.rxdctl.write(0, { wthresh: 1, gran: 1 });
    this.refill();
    // Receive address 0 is the port's MAC (loaded from the NVM at reset); mark it valid and matched on
    // the destination so the filter passes frames to this port without relying on reset state.
    this.regs.rah.write(0, { addr: this.regs.rah.get(0, 'addr'), asel: RahAsel.destination, av: 1 });
    const all = promiscuous ? 1 : 0;
    this.regs.rctl.write({
      en: 1, upe: all, mpe: all, bam: promiscuous || broadcast ? 1 : 0,
      dtyp: RctlDtyp.legacy, bsize: BSIZE[bufferSize]!, secrc: 1, // strip the CRC: lengths are frame bytes
    });
  }

  /** Transmit (datasheet 14.8): ring registers, TXDCTL, then TCTL.EN with padding and the usual collision values. */
  private setUpTx(): void {
    const q = this.regs.txq.at(0);
    const r = this.rings;
    q.tdbal.write(Number(r.txBase & 0xffff_ffffn));
    q.tdbah.write(Number(r.txBase >> 32n));
    q.tdlen.write(r.txCount * 16);
    q.tdh.write(0);
    q.tdt.write(0);
    this.regs.txdctl.write(0, { wthresh: 1, gran: 1 });
    this.regs.tctl.write({ en: 1, psp: 1, ct: 0x0f, cold: 0x3f });
  }

  private setUpInterrupts(itr: number): void {
    this.regs.ivar.write(IVAR);
    this.regs.itr.write({ interval: itr });
    if (this.useInterrupts) this.irqs.enable(RX_CAUSES);
  }

  linkUp(): boolean {
    return this.regs.status.get('lu');
  }

  get txInFlight(): number {
    return this.rings.txInFlight;
  }

  /**
   * Who writes RDT/TDT: 'ring' (the TS ring class, through the generated register), 'wasm' (the wasm
   * routine itself, into the device's BAR mapped into the window), or 'copied' (wasm routine over a
   * scratch BAR, then one TS write: the simulated device).
   */
  get doorbell(): 'ring' | 'wasm' | 'copied' {
    return this.engine === 'ts' ? 'ring' : this.rings.directDoorbell ? 'wasm' : 'copied';
  }

  /** Gives the device fresh buffers for every free RX descriptor but one (RDT = RDH means empty). */
  private refill(): void {
    const r = this.rings;
    const want = r.rxCount - 1 - r.rxInFlight;
    if (want <= 0) return;
    const ids = this.scratch;
    const got = this.pool.allocBatch(ids, want);
    if (got === 0) return;
    // The slots these buffers go to: from the ring's tail, which is head + in flight.
    let slot = (r.rxHead + r.rxInFlight) % r.rxCount;
    for (let k = 0; k < got; k++) {
      this.rxSlot[slot] = ids[k]!;
      slot = slot + 1 === r.rxCount ? 0 : slot + 1;
    }
    r.rxPublish(this.pool, ids, 0, got);
  }

  rxBatch(ids: Uint32Array, lengths: Uint16Array, max: number = ids.length): number {
    if (this.closed) throw new Error(`${this.name}: closed`);
    const r = this.rings;
    const count = r.rxCount;
    let slot = r.rxHead;
    const n = r.rxReap(max < ids.length ? max : ids.length);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const d = r.rxEntry(slot);
      const id = this.rxSlot[slot]!;
      // One read of status and errors each; a frame that did not fit one buffer (no EOP) or has errors is dropped.
      if (!RxDescStatus.eop.get(d.status.read()) || d.errors.read() !== 0) {
        this.rxErrors++;
        this.pool.release(id);
      } else {
        ids[k] = id;
        lengths[k] = d.length.read();
        k++;
      }
      slot = slot + 1 === count ? 0 : slot + 1;
    }
    if (n > 0) this.refill();
    return k;
  }

  txCleanup(): number {
    const r = this.rings;
    const count = r.txCount;
    let slot = r.txHead;
    const n = r.txReap(count);
    if (n === 0) return 0;
    const ids = this.scratch;
    for (let i = 0; i < n; i++) {
      ids[i] = this.txSlot[slot]!;
      slot = slot + 1 === count ? 0 : slot + 1;
    }
    this.pool.releaseBatch(ids, n);
    return n;
  }

  txBatch(ids: Uint32Array, lengths: Uint16Array, n: number): number {
    if (this.closed) throw new Error(`${this.name}: closed`);
    if (!(n >>> 0 === n && n <= ids.length && n <= lengths.length)) throw new RangeError(`${this.name}: txBatch of ${String(n)} with ${ids.length} ids and ${lengths.length} lengths`);
    const r = this.rings;
    if (r.txInFlight > 0) this.txCleanup();
    // TDT = TDH means empty, so one descriptor always stays unused.
    const room = r.txCount - 1 - r.txInFlight;
    const k = n < room ? n : room;
    if (k === 0) return 0;
    let slot = r.txTail;
    for (let i = 0; i < k; i++) {
      this.txSlot[slot] = ids[i]!;
      slot = slot + 1 === r.txCount ? 0 : slot + 1;
    }
    r.txPublish(this.pool, ids, lengths, 0, k);
    return k;
  }

  async waitForPackets(timeoutMs = 1000): Promise<void> {
    if (!this.useInterrupts) throw new Error(`${this.name}: opened for polling (NicOptions.interrupts is off)`);
    // Ack first, then look: a frame written back after the look raises the cause again, so no wake-up is lost.
    this.irqs.ack(RX_CAUSES);
    if (this.rings.rxInFlight > 0 && RxDescStatus.dd.get(this.rings.rxEntry(this.rings.rxHead).status.read())) return;
    await this.device.irq.wait({ vector: 0, timeout: timeoutMs });
    this.interrupts++;
    // QEMU 7.2 clears the causes from IMS after an MSI-X message when EIAC names them (not set here);
    // re-arming costs one write and keeps real silicon with auto-mask on working too.
    this.irqs.enable(RX_CAUSES);
  }

  readStats(): NicStats {
    const s = this.regs.stats;
    const t = this.totals;
    t.rxPackets += s.gprc.readAndClear();
    t.txPackets += s.gptc.readAndClear();
    // 64-bit octet counters: low register first, then high (10.2.8: reading high clears the pair).
    t.rxBytes += s.gorcl.readAndClear() + s.gorch.readAndClear() * 2 ** 32;
    t.txBytes += s.gotcl.readAndClear() + s.gotch.readAndClear() * 2 ** 32;
    // TOR/TOT as well: QEMU 7.2 overwrites GORC/GOTC with them on every frame, so they must be cleared too.
    s.torl.readAndClear();
    s.torh.readAndClear();
    s.totl.readAndClear();
    s.toth.readAndClear();
    t.rxMissed += s.mpc.readAndClear();
    t.rxNoBuffers += s.rnbc.readAndClear();
    t.crcErrors += s.crcerrs.readAndClear();
    t.totalRxPackets += s.tpr.readAndClear();
    t.totalTxPackets += s.tpt.readAndClear();
    return { ...t };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.regs.rctl.write(0);
    this.regs.tctl.write(0);
    this.irqs.disable(this.irqs.all);
    this.irqs.ack(this.irqs.all);
    this.rings.close();
    this.pool.close();
  }
}
