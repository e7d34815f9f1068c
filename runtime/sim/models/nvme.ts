// An NVMe 1.4 controller (QEMU hw/nvme/ctrl.c as the reference behaviour) as a model over the generic
// simulated device, for specs/nvme.regs. The spec gives the registers their access semantics; this adds
// what the controller does. Registers are found by their NVMe offsets (section 3.1, figure 78).
//
//   CC.EN 0→1    checks AQA/ASQ/ACQ, CC.MPS, IOSQES/IOCQES (QEMU nvme_start_ctrl); bad → CSTS.CFS,
//                else CSTS.RDY after `readyDelayMs` (section 7.6.1). CC.EN 1→0 resets: queues gone,
//                CSTS.RDY and CFS clear (section 7.3.2).
//   CC.SHN       normal/abrupt shutdown: CSTS.SHST = occurring, then complete (section 7.6.2); the
//                controller processes no more commands until it is reset.
//   doorbells    dword (2y) << DSTRD is SQ y tail, (2y + 1) << DSTRD is CQ y head (3.1.13, 3.1.14), for
//                the DSTRD the model was given. An SQ tail write runs the queued commands in order and
//                posts one completion each (section 4.6, phase tag starting at 1 and inverted on each
//                wrap); a full CQ stalls the SQ until its head doorbell moves. Writes that are not a
//                doorbell of an existing queue, or a value out of range, are ignored and recorded in
//                `sim.faults` (an invalid doorbell write, section 4.1; QEMU posts an async event).
//   interrupts   one MSI-X vector per CQ (CDW11.IV of Create I/O CQ, vector 0 for the admin CQ; the
//                spec's cause completion.cq), one message per batch of completions; with `interrupts:
//                'msi'` the spec's mask (INTMS/INTMC, one storage) masks vectors (3.1.3, 3.1.4: not
//                used with MSI-X) and a masked vector's message waits until a write to INTMC unmasks it.
//   commands     Identify (CNS 0, 1, 2), Set/Get Features (Number of Queues; Volatile Write Cache),
//                Create/Delete I/O CQ/SQ, and Read/Write/Flush on namespace 1 over PRP1/PRP2 and PRP
//                lists (section 4.3). Anything else completes with the status the spec names
//                (invalid opcode, invalid field, invalid QID, queue size, vector, LBA out of range...).
//   fatal        a submission queue entry the controller cannot fetch (DMA fault) sets CSTS.CFS.
import type { SimDevice } from '../sim-device.js';

const CAP = 0x00;
const CC = 0x14;
const CSTS = 0x1c;
const AQA = 0x24;
const ASQ = 0x28;
const ACQ = 0x30;
const DOORBELLS = 0x1000;

const RDY = 1n;
const CFS = 2n;
const SHST_MASK = 0xcn;
const SHST_OCCURRING = 0x4n;
const SHST_COMPLETE = 0x8n;

/** Status field of a completion (figure 125, without the phase bit): SCT << 8 | SC. */
const ok = 0;
const generic = (sc: number): number => sc;
const specific = (sc: number): number => (1 << 8) | sc;
const S = {
  invalidOpcode: generic(0x01),
  invalidField: generic(0x02),
  dataTransferError: generic(0x04),
  invalidNamespace: generic(0x0b),
  invalidPrpOffset: generic(0x13),
  lbaOutOfRange: generic(0x80),
  invalidCq: specific(0x00),
  invalidQid: specific(0x01),
  invalidQueueSize: specific(0x02),
  invalidVector: specific(0x08),
  invalidQueueDeletion: specific(0x0c),
};

export interface NvmeModelOptions {
  /** CAP.DSTRD: doorbells (4 << dstrd) bytes apart (default 0, as QEMU). */
  readonly dstrd?: number;
  /** CAP.MQES, 0's based (default 2047, as QEMU). */
  readonly mqes?: number;
  /** CAP.TO in 500 ms units (default 15). */
  readonly timeout?: number;
  /** I/O queue pairs the controller grants at most (default 64, QEMU's max_ioqpairs). */
  readonly maxIoQueuePairs?: number;
  /** Namespace 1: logical blocks and 2^lbads bytes each (default 2048 × 512 B). */
  readonly blocks?: number;
  readonly lbads?: number;
  /** Identify Controller MDTS (default 7: 512 KiB with 4 KiB pages). */
  readonly mdts?: number;
  /** Milliseconds until CSTS.RDY / SHST follow CC (default 1). */
  readonly readyDelayMs?: number;
  /**
   * Run commands inside the SQ tail doorbell write (true) or from the event loop just after it (false,
   * default: like a real controller, completions appear after the write returns).
   */
  readonly synchronous?: boolean;
  /** 'msix' (default): one vector per CQ, INTMS/INTMC unused; 'msi': multiple-message MSI, masked by INTMS/INTMC. */
  readonly interrupts?: 'msix' | 'msi';
  /** Submission queues whose commands are fetched but never completed (a hung controller, for timeout tests). */
  readonly unresponsiveQueues?: readonly number[];
  readonly serial?: string;
  readonly model?: string;
  readonly firmware?: string;
}

interface Sq {
  readonly id: number;
  readonly base: bigint;
  readonly size: number;
  readonly cqid: number;
  head: number;
  tail: number;
}

interface Cq {
  readonly id: number;
  readonly base: bigint;
  readonly size: number;
  readonly vector: number;
  readonly ien: boolean;
  head: number;
  tail: number;
  phase: number;
}

export interface NvmeModel {
  /** Namespace 1's bytes (LBA n at n << lbads). */
  readonly namespace: Uint8Array;
  readonly lbaSize: number;
  readonly stats: { commands: number; reads: number; writes: number; flushes: number; messages: number; resets: number };
  /** Live queues by id (0 is the admin queue while enabled), for tests. */
  readonly submissionQueues: ReadonlyMap<number, Readonly<Sq>>;
  readonly completionQueues: ReadonlyMap<number, Readonly<Cq>>;
}

export function attachNvmeModel(sim: SimDevice, options: NvmeModelOptions = {}): NvmeModel {
  const dstrd = options.dstrd ?? 0;
  const mqes = options.mqes ?? 2047;
  const maxPairs = options.maxIoQueuePairs ?? 64;
  const lbads = options.lbads ?? 9;
  const lbaSize = 1 << lbads;
  const blocks = options.blocks ?? 2048;
  const mdts = options.mdts ?? 7;
  const delay = options.readyDelayMs ?? 1;
  const msiMode = options.interrupts === 'msi';
  const doorbellCount = sim.ir.bars[0]!.size - DOORBELLS >= 0 ? doorbellDwords(sim, dstrd) : 0; // doorbells, SQ and CQ of each pair
  const pairsByBar = Math.floor(doorbellCount / 2) - 1;
  if (!Number.isInteger(dstrd) || dstrd < 0 || dstrd > 15) throw new RangeError(`nvme model: dstrd must be 0..15, got ${dstrd}`);
  if (pairsByBar < 1) throw new RangeError(`nvme model: with DSTRD ${dstrd} the spec's ${doorbellCount} doorbell dwords hold no I/O queue pair`);
  const pairs = Math.min(maxPairs, pairsByBar, Math.max(1, sim.irq.vectors - 1));
  const namespace = new Uint8Array(blocks * lbaSize);
  const stats = { commands: 0, reads: 0, writes: 0, flushes: 0, messages: 0, resets: 0 };
  const sqs = new Map<number, Sq>();
  const cqs = new Map<number, Cq>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  // The spec's one interrupt mask (`mask set intms clear intmc`; INTMC `shares` INTMS's storage).
  const irqMask = sim.ir.interrupts.find((g) => g.mask)?.mask;
  if (!irqMask) throw new Error("nvme model: the spec declares no interrupt mask ('mask set intms clear intmc' in an interrupts group)");
  const maskSet = { bar: irqMask.set.bar, offset: irqMask.set.offset };
  const maskClear = { bar: irqMask.clear.bar, offset: irqMask.clear.offset };
  const isMasked = (vector: number): boolean => vector < irqMask.set.bits && ((sim.peek(maskSet) >> BigInt(irqMask.set.lsb + vector)) & 1n) !== 0n;
  const scheduled = new Set<Sq>();
  const heldMessages = new Set<number>();
  let granted: { sq: number; cq: number } | undefined;
  let shutDown = false;
  let fatal = false;
  let vwc = 0;
  sim.onClose(() => timers.forEach(clearTimeout));

  const reg = (offset: number) => ({ offset });
  const later = (fn: () => void): void => {
    if (delay <= 0) return fn();
    const t = setTimeout(() => {
      timers.delete(t);
      if (!sim.closed) fn();
    }, delay);
    timers.add(t);
  };
  const setCsts = (value: bigint, mask: bigint): void => sim.poke(reg(CSTS), value, mask);

  // CAP (3.1.1): MQES, CQR = 1 (QEMU), TO, DSTRD, CSS bit 37 (NVM command set), MPSMIN 0, MPSMAX 4.
  sim.poke(reg(CAP), BigInt(mqes) | (1n << 16n) | (BigInt(options.timeout ?? 15) << 24n) | (BigInt(dstrd) << 32n) | (1n << 37n) | (4n << 52n));

  const pageSize = (): number => 1 << (12 + Number((sim.peek(reg(CC)) >> 7n) & 0xfn));

  function reset(): void {
    sqs.clear();
    cqs.clear();
    granted = undefined;
    shutDown = false;
    fatal = false;
    heldMessages.clear();
    sim.poke(maskSet, 0); // one storage: INTMC reads 0 too
    stats.resets++;
  }

  function fail(why: string): void {
    fatal = true;
    sim.reportFault(`nvme: controller fatal status: ${why}`);
    setCsts(CFS, CFS);
  }

  /** QEMU nvme_start_ctrl: the admin queue and CC must make sense, else CSTS.CFS (and not ready). */
  function start(): void {
    const cc = sim.peek(reg(CC));
    const aqa = sim.peek(reg(AQA));
    const asq = sim.peek(reg(ASQ));
    const acq = sim.peek(reg(ACQ));
    const mps = Number((cc >> 7n) & 0xfn);
    const asqs = Number(aqa & 0xfffn) + 1;
    const acqs = Number((aqa >> 16n) & 0xfffn) + 1;
    const page = BigInt(1 << (12 + mps));
    const iosqes = Number((cc >> 16n) & 0xfn);
    const iocqes = Number((cc >> 20n) & 0xfn);
    const problem =
      mps > 4 ? `CC.MPS ${mps} is above CAP.MPSMAX 4`
      : asqs < 2 || acqs < 2 ? `AQA sizes ASQS+1 = ${asqs}, ACQS+1 = ${acqs}: each needs at least 2 entries (3.1.8)`
      : asq === 0n || acq === 0n ? 'ASQ or ACQ is 0 (no admin queue memory)'
      : asq % page !== 0n || acq % page !== 0n ? `ASQ 0x${asq.toString(16)} / ACQ 0x${acq.toString(16)} not aligned to the ${page}-byte memory page`
      : iosqes !== 0 && iosqes !== 6 ? `CC.IOSQES ${iosqes}: only 6 (64-byte entries) is supported`
      : iocqes !== 0 && iocqes !== 4 ? `CC.IOCQES ${iocqes}: only 4 (16-byte entries) is supported`
      : (cc >> 4n) & 7n ? 'CC.CSS is not the NVM command set'
      : undefined;
    if (problem) return fail(`CC.EN = 1 refused: ${problem}`);
    sqs.set(0, { id: 0, base: asq, size: asqs, cqid: 0, head: 0, tail: 0 });
    cqs.set(0, { id: 0, base: acq, size: acqs, vector: 0, ien: true, head: 0, tail: 0, phase: 1 });
    later(() => setCsts(RDY, RDY));
  }

  sim.onWrite(reg(CC), (w) => {
    const was = w.before;
    const now = w.after;
    if ((now & 1n) && !(was & 1n)) start();
    else if (!(now & 1n) && (was & 1n)) {
      reset();
      setCsts(0n, CFS | SHST_MASK); // the reset clears the fatal status at once; RDY follows within CAP.TO
      later(() => setCsts(0n, RDY));
    }
    const shn = (now >> 14n) & 3n;
    const wasShn = (was >> 14n) & 3n;
    if (shn && !wasShn) {
      shutDown = true;
      setCsts(SHST_OCCURRING, SHST_MASK);
      later(() => setCsts(SHST_COMPLETE, SHST_MASK));
    } else if (!shn && wasShn) setCsts(0n, SHST_MASK);
  });

  // INTMS/INTMC: one mask over one storage (3.1.3, 3.1.4; the spec's `shares`): their w1s/w1c set and
  // clear it, reading either returns it. The model only releases a message a masked vector held.
  sim.onWrite(maskSet, () => {
    if (!msiMode) sim.reportFault('nvme: INTMS written while using MSI-X (3.1.3: mask MSI-X vectors in the MSI-X table instead)');
  });
  sim.onWrite(maskClear, () => {
    if (!msiMode) sim.reportFault('nvme: INTMC written while using MSI-X (3.1.4: mask MSI-X vectors in the MSI-X table instead)');
    for (const v of [...heldMessages]) {
      if (isMasked(v)) continue;
      heldMessages.delete(v);
      send(v);
    }
  });

  function send(vector: number): void {
    if (msiMode && isMasked(vector)) {
      heldMessages.add(vector);
      return;
    }
    stats.messages++;
    sim.signal(vector);
  }

  sim.onWrite('doorbell', (w) => {
    const dword = (w.offset - DOORBELLS) / 4;
    const step = 1 << dstrd;
    const value = Number(w.written & 0xffffn);
    const where = `doorbell dword ${dword} (0x${w.offset.toString(16)})`;
    if (dword % step !== 0) return sim.reportFault(`nvme: ${where} is between doorbells with DSTRD ${dstrd} (stride ${4 << dstrd} bytes); ignored`);
    const y = dword / step;
    const qid = y >> 1;
    const isCq = (y & 1) === 1;
    if (!(sim.peek(reg(CSTS)) & RDY) || fatal) return sim.reportFault(`nvme: ${where} written while the controller is not ready; ignored`);
    if (isCq) {
      const cq = cqs.get(qid);
      if (!cq) return sim.reportFault(`nvme: CQ ${qid} head doorbell written, but CQ ${qid} does not exist; ignored (invalid doorbell write)`);
      if (value >= cq.size) return sim.reportFault(`nvme: CQ ${qid} head ${value} is beyond its ${cq.size} entries; ignored (invalid doorbell write)`);
      cq.head = value;
      for (const sq of sqs.values()) if (sq.cqid === qid) process(sq); // a full CQ may have stalled an SQ
      return;
    }
    const sq = sqs.get(qid);
    if (!sq) return sim.reportFault(`nvme: SQ ${qid} tail doorbell written, but SQ ${qid} does not exist; ignored (invalid doorbell write)`);
    if (value >= sq.size) return sim.reportFault(`nvme: SQ ${qid} tail ${value} is beyond its ${sq.size} entries; ignored (invalid doorbell write)`);
    sq.tail = value;
    if (options.synchronous) return process(sq);
    if (scheduled.has(sq)) return;
    scheduled.add(sq);
    setImmediate(() => {
      scheduled.delete(sq);
      if (!sim.closed && sqs.get(sq.id) === sq) process(sq);
    });
  });

  /** Runs the SQ's commands from head to tail while its CQ has room; one message per batch. */
  function process(sq: Sq): void {
    if (shutDown || fatal) return;
    const cq = cqs.get(sq.cqid);
    if (!cq) return;
    let posted = 0;
    while (sq.head !== sq.tail && (cq.tail + 1) % cq.size !== cq.head) {
      let cmd: Uint8Array;
      try {
        cmd = sim.dmaRead(sq.base + BigInt(sq.head * 64), 64);
      } catch (e) {
        return fail(`fetching SQ ${sq.id} entry ${sq.head}: ${(e as Error).message}`);
      }
      sq.head = (sq.head + 1) % sq.size;
      const d = new DataView(cmd.buffer, cmd.byteOffset, 64);
      const cid = d.getUint16(2, true);
      if (options.unresponsiveQueues?.includes(sq.id)) continue;
      const { status, result } = sq.id === 0 ? admin(d) : io(d);
      stats.commands++;
      post(cq, { result, sqhd: sq.head, sqid: sq.id, cid, status });
      posted++;
      if (!sqs.has(sq.id)) break; // the command deleted its own queue
    }
    if (posted && cq.ien && cqs.has(cq.id)) send(cq.vector);
  }

  function post(cq: Cq, e: { result: number; sqhd: number; sqid: number; cid: number; status: number }): void {
    const b = new Uint8Array(16);
    const d = new DataView(b.buffer);
    d.setUint32(0, e.result >>> 0, true);
    d.setUint16(8, e.sqhd, true);
    d.setUint16(10, e.sqid, true);
    d.setUint16(12, e.cid, true);
    d.setUint16(14, ((e.status << 1) | cq.phase) & 0xffff, true);
    try {
      sim.dmaWrite(cq.base + BigInt(cq.tail * 16), b);
    } catch (err) {
      return fail(`posting to CQ ${cq.id} entry ${cq.tail}: ${(err as Error).message}`);
    }
    cq.tail = (cq.tail + 1) % cq.size;
    if (cq.tail === 0) cq.phase ^= 1; // section 4.6: the phase tag inverts on each pass through the queue
  }

  type Done = { status: number; result: number };
  const done = (status: number, result = 0): Done => ({ status, result });

  function admin(d: DataView): Done {
    const opc = d.getUint8(0);
    const nsid = d.getUint32(4, true);
    const prp1 = d.getBigUint64(24, true);
    const prp2 = d.getBigUint64(32, true);
    const cdw10 = d.getUint32(40, true);
    const cdw11 = d.getUint32(44, true);
    switch (opc) {
      case 0x06: // Identify (5.15)
        return identify(cdw10 & 0xff, nsid, prp1, prp2);
      case 0x09: // Set Features (5.21)
      case 0x0a: {
        // Get Features (5.14)
        const fid = cdw10 & 0xff;
        if (fid === 0x07) {
          if (opc === 0x09) {
            const nsqr = cdw11 & 0xffff;
            const ncqr = cdw11 >>> 16;
            if (nsqr === 0xffff || ncqr === 0xffff) return done(S.invalidField);
            if (granted) return done(ok, (granted.sq - 1) | ((granted.cq - 1) << 16)); // set once per reset (5.21.1.7)
            granted = { sq: Math.min(nsqr + 1, pairs), cq: Math.min(ncqr + 1, pairs) };
          }
          const g = granted ?? { sq: pairs, cq: pairs };
          return done(ok, ((g.sq - 1) | ((g.cq - 1) << 16)) >>> 0);
        }
        if (fid === 0x06) {
          if (opc === 0x09) vwc = cdw11 & 1;
          return done(ok, vwc);
        }
        return done(S.invalidField);
      }
      case 0x05: {
        // Create I/O Completion Queue (5.3)
        const qid = cdw10 & 0xffff;
        const qsize = (cdw10 >>> 16) + 1;
        const vector = cdw11 >>> 16;
        if (qid === 0 || qid > (granted?.cq ?? pairs) || cqs.has(qid)) return done(S.invalidQid);
        if (qsize < 2 || qsize > mqes + 1) return done(S.invalidQueueSize);
        if (!(cdw11 & 1)) return done(S.invalidField); // CAP.CQR = 1: queues must be physically contiguous
        if (prp1 === 0n || prp1 % BigInt(pageSize()) !== 0n) return done(S.invalidPrpOffset);
        if (vector >= sim.irq.vectors) return done(S.invalidVector);
        cqs.set(qid, { id: qid, base: prp1, size: qsize, vector, ien: (cdw11 & 2) !== 0, head: 0, tail: 0, phase: 1 });
        return done(ok);
      }
      case 0x01: {
        // Create I/O Submission Queue (5.4)
        const qid = cdw10 & 0xffff;
        const qsize = (cdw10 >>> 16) + 1;
        const cqid = cdw11 >>> 16;
        if (qid === 0 || qid > (granted?.sq ?? pairs) || sqs.has(qid)) return done(S.invalidQid);
        if (cqid === 0 || !cqs.has(cqid)) return done(S.invalidCq);
        if (qsize < 2 || qsize > mqes + 1) return done(S.invalidQueueSize);
        if (!(cdw11 & 1)) return done(S.invalidField);
        if (prp1 === 0n || prp1 % BigInt(pageSize()) !== 0n) return done(S.invalidPrpOffset);
        sqs.set(qid, { id: qid, base: prp1, size: qsize, cqid, head: 0, tail: 0 });
        return done(ok);
      }
      case 0x00: {
        // Delete I/O Submission Queue (5.6)
        const qid = cdw10 & 0xffff;
        if (qid === 0 || !sqs.delete(qid)) return done(S.invalidQid);
        return done(ok);
      }
      case 0x04: {
        // Delete I/O Completion Queue (5.5): not while an SQ still posts to it
        const qid = cdw10 & 0xffff;
        if (qid === 0 || !cqs.has(qid)) return done(S.invalidQid);
        if ([...sqs.values()].some((s) => s.cqid === qid)) return done(S.invalidQueueDeletion);
        cqs.delete(qid);
        return done(ok);
      }
      default:
        return done(S.invalidOpcode);
    }
  }

  function identify(cns: number, nsid: number, prp1: bigint, prp2: bigint): Done {
    const data = new Uint8Array(4096);
    const d = new DataView(data.buffer);
    if (cns === 0x01) {
      d.setUint16(0, 0x1b36, true); // VID, SSVID: the PCI ids (QEMU ≥ 5.2: PCI_VENDOR_ID_REDHAT)
      d.setUint16(2, 0x1af4, true);
      ascii(data, 4, 20, options.serial ?? 'REGMILL-SIM-0001');
      ascii(data, 24, 40, options.model ?? 'regmill simulated NVMe Ctrl');
      ascii(data, 64, 8, options.firmware ?? '1.0');
      data[77] = mdts;
      d.setUint32(80, 0x00010400, true); // VER 1.4.0
      data[512] = 0x66; // SQES: 64 bytes
      data[513] = 0x44; // CQES: 16 bytes
      d.setUint32(516, 1, true); // NN
      data[525] = 1; // VWC present
    } else if (cns === 0x00) {
      if (nsid !== 1) return done(S.invalidNamespace);
      d.setBigUint64(0, BigInt(blocks), true);
      d.setBigUint64(8, BigInt(blocks), true);
      d.setBigUint64(16, BigInt(blocks), true);
      data[25] = 0; // NLBAF: one format
      data[26] = 0; // FLBAS: format 0
      d.setUint32(128, lbads << 16, true); // LBAF0: MS 0, LBADS
    } else if (cns === 0x02) {
      if (nsid >= 0xfffffffe) return done(S.invalidNamespace);
      if (nsid < 1) d.setUint32(0, 1, true);
    } else return done(S.invalidField);
    return transfer(prp1, prp2, 4096, (segs) => {
      let at = 0;
      for (const [addr, len] of segs) {
        sim.dmaWrite(addr, data.subarray(at, at + len));
        at += len;
      }
    });
  }

  function io(d: DataView): Done {
    const opc = d.getUint8(0);
    const nsid = d.getUint32(4, true);
    if (opc !== 0x00 && opc !== 0x01 && opc !== 0x02) return done(S.invalidOpcode);
    if (nsid !== 1) return done(S.invalidNamespace);
    if (opc === 0x00) {
      stats.flushes++;
      return done(ok);
    }
    const slba = d.getBigUint64(40, true);
    const nlb = (d.getUint32(48, true) & 0xffff) + 1;
    if (slba + BigInt(nlb) > BigInt(blocks)) return done(S.lbaOutOfRange);
    const length = nlb * lbaSize;
    if (mdts && length > (1 << mdts) * 4096) return done(S.invalidField);
    const start = Number(slba) * lbaSize;
    const prp1 = d.getBigUint64(24, true);
    const prp2 = d.getBigUint64(32, true);
    return transfer(prp1, prp2, length, (segs) => {
      let at = start;
      for (const [addr, len] of segs) {
        if (opc === 0x02) sim.dmaWrite(addr, namespace.subarray(at, at + len));
        else namespace.set(sim.dmaRead(addr, len), at);
        at += len;
      }
      if (opc === 0x02) stats.reads++;
      else stats.writes++;
    });
  }

  /** Resolves PRP1/PRP2 (section 4.3) to segments, then moves the data; DMA faults → Data Transfer Error. */
  function transfer(prp1: bigint, prp2: bigint, length: number, move: (segs: [bigint, number][]) => void): Done {
    const ps = pageSize();
    const page = BigInt(ps);
    if (prp1 % 4n !== 0n) return done(S.invalidPrpOffset);
    const segs: [bigint, number][] = [];
    const first = Math.min(length, ps - Number(prp1 % page));
    segs.push([prp1, first]);
    let left = length - first;
    try {
      if (left > 0 && left <= ps) {
        if (prp2 % page !== 0n) return done(S.invalidPrpOffset);
        segs.push([prp2, left]);
        left = 0;
      }
      let list = prp2;
      while (left > 0) {
        if (list % 8n !== 0n) return done(S.invalidPrpOffset);
        const slotsInPage = Number((page - (list % page)) / 8n);
        const entries = new DataView(sim.dmaRead(list, slotsInPage * 8).buffer);
        let next: bigint | undefined;
        for (let s = 0; s < slotsInPage && left > 0; s++) {
          const e = entries.getBigUint64(s * 8, true);
          if (s === slotsInPage - 1 && left > ps) {
            next = e; // the last entry of a list page points to the next list page
            break;
          }
          if (e % page !== 0n) return done(S.invalidPrpOffset);
          const n = Math.min(ps, left);
          segs.push([e, n]);
          left -= n;
        }
        if (left > 0) {
          if (next === undefined) break;
          list = next;
        }
      }
      move(segs);
    } catch (e) {
      sim.reportFault(`nvme: ${(e as Error).message}`);
      return done(S.dataTransferError);
    }
    return done(ok);
  }

  return { namespace, lbaSize, stats, submissionQueues: sqs, completionQueues: cqs };
}

function ascii(into: Uint8Array, at: number, len: number, text: string): void {
  const bytes = new TextEncoder().encode(text.slice(0, len).padEnd(len, ' '));
  into.set(bytes.subarray(0, len), at);
}

/**
 * Doorbells the BAR holds with DSTRD `dstrd`: a spec whose doorbell array has the device's stride
 * (`stride 4 << cap.dstrd`) has one element per doorbell, as many as fit the BAR; a spec with a plain
 * dword array has a doorbell every (1 << dstrd) dwords.
 */
function doorbellDwords(sim: SimDevice, dstrd: number): number {
  const size = sim.ir.bars[0]!.size;
  for (const n of sim.ir.bars[0]!.nodes) {
    if (n.kind !== 'register' || n.offset !== DOORBELLS) continue;
    const count = n.array?.count ?? 1;
    if (n.array?.strideExpr) return Math.min(count, Math.floor((size - DOORBELLS - 4) / (4 << dstrd)) + 1);
    return Math.floor(count / (1 << dstrd));
  }
  return 0;
}
