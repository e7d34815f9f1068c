// The simulated e1000e's packet I/O (runtime/sim/models/e1000e.ts) driven register by register through
// the generated accessors: transmit gathering, write-back only with RS, the receive filter, CRC
// stripping, frames across several receive buffers, RXDMT0, link and CTRL.RST, IVAR checks, counters.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { E1000eRegs, Icr, RxBufferSize, RxDesc, TxDesc } from '../../../generated/e1000e/e1000e.js';
import { createE1000eSim, SimWire, type SimPort } from '../../../examples/nic/sim.js';
import type { DmaBuffer } from '../../../runtime/device-types.js';

interface Port extends SimPort {
  readonly regs: E1000eRegs;
  readonly rxRing: DmaBuffer;
  readonly txRing: DmaBuffer;
  readonly bufs: DmaBuffer;
}

const RING = 8;

/** A port with an 8-entry RX and TX ring programmed by hand (no driver), receiver on per `rctl`. */
function port(index: number, wire: SimWire, rctl: Parameters<E1000eRegs['rctl']['write']>[0]): Port {
  const p = createE1000eSim(index, wire);
  const regs = new E1000eRegs(p.sim.bar(0));
  const rxRing = p.sim.dma.alloc(RING * 16);
  const txRing = p.sim.dma.alloc(RING * 16);
  const bufs = p.sim.dma.alloc(2 * RING * 2048);
  regs.rxq.at(0).rdbal.write(Number(rxRing.deviceAddress & 0xffffffffn));
  regs.rxq.at(0).rdbah.write(Number(rxRing.deviceAddress >> 32n));
  regs.rxq.at(0).rdlen.write(RING * 16);
  regs.txq.at(0).tdbal.write(Number(txRing.deviceAddress & 0xffffffffn));
  regs.txq.at(0).tdbah.write(Number(txRing.deviceAddress >> 32n));
  regs.txq.at(0).tdlen.write(RING * 16);
  for (let i = 0; i < RING; i++) new RxDesc(rxRing.mmio, i * 16).publish({ buffer_addr: bufs.deviceAddress + BigInt(i * 2048) });
  regs.rxq.at(0).rdt.write(RING - 1);
  regs.rctl.write(rctl);
  regs.tctl.write({ en: 1, psp: 1 });
  return { ...p, regs, rxRing, txRing, bufs };
}

function frame(dst: number[], len: number, fill: number): Uint8Array {
  const f = new Uint8Array(len).fill(fill);
  f.set(dst);
  f.set([0x52, 0x54, 0, 0x12, 0x34, 0x99], 6);
  return f;
}

/** Puts `data` in TX buffer slot `slot` (the upper half of bufs) and describes it in TX descriptor `slot`. */
function txDesc(p: Port, slot: number, data: Uint8Array, cmd: { eop?: boolean; rs?: boolean }): void {
  const at = (RING + slot) * 2048;
  p.bufs.bytes.set(data, at);
  new TxDesc(p.txRing.mmio, slot * 16).publish({ buffer_addr: p.bufs.deviceAddress + BigInt(at), length: data.length, cmd: { ifcs: true, ...cmd } });
}

const rx = (p: Port, i: number): RxDesc => new RxDesc(p.rxRing.mmio, i * 16);
const OWN = [0x52, 0x54, 0x00, 0x12, 0x34, 0x57]; // port 1's MAC

test('transmit gathers descriptors up to EOP into one frame; status.dd only where RS; TDH, TXDW/TXQE/TXQ0', () => {
  const wire = new SimWire();
  const a = port(0, wire, { en: 1, upe: 1, secrc: 1 });
  const b = port(1, wire, { en: 1, upe: 1, secrc: 1 });
  const head = frame(OWN, 30, 0x11);
  const tail = new Uint8Array(34).fill(0x22);
  txDesc(a, 0, head, {});
  txDesc(a, 1, tail, { eop: true, rs: true });
  a.regs.txq.at(0).tdt.write(2);
  assert.is(a.regs.txq.at(0).tdh.read(), 2, 'TDH caught up with TDT');
  assert.is(new TxDesc(a.txRing.mmio, 0).status.read() & 1, 0, 'no write-back without RS');
  assert.is(new TxDesc(a.txRing.mmio, 16).status.read() & 1, 1, 'dd written back with RS');
  const icr = a.sim.peek('icr');
  assert.equal([Icr.txdw, Icr.txqe, Icr.txq0].map((f) => (icr & BigInt(f.mask)) !== 0n), [true, true, true]);
  assert.is(wire.frames, 1, 'one frame on the wire');
  assert.is(rx(b, 0).length.read(), 64);
  assert.equal([rx(b, 0).status.get('dd'), rx(b, 0).status.get('eop')], [true, true]);
  const got = b.bufs.bytes.subarray(0, 64);
  assert.equal([...got.subarray(0, 6)], OWN);
  assert.is(got[29], 0x11);
  assert.is(got[30], 0x22);
  assert.is(b.regs.rxq.at(0).rdh.read(), 1, 'RDH moved past the descriptor');
  assert.is(a.regs.stats.gptc.readAndClear(), 1);
  assert.is(a.regs.stats.gotcl.readAndClear(), 64, 'transmitted octets without the CRC (QEMU 7.2)');
  assert.is(b.regs.stats.gorcl.readAndClear(), 68, 'received octets with it');
  assert.is(b.regs.stats.gorcl.readAndClear(), 0, 'read-to-clear');
  assert.is(a.regs.stats.gptc.readAndClear(), 0, 'read-to-clear');
  txDesc(a, 2, frame(OWN, 60, 0x55), { eop: true, rs: true });
  a.regs.txq.at(0).tdt.write(3);
  assert.is(b.regs.stats.gorcl.readAndClear(), 68 + 64, 'QEMU 7.2 copies TOR into GORC: TOR was never cleared');
  assert.is(b.regs.stats.torl.readAndClear(), 68 + 64);
  assert.is(a.regs.stats.ptc127.readAndClear(), 1, '68 octets count in the 65-127 bucket');
});

test('receive filter: own MAC (RAL0/RAH0), not another; broadcast only with BAM; everything with UPE', () => {
  const wire = new SimWire();
  const a = port(0, wire, { en: 1, upe: 1 });
  const b = port(1, wire, { en: 1, secrc: 1 });
  const send = (dst: number[]): void => {
    const slot = Number(a.regs.txq.at(0).tdt.read());
    txDesc(a, slot, frame(dst, 60, slot), { eop: true, rs: true });
    a.regs.txq.at(0).tdt.write((slot + 1) % RING);
  };
  send(OWN);
  send([0x52, 0x54, 0, 0x12, 0x34, 0x01]);
  send([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  assert.equal(b.model.counts, { sent: 0, received: 1, dropped: 2 });
  b.regs.rctl.modify({ bam: 1 });
  send([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  assert.is(b.model.counts.received, 2);
  assert.is(b.regs.stats.bprc.readAndClear(), 1);
  // RCTL.SECRC clear: like QEMU the length counts 4 FCS bytes.
  assert.is(a.model.counts.received, 0, 'a frame is not delivered back to its sender');
  b.regs.rctl.modify({ secrc: 0 });
  send(OWN);
  assert.is(rx(b, 2).length.read(), 64);
});

test('a frame larger than the buffer spans descriptors (EOP on the last); RXDMT0 when free descriptors run low; no descriptor → MPC/RNBC', () => {
  const wire = new SimWire();
  const a = port(0, wire, { en: 1 });
  const b = port(1, wire, { en: 1, upe: 1, secrc: 1, bsize: RxBufferSize.b256, rdmts: 'half' });
  b.regs.ims.write({ rxdmt0: 1 });
  txDesc(a, 0, frame(OWN, 600, 0x33), { eop: true, rs: true });
  a.regs.txq.at(0).tdt.write(1);
  assert.equal([0, 1, 2].map((i) => [rx(b, i).length.read(), rx(b, i).status.get('eop')]), [[256, false], [256, false], [88, true]]);
  assert.ok((b.sim.peek('icr') & BigInt(Icr.rxdmt0.mask)) !== 0n, '4 of 7 free descriptors left, at most half: RXDMT0');
  txDesc(a, 1, frame(OWN, 1100, 0x44), { eop: true, rs: true });
  a.regs.txq.at(0).tdt.write(2);
  assert.equal([b.regs.stats.mpc.readAndClear(), b.regs.stats.rnbc.readAndClear(), b.regs.stats.gprc.readAndClear()], [1, 1, 1], 'the 1100-byte frame needs 5 descriptors, 4 are free');
  assert.is(b.regs.rxq.at(0).rdh.read(), 3, 'a dropped frame takes no descriptor');
});

test('link follows CTRL.SLU and the wire; CTRL.RST restores the MAC; a queue cause routed elsewhere by IVAR is a fault', () => {
  const wire = new SimWire();
  const lone = createE1000eSim(5);
  const regs = new E1000eRegs(lone.sim.bar(0));
  assert.not.ok(regs.status.get('lu'), 'no wire, no link');
  wire.attach(lone.model);
  assert.ok(regs.status.get('lu'), 'plugged in with CTRL.SLU set (its reset value)');
  regs.ctrl.modify({ slu: 0 });
  assert.not.ok(regs.status.get('lu'));
  const lscOther = BigInt(Icr.lsc.mask | Icr.other.mask);
  assert.is(lone.sim.peek('icr') & lscOther, lscOther, 'LSC with OTHER, as QEMU 7.2');
  regs.ral.write(0, 0);
  regs.ctrl.modify({ rst: 1 });
  assert.is(regs.ral.read(0), 0x12005452, 'RAL0 back to the MAC (52:54:00:12:34:5b)');
  assert.is(regs.rah.get(0, 'addr'), 0x5b34);
  const p = port(0, wire, { en: 1, upe: 1 });
  const q = port(1, wire, { en: 1, upe: 1 });
  q.regs.ivar.write({ rxq0_vector: 3, rxq0_valid: true });
  txDesc(p, 0, frame(OWN, 60, 1), { eop: true, rs: true });
  p.regs.txq.at(0).tdt.write(1);
  assert.match(q.sim.faults.join('\n'), /IVAR 0xb routes rxq0 to vector 3/);
});

test.run();
