// One e1000e port driven from TypeScript through VFIO, with only the code generated from
// specs/e1000e.regs (E1000eRegs, E1000eMain, RxRing/TxRing): the guest tests' and the NIC benchmark's
// regmill side until examples/nic's driver library takes its place. Legacy descriptors, queue 0, polled.
//
// Set-up follows the 82574 datasheet's initialisation order (section 4.6: interrupts masked, link up,
// receive then transmit rings), with what QEMU 7.2 does not reset programmed explicitly (IMS, ICR;
// qemu-uio-vfio findings). Buffers: one DMA block per ring, slot i of a ring always uses buffer i, so a
// receive slot is refilled by handing the same buffer back.
import { E1000eMain, E1000eRegs, Rah, RxBufferSize, RxRing, Status, TxRing, device as spec } from '../../../generated/e1000e/e1000e.js';
import { openDevice, type Device, type DmaBuffer } from '../../../runtime/index.js';

export const BUFFER_BYTES = 2048;
const DESC_BYTES = 16;
const barSize = (index: number): number => spec.bars.find((b) => b.index === index)!.size;

/** Statistics a test or the benchmark compares with its own counts (datasheet 10.2.8; all clear on read). */
export interface PortStats {
  gprc: number;
  gptc: number;
  gorc: bigint;
  gotc: bigint;
  tpr: number;
  tpt: number;
  mpc: number;
  rnbc: number;
  crcerrs: number;
  prc64: number;
  ptc64: number;
}

/** One received frame, valid until the next receive(). */
export type FrameSink = (bytes: Uint8Array, at: number, length: number, status: number, errors: number) => void;

type MutableTx = { buffer_addr: bigint; length: number; cmd: { eop: true; ifcs: true; rs: true } };
type MutableRx = { buffer_addr: bigint };

export class NicPort {
  readonly dev: Device;
  readonly regs: E1000eRegs;
  readonly mac: Uint8Array;
  readonly rx: RxRing;
  readonly tx: TxRing;
  readonly rxBuffers: DmaBuffer;
  readonly txBuffers: DmaBuffer;
  private readonly ringMem: DmaBuffer;
  private readonly entries: number;
  private readonly txEntries: MutableTx[];
  private readonly rxEntries: MutableRx[];

  /** Opens a port already bound to vfio-pci and brings it up: link, rings, receiver and transmitter on. */
  constructor(readonly bdf: string, entries = 256) {
    this.entries = entries;
    this.dev = openDevice({ vfio: bdf }, { bars: { 0: barSize(0) }, irq: 'none' });
    try {
      this.regs = new E1000eRegs(this.dev.bar(0));
      const regs = this.regs;
      const irq = new E1000eMain(this.dev.bar(0));
      irq.disable(irq.all);
      regs.icr.write(0xffffffff); // w1c: works in every interrupt mode (specs/e1000e.regs, icr)
      regs.rctl.write({ en: false });
      regs.tctl.write({ en: false });
      regs.ctrl.modify({ slu: true });
      const lo = regs.ral.read(0);
      const hi = Rah.addr.get(regs.rah.read(0));
      this.mac = Uint8Array.from([lo & 0xff, (lo >>> 8) & 0xff, (lo >>> 16) & 0xff, lo >>> 24, hi & 0xff, hi >>> 8]);
      // Both rings in one 4 KiB-aligned block: RX at 0, TX after it (RDLEN/TDLEN multiples of 128 bytes).
      const ringBytes = entries * DESC_BYTES;
      this.ringMem = this.dev.dma.alloc(2 * ringBytes, { align: 4096 });
      this.rxBuffers = this.dev.dma.alloc(entries * BUFFER_BYTES, { align: 4096 });
      this.txBuffers = this.dev.dma.alloc(entries * BUFFER_BYTES, { align: 4096 });
      this.rx = new RxRing(regs, 0, this.ringMem.mmio, entries, 0);
      this.tx = new TxRing(regs, 0, this.ringMem.mmio, entries, ringBytes);
      this.txEntries = Array.from({ length: entries }, () => ({ buffer_addr: 0n, length: 0, cmd: { eop: true, ifcs: true, rs: true } as const }));
      this.rxEntries = Array.from({ length: entries }, () => ({ buffer_addr: 0n }));
      const base = this.ringMem.deviceAddress;
      regs.rxq.at(0).rdbal.write(Number(base & 0xffffffffn));
      regs.rxq.at(0).rdbah.write(Number(base >> 32n));
      regs.rxq.at(0).rdlen.write(ringBytes);
      regs.rxq.at(0).rdh.write(0);
      regs.rxq.at(0).rdt.write(0);
      const txBase = base + BigInt(ringBytes);
      regs.txq.at(0).tdbal.write(Number(txBase & 0xffffffffn));
      regs.txq.at(0).tdbah.write(Number(txBase >> 32n));
      regs.txq.at(0).tdlen.write(ringBytes);
      regs.txq.at(0).tdh.write(0);
      regs.txq.at(0).tdt.write(0);
      // Every receive slot but one gets its buffer (RDT = RDH means empty, so one slot stays unused).
      this.refill(entries - 1);
      // SECRC: the FCS is stripped, so a received length is the sender's; BAM off, no multicast: only
      // frames to this port's MAC pass the filter (the hub hands every port every frame).
      regs.rctl.write({ en: true, secrc: true, bsize: RxBufferSize.b2048 });
      regs.tctl.write({ en: true, psp: true });
      const deadline = Date.now() + 2000;
      while (!Status.lu.get(regs.status.read())) {
        if (Date.now() > deadline) throw new Error(`${bdf}: link did not come up (STATUS 0x${regs.status.read().toString(16)})`);
      }
    } catch (err) {
      this.dev.close();
      throw err;
    }
  }

  /** Receive slots the device may fill, handed back with their own buffers from the ring's tail. */
  private refill(n: number): void {
    const rx = this.rx;
    const base = this.rxBuffers.deviceAddress;
    let slot = rx.tail;
    for (let k = 0; k < n; k++) {
      this.rxEntries[k]!.buffer_addr = base + BigInt(slot * BUFFER_BYTES);
      slot = slot + 1 === this.entries ? 0 : slot + 1;
    }
    rx.publish(this.rxEntries, n);
  }

  /** Frees done transmit slots; returns how many slots are free. */
  reclaim(): number {
    this.tx.reap();
    return this.entries - 1 - this.tx.inFlight;
  }

  /**
   * Sends up to `n` frames as one batch (one TDT write): `fill(bytes, at, k)` writes frame k of the batch
   * into the slot's buffer and returns its length. Returns how many fit (free slots after reclaiming).
   */
  send(n: number, fill: (bytes: Uint8Array, at: number, k: number) => number): number {
    const free = this.reclaim();
    const count = n < free ? n : free;
    if (count === 0) return 0;
    const bytes = this.txBuffers.bytes;
    const base = this.txBuffers.deviceAddress;
    let slot = this.tx.tail;
    for (let k = 0; k < count; k++) {
      const e = this.txEntries[k]!;
      e.buffer_addr = base + BigInt(slot * BUFFER_BYTES);
      e.length = fill(bytes, slot * BUFFER_BYTES, k);
      slot = slot + 1 === this.entries ? 0 : slot + 1;
    }
    this.tx.publish(this.txEntries, count);
    return count;
  }

  /** Hands up to `max` received frames to `sink` in order, then gives their slots back; returns how many. */
  receive(max: number, sink: FrameSink): number {
    const rx = this.rx;
    const start = rx.head;
    const n = rx.reap(max);
    if (n === 0) return 0;
    const bytes = this.rxBuffers.bytes;
    let slot = start;
    for (let k = 0; k < n; k++) {
      const d = rx.at(slot);
      sink(bytes, slot * BUFFER_BYTES, d.length.read(), d.status.read(), d.errors.read());
      slot = slot + 1 === this.entries ? 0 : slot + 1;
    }
    this.refill(n);
    return n;
  }

  /**
   * The forwarder's step (ixy-fwd): up to `max` frames received here are copied into `out`'s transmit
   * buffers with `dst` as destination and `out`'s MAC as source, sent with one TDT write, and their receive
   * slots handed back with one RDT write. One copy per frame: each port has its own IOMMU domain.
   */
  forwardTo(out: NicPort, max: number, dst: Uint8Array): number {
    const room = out.reclaim();
    const rx = this.rx;
    const start = rx.head;
    const n = rx.reap(max < room ? max : room);
    if (n === 0) return 0;
    const src = this.rxBuffers.bytes;
    const dstBytes = out.txBuffers.bytes;
    const base = out.txBuffers.deviceAddress;
    let slot = start;
    let oslot = out.tx.tail;
    for (let k = 0; k < n; k++) {
      const length = rx.at(slot).length.read();
      const from = slot * BUFFER_BYTES;
      const to = oslot * BUFFER_BYTES;
      dstBytes.set(src.subarray(from, from + length), to);
      dstBytes.set(dst, to);
      dstBytes.set(out.mac, to + 6);
      const e = out.txEntries[k]!;
      e.buffer_addr = base + BigInt(to);
      e.length = length;
      slot = slot + 1 === this.entries ? 0 : slot + 1;
      oslot = oslot + 1 === out.entries ? 0 : oslot + 1;
    }
    out.tx.publish(out.txEntries, n);
    this.refill(n);
    return n;
  }

  /** Reads (and so clears) the counters; octet counters low half first, as the datasheet requires. */
  readStats(): PortStats {
    const s = this.regs.stats;
    const gorcl = s.gorcl.readAndClear();
    const gorc = (BigInt(s.gorch.readAndClear()) << 32n) | BigInt(gorcl);
    const gotcl = s.gotcl.readAndClear();
    const gotc = (BigInt(s.gotch.readAndClear()) << 32n) | BigInt(gotcl);
    // TOR/TOT too: QEMU 7.2 copies them into GORC/GOTC on every frame, so they must start from 0 as well.
    s.torl.readAndClear();
    s.torh.readAndClear();
    s.totl.readAndClear();
    s.toth.readAndClear();
    return {
      gprc: s.gprc.readAndClear(), gptc: s.gptc.readAndClear(), gorc, gotc, tpr: s.tpr.readAndClear(), tpt: s.tpt.readAndClear(),
      mpc: s.mpc.readAndClear(), rnbc: s.rnbc.readAndClear(), crcerrs: s.crcerrs.readAndClear(),
      prc64: s.prc64.readAndClear(), ptc64: s.ptc64.readAndClear(),
    };
  }

  /** Receiver and transmitter off, then the device released (vfio-pci's unbind waits for that). */
  close(): void {
    if (this.dev.closed) return;
    try {
      this.regs.rctl.write({ en: false });
      this.regs.tctl.write({ en: false });
    } finally {
      this.dev.close();
    }
  }
}
