// Intel 82574 / QEMU `e1000e` packet I/O as a model over the generic simulated device: the spec gives
// the registers their access semantics (ICR w1c, IMS/IMC, read-to-clear statistics); this adds what
// the NIC does with its legacy descriptor rings, its link and its counters, and `SimWire` joins ports
// the way a QEMU hub (`-netdev hubport`) does: a frame sent by one port reaches every other port.
// Registers are found by their Linux regs.h offsets, so the model works with any spec of the device.
//
//   CTRL.SLU (0x0000 bit 6)  link up when set and the port is on a wire; STATUS.LU (0x0008 bit 1)
//                            follows, and a change raises ICR.LSC (with OTHER, as QEMU 7.2 does)
//   CTRL.RST (bit 26)        QEMU 7.2: restores only the MAC address (RAL0/RAH0); queues are idle again
//   TDT[n] (0x3818 + n×0x100) with TCTL.EN: descriptors from TDH to TDT are sent (datasheet 7.2): legacy
//                            descriptors (cmd.dext = 0) are gathered until cmd.eop, the frame goes on
//                            the wire, status.dd is written back when cmd.rs is set, TDH moves; then
//                            ICR.TXDW (a descriptor with RS), ICR.TXQE (ring empty), ICR.TXQ0/TXQ1
//   receive, RCTL.EN         a frame that passes the filter (RCTL.UPE, a valid RAL/RAH match, broadcast
//                            with RCTL.BAM, multicast with RCTL.MPE) fills descriptors from RDH of
//                            queue 0 (buffer size from RCTL.BSIZE/BSEX), legacy write-back (length,
//                            status.dd|eop, errors 0; 4 FCS bytes counted unless RCTL.SECRC, like
//                            QEMU), RDH moves; then ICR.RXT0 and ICR.RXQ0, and ICR.RXDMT0 when the free
//                            descriptors drop to RCTL.RDMTS. No free descriptor (RDH = RDT): MPC and RNBC
//                            count the drop.
//   statistics               GPRC/GPTC/GORC/GOTC/TPR/TPT/TORL/TOTL/PRCxx/PTCxx/BPRC/MPRC/BPTC/MPTC/MPC/RNBC
//                            grow as on QEMU 7.2 (measured): received octets include the 4-byte FCS,
//                            transmitted ones do not, and GORC/GOTC are overwritten with TOR/TOT on every
//                            frame; they clear when read (spec). The size bins count as the datasheet
//                            says (QEMU 7.2 left them at 0 in the guest tests)
//
// Transmit runs inside the TDT write (synchronously, like a device that is infinitely fast), and the
// frame arrives at the other ports before the write returns. MSI-X routing is the spec's (IVAR =
// 0x000c_ba98); a queue cause raised while IVAR routes it elsewhere is recorded in `sim.faults`.
import type { SimDevice } from '../sim-device.js';

const CTRL = 0x0000;
const STATUS = 0x0008;
const IVAR = 0x00e4;
const RCTL = 0x0100;
const TCTL = 0x0400;
const RXQ = 0x2800;
const TXQ = 0x3800;
const QSTRIDE = 0x100;
const BAL = 0x00;
const BAH = 0x04;
const LEN = 0x08;
const HEAD = 0x10;
const TAIL = 0x18;
const RAL0 = 0x5400;
const RAH0 = 0x5404;
const RA_ENTRIES = 16;

const CTRL_SLU = 1n << 6n;
const CTRL_RST = 1n << 26n;
const STATUS_LU = 1n << 1n;
const EN = 1n << 1n;
const RCTL_UPE = 1n << 3n;
const RCTL_MPE = 1n << 4n;
const RCTL_BAM = 1n << 15n;
const RCTL_BSEX = 1n << 25n;
const RCTL_SECRC = 1n << 26n;
const RAH_AV = 1n << 31n;
/** The routing the spec's `vector msix N` declarations assume (RxQ0→0, RxQ1→1, TxQ0→2, TxQ1→3, Other→4, all valid). */
const SPEC_IVAR = 0x000c_ba98n;

const DESC = 16;
const TX_EOP = 0x01;
const TX_RS = 0x08;
const TX_DEXT = 0x20;
const RX_DD = 0x01;
const RX_EOP = 0x02;
const FCS = 4;

/** Statistics offsets (datasheet 10.2.8; Linux regs.h). */
const S = {
  mpc: 0x4010, prc64: 0x405c, prc127: 0x4060, prc255: 0x4064, prc511: 0x4068, prc1023: 0x406c, prc1522: 0x4070,
  gprc: 0x4074, bprc: 0x4078, mprc: 0x407c, gptc: 0x4080, gorcl: 0x4088, gorch: 0x408c, gotcl: 0x4090, gotch: 0x4094,
  rnbc: 0x40a0, torl: 0x40c0, torh: 0x40c4, totl: 0x40c8, toth: 0x40cc, tpr: 0x40d0, tpt: 0x40d4,
  ptc64: 0x40d8, ptc127: 0x40dc, ptc255: 0x40e0, ptc511: 0x40e4, ptc1023: 0x40e8, ptc1522: 0x40ec, mptc: 0x40f0, bptc: 0x40f4,
} as const;

export interface E1000eModelOptions {
  /** The port's MAC address (RAL0/RAH0 at reset), six bytes. Default 52:54:00:12:34:56. */
  readonly mac?: Uint8Array;
}

export interface E1000eModel {
  readonly sim: SimDevice;
  readonly mac: Uint8Array;
  /** Frames this port put on the wire / took from it (accepted into a descriptor) / dropped (filter, no descriptor, receiver off). */
  readonly counts: { sent: number; received: number; dropped: number };
  /** Called by the wire: a frame arrives (bytes without FCS). */
  receive(frame: Uint8Array): void;
  /** Whether STATUS.LU is set. */
  readonly linkUp: boolean;
  /** Called by SimWire.attach (the link comes up when CTRL.SLU is set). */
  plugged(wire: SimWire | undefined): void;
}

/** A segment joining ports like a QEMU hub: every frame one port sends reaches all the others. */
export class SimWire {
  private readonly ports: E1000eModel[] = [];
  /** Frames carried so far. */
  frames = 0;

  /** Plugs a port in (its link comes up if CTRL.SLU is set). */
  attach(port: E1000eModel): void {
    if (this.ports.includes(port)) throw new Error('sim wire: this port is already attached');
    this.ports.push(port);
    port.plugged(this);
  }

  /** @internal A port transmits. */
  carry(from: E1000eModel, frame: Uint8Array): void {
    this.frames++;
    for (const p of this.ports) if (p !== from) p.receive(frame);
  }

  /** Ports attached. */
  get size(): number {
    return this.ports.length;
  }
}

class Port implements E1000eModel {
  readonly counts = { sent: 0, received: 0, dropped: 0 };
  private wire: SimWire | undefined;
  /** A transmit packet being gathered from several descriptors. */
  private gather: Uint8Array[] = [];
  private readonly pendingStats = new Map<number, number>();

  constructor(
    readonly sim: SimDevice,
    readonly mac: Uint8Array,
  ) {}

  get linkUp(): boolean {
    return (this.sim.peek({ offset: STATUS }) & STATUS_LU) !== 0n;
  }

  plugged(wire: SimWire | undefined): void {
    this.wire = wire;
    this.updateLink();
  }

  resetMac(): void {
    const m = this.mac;
    this.sim.poke({ offset: RAL0 }, BigInt((m[0]! | (m[1]! << 8) | (m[2]! << 16) | (m[3]! << 24)) >>> 0));
    this.sim.poke({ offset: RAH0 }, BigInt(m[4]! | (m[5]! << 8)) | RAH_AV);
  }

  updateLink(): void {
    const up = this.wire !== undefined && (this.sim.peek({ offset: CTRL }) & CTRL_SLU) !== 0n;
    const was = this.linkUp;
    if (up === was) return;
    this.sim.poke({ offset: STATUS }, up ? STATUS_LU : 0n, STATUS_LU);
    this.sim.raise('main', 'lsc');
    this.sim.raise('main', 'other');
  }

  // ---- transmit (datasheet 7.2) -----------------------------------------------------------------

  transmit(queue: number): void {
    const sim = this.sim;
    if ((sim.peek({ offset: TCTL }) & EN) === 0n) return;
    const q = TXQ + queue * QSTRIDE;
    const count = Number(sim.peek({ offset: q + LEN })) / DESC;
    if (!(count >= 8 && Number.isInteger(count))) {
      sim.reportFault(`e1000e: TDLEN${queue} = ${count * DESC} is not a multiple of 128 bytes; transmit ignored`);
      return;
    }
    const base = (sim.peek({ offset: q + BAH }) << 32n) | sim.peek({ offset: q + BAL });
    const tail = Number(sim.peek({ offset: q + TAIL }));
    let head = Number(sim.peek({ offset: q + HEAD }));
    if (tail >= count || head >= count) {
      sim.reportFault(`e1000e: TDH${queue}/TDT${queue} = ${head}/${tail} outside the ${count}-entry ring; transmit ignored`);
      return;
    }
    let reported = false;
    while (head !== tail) {
      const at = base + BigInt(head * DESC);
      let d: Uint8Array;
      try {
        d = sim.dmaRead(at, DESC);
      } catch (e) {
        sim.reportFault(`e1000e: TX descriptor ${head}: ${(e as Error).message}; transmit stopped`);
        break;
      }
      const dv = new DataView(d.buffer, d.byteOffset, DESC);
      const cmd = d[11]!;
      if (cmd & TX_DEXT) {
        sim.reportFault(`e1000e: TX descriptor ${head} is an extended descriptor (cmd.dext); this model handles legacy descriptors only; skipped`);
      } else {
        const len = dv.getUint16(8, true);
        try {
          if (len > 0) this.gather.push(sim.dmaRead(dv.getBigUint64(0, true), len));
        } catch (e) {
          sim.reportFault(`e1000e: TX descriptor ${head} buffer: ${(e as Error).message}; data dropped`);
        }
        if (cmd & TX_EOP) this.send();
      }
      if (cmd & TX_RS) {
        sim.dmaWrite(at + 12n, Uint8Array.of(d[12]! | 0x01)); // status.dd
        reported = true;
      }
      head = head + 1 === count ? 0 : head + 1;
    }
    sim.poke({ offset: q + HEAD }, head);
    this.flush();
    if (reported) sim.raise('main', 'txdw');
    if (head === tail) sim.raise('main', 'txqe');
    this.raiseQueue(queue === 0 ? 'txq0' : 'txq1', queue === 0 ? 8 : 12);
  }

  private send(): void {
    const parts = this.gather;
    this.gather = [];
    let n = 0;
    for (const p of parts) n += p.length;
    const frame = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      frame.set(p, at);
      at += p.length;
    }
    this.counts.sent++;
    const wire = n + FCS;
    this.add(S.gptc, 1);
    this.add(S.tpt, 1);
    this.add(S.totl, n); // QEMU 7.2 counts transmitted octets without the FCS (measured); GOTC follows TOT
    this.add(sizeBucket(wire, S.ptc64, S.ptc127, S.ptc255, S.ptc511, S.ptc1023, S.ptc1522), 1);
    if (isBroadcast(frame)) this.add(S.bptc, 1);
    else if (frame[0]! & 1) this.add(S.mptc, 1);
    if (this.wire && this.linkUp) this.wire.carry(this, frame);
  }

  // ---- receive (datasheet 7.1) ------------------------------------------------------------------

  receive(frame: Uint8Array): void {
    const sim = this.sim;
    if (sim.closed) return;
    const rctl = sim.peek({ offset: RCTL });
    if ((rctl & EN) === 0n || !this.linkUp || !this.accepts(frame, rctl)) {
      this.counts.dropped++;
      return;
    }
    const q = RXQ;
    const count = Number(sim.peek({ offset: q + LEN })) / DESC;
    if (!(count >= 8 && Number.isInteger(count))) {
      sim.reportFault(`e1000e: RDLEN0 = ${count * DESC} is not a multiple of 128 bytes; frame dropped`);
      this.counts.dropped++;
      return;
    }
    const base = (sim.peek({ offset: q + BAH }) << 32n) | sim.peek({ offset: q + BAL });
    const tail = Number(sim.peek({ offset: q + TAIL }));
    let head = Number(sim.peek({ offset: q + HEAD }));
    const size = bufferSize(rctl);
    const total = frame.length + ((rctl & RCTL_SECRC) !== 0n ? 0 : FCS);
    const data = total === frame.length ? frame : concat(frame, new Uint8Array(FCS));
    const needed = Math.ceil(total / size);
    const free = (tail - head + count) % count;
    if (free < needed) {
      this.add(S.mpc, 1);
      this.add(S.rnbc, 1);
      this.flush();
      this.counts.dropped++;
      return;
    }
    for (let k = 0; k < needed; k++) {
      const at = base + BigInt(head * DESC);
      const part = data.subarray(k * size, Math.min(total, (k + 1) * size));
      try {
        const d = sim.dmaRead(at, DESC);
        const addr = new DataView(d.buffer, d.byteOffset, DESC).getBigUint64(0, true);
        sim.dmaWrite(addr, part);
        const wb = new Uint8Array(8);
        const v = new DataView(wb.buffer);
        v.setUint16(0, part.length, true); // length
        v.setUint16(2, 0, true); // csum
        wb[4] = RX_DD | (k === needed - 1 ? RX_EOP : 0); // status
        wb[5] = 0; // errors
        v.setUint16(6, 0, true); // special
        sim.dmaWrite(at + 8n, wb);
      } catch (e) {
        sim.reportFault(`e1000e: RX descriptor ${head}: ${(e as Error).message}; frame dropped`);
        this.counts.dropped++;
        sim.poke({ offset: q + HEAD }, head);
        return;
      }
      head = head + 1 === count ? 0 : head + 1;
    }
    sim.poke({ offset: q + HEAD }, head);
    this.counts.received++;
    const wire = frame.length + FCS;
    this.add(S.gprc, 1);
    this.add(S.tpr, 1);
    this.add(S.torl, wire); // received octets with the FCS; GORC follows TOR
    this.add(sizeBucket(wire, S.prc64, S.prc127, S.prc255, S.prc511, S.prc1023, S.prc1522), 1);
    if (isBroadcast(frame)) this.add(S.bprc, 1);
    else if (frame[0]! & 1) this.add(S.mprc, 1);
    this.flush();
    sim.raise('main', 'rxt0');
    // RXDMT0: free descriptors fell to RDLEN / 2^(RDMTS + 1) (datasheet 10.2.5.1).
    const threshold = count >> (Number((rctl >> 8n) & 3n) + 1);
    if ((tail - head + count) % count <= threshold) sim.raise('main', 'rxdmt0');
    this.raiseQueue('rxq0', 0);
  }

  private accepts(frame: Uint8Array, rctl: bigint): boolean {
    if (frame.length < 14) return false;
    if (rctl & RCTL_UPE) return true;
    if (isBroadcast(frame)) return (rctl & RCTL_BAM) !== 0n;
    if (frame[0]! & 1) return (rctl & RCTL_MPE) !== 0n;
    const lo = BigInt((frame[0]! | (frame[1]! << 8) | (frame[2]! << 16) | (frame[3]! << 24)) >>> 0);
    const hi = BigInt(frame[4]! | (frame[5]! << 8));
    for (let i = 0; i < RA_ENTRIES; i++) {
      const rah = this.sim.peek({ offset: RAH0 + i * 8 });
      if ((rah & RAH_AV) !== 0n && ((rah >> 16n) & 3n) === 0n && (rah & 0xffffn) === hi && this.sim.peek({ offset: RAL0 + i * 8 }) === lo) return true;
    }
    return false;
  }

  /** Raises a queue cause; under the spec's fixed MSI-X routing an IVAR that routes it elsewhere is a recorded fault. */
  private raiseQueue(cause: 'rxq0' | 'txq0' | 'txq1', shift: number): void {
    const ivar = this.sim.peek({ offset: IVAR });
    const field = (ivar >> BigInt(shift)) & 0xfn;
    if (field !== 0n && field !== ((SPEC_IVAR >> BigInt(shift)) & 0xfn)) {
      this.sim.reportFault(`e1000e: IVAR 0x${ivar.toString(16)} routes ${cause} to vector ${field & 7n}, but this simulation routes it as the spec does (IVAR 0x${SPEC_IVAR.toString(16)})`);
    }
    this.sim.raise('main', cause);
  }

  /**
   * Counts `n` more in a statistics register. Counts are summed here and written by flush(), once per
   * register: inside the TDT write that runs transmit(), a poke lands only after the write (sim
   * precedence), so a second peek in the same step would not see the first poke.
   */
  private add(offset: number, n: number): void {
    this.pendingStats.set(offset, (this.pendingStats.get(offset) ?? 0) + n);
  }

  private flush(): void {
    for (const [lo, n] of this.pendingStats) {
      const hi = PAIRS.get(lo);
      if (hi === undefined) {
        this.sim.poke({ offset: lo }, (this.sim.peek({ offset: lo }) + BigInt(n)) & 0xffff_ffffn);
        continue;
      }
      const v = ((this.sim.peek({ offset: hi }) << 32n) | this.sim.peek({ offset: lo })) + BigInt(n);
      this.sim.poke({ offset: lo }, v & 0xffff_ffffn);
      this.sim.poke({ offset: hi }, (v >> 32n) & 0xffff_ffffn);
      // QEMU 7.2 copies TOR/TOT into GORC/GOTC on every frame: unless software reads TOR/TOT too, the
      // good-octet counters show every octet since TOR/TOT were last cleared.
      const copy = COPIES.get(lo);
      if (copy) {
        this.sim.poke({ offset: copy[0] }, v & 0xffff_ffffn);
        this.sim.poke({ offset: copy[1] }, (v >> 32n) & 0xffff_ffffn);
      }
    }
    this.pendingStats.clear();
  }
}

/** 64-bit octet counters: low register → high register. */
const PAIRS = new Map<number, number>([
  [S.torl, S.torh],
  [S.totl, S.toth],
]);
/** Total octets → the good-octet pair QEMU 7.2 overwrites with it. */
const COPIES = new Map<number, readonly [number, number]>([
  [S.torl, [S.gorcl, S.gorch]],
  [S.totl, [S.gotcl, S.gotch]],
]);

function bufferSize(rctl: bigint): number {
  const b = Number((rctl >> 16n) & 3n);
  const size = [2048, 1024, 512, 256][b]!;
  return (rctl & RCTL_BSEX) !== 0n && b !== 0 ? size * 16 : size;
}

function sizeBucket(n: number, ...regs: number[]): number {
  return n <= 64 ? regs[0]! : n <= 127 ? regs[1]! : n <= 255 ? regs[2]! : n <= 511 ? regs[3]! : n <= 1023 ? regs[4]! : regs[5]!;
}

function isBroadcast(f: Uint8Array): boolean {
  return f[0] === 0xff && f[1] === 0xff && f[2] === 0xff && f[3] === 0xff && f[4] === 0xff && f[5] === 0xff;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const r = new Uint8Array(a.length + b.length);
  r.set(a);
  r.set(b, a.length);
  return r;
}

/** Adds e1000e packet I/O to a sim of an e1000e spec. Plug the port into a SimWire for its link to come up. */
export function attachE1000eModel(sim: SimDevice, options: E1000eModelOptions = {}): E1000eModel {
  const mac = options.mac ?? Uint8Array.of(0x52, 0x54, 0x00, 0x12, 0x34, 0x56);
  if (mac.length !== 6) throw new RangeError(`e1000e model: a MAC address has 6 bytes, got ${mac.length}`);
  const port = new Port(sim, mac);
  port.resetMac();
  // Not on a wire yet: the link is down whatever the spec's reset value of STATUS says.
  sim.poke({ offset: STATUS }, 0n, STATUS_LU);
  sim.onWrite({ offset: CTRL }, (w) => {
    if (w.pulsed & CTRL_RST) port.resetMac();
    if ((w.before ^ w.after) & CTRL_SLU) port.updateLink();
  });
  for (const q of [0, 1]) sim.onWrite({ offset: TXQ + q * QSTRIDE + TAIL }, () => port.transmit(q));
  return port;
}
