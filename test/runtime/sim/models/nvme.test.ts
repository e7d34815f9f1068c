// The NVMe controller model over raw accesses at the NVMe 1.4 offsets (the driver path is in
// test/examples/nvme-driver.test.ts): CAP contents, enable/disable timing, CFS on a bad enable and on
// an unfetchable SQ entry, doorbells for DSTRD 3 (and writes between them), phase tag inversion on
// wrap, a full CQ stalling its SQ, status codes of invalid commands, INTMS/INTMC masking in MSI mode,
// and the split 64-bit registers (CAP, ASQ, ACQ: two 32-bit halves, low first, as the spec declares).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createNvmeSim } from '../../../../examples/nvme/sim.js';
import type { NvmeModelOptions } from '../../../../runtime/sim/models/nvme.js';
import type { Mmio } from '../../../../runtime/registers/mmio.js';

const CAP = 0x00, INTMS = 0x0c, INTMC = 0x10, CC = 0x14, CSTS = 0x1c, AQA = 0x24, ASQ = 0x28, ACQ = 0x30;
const CC_ENABLE = 1 | (6 << 16) | (4 << 20);

/** The spec declares CAP, ASQ and ACQ `split lo_hi`: the low dword first, then the high one. */
function read64lohi(io: Mmio, at: number): bigint {
  const lo = io.read32(at);
  return (BigInt(io.read32(at + 4)) << 32n) | BigInt(lo);
}
function write64lohi(io: Mmio, at: number, v: bigint): void {
  io.write32(at, Number(v & 0xffff_ffffn));
  io.write32(at + 4, Number(v >> 32n));
}

function setup(options: NvmeModelOptions = {}, entries = 4) {
  const { sim, model } = createNvmeSim({ readyDelayMs: 0, synchronous: true, ...options });
  const io = sim.bar(0);
  const sq = sim.dma.alloc(4096);
  const cq = sim.dma.alloc(4096);
  io.write32(AQA, (entries - 1) | ((entries - 1) << 16));
  write64lohi(io, ASQ, sq.deviceAddress);
  write64lohi(io, ACQ, cq.deviceAddress);
  io.write32(CC, CC_ENABLE);
  const dstrd = Number((read64lohi(io, CAP) >> 32n) & 0xfn);
  const db = (y: number) => 0x1000 + ((y * 4) << dstrd);
  let tail = 0;
  const submit = (fill: (d: DataView) => void, cid: number) => {
    const d = new DataView(sq.bytes.buffer, sq.bytes.byteOffset + tail * 64, 64);
    new Uint8Array(sq.bytes.buffer, sq.bytes.byteOffset + tail * 64, 64).fill(0);
    fill(d);
    d.setUint16(2, cid, true);
    tail = (tail + 1) % entries;
    io.write32(db(0), tail);
  };
  const cqe = (i: number) => {
    const d = new DataView(cq.bytes.buffer, cq.bytes.byteOffset + i * 16, 16);
    const w = d.getUint16(14, true);
    return { cid: d.getUint16(12, true), p: w & 1, sc: (w >> 1) & 0xff, sct: (w >> 9) & 7, result: d.getUint32(0, true), sqhd: d.getUint16(8, true) };
  };
  return { sim, model, io, sq, cq, submit, cqe, db };
}

test('CAP: MQES, CQR, TO, DSTRD, CSS NVM, MPSMAX; VS 1.4; split registers take lo then hi, nothing else', () => {
  const { sim } = createNvmeSim({ dstrd: 1, mqes: 255, timeout: 4, readyDelayMs: 0 });
  const io = sim.bar(0);
  const cap = read64lohi(io, CAP);
  assert.equal([cap & 0xffffn, (cap >> 16n) & 1n, (cap >> 24n) & 0xffn, (cap >> 32n) & 0xfn, (cap >> 37n) & 1n, (cap >> 52n) & 0xfn], [255n, 1n, 4n, 1n, 1n, 4n]);
  assert.is(io.read32(0x08), 0x00010400);
  assert.throws(() => io.read64(CAP), /split lo_hi: access it as two 32-bit reads, 0x0 then 0x4/, 'CAP is two halves, not one 64-bit access');
  assert.throws(() => io.read32(CAP + 4), /the low half first; read 0x0 before 0x4/);
  assert.throws(() => io.write32(ASQ + 4, 0), /'asq'.*the low half first/);
  write64lohi(io, ASQ, 0x1_2345_6000n);
  assert.is(sim.peek('asq'), 0x1_2345_6000n, 'the split write in the declared order lands whole');
  sim.close();
});

test('CFS: enabling with AQA = 0 sets CSTS.CFS, not RDY; CC.EN = 0 clears it', () => {
  const { sim } = createNvmeSim({ readyDelayMs: 0 });
  const io = sim.bar(0);
  io.write32(CC, CC_ENABLE);
  assert.is(io.read32(CSTS) & 3, 2, 'CFS, not RDY');
  assert.match(sim.faults[0]!, /AQA sizes/);
  io.write32(CC, 0);
  assert.is(io.read32(CSTS) & 3, 0);
  sim.close();
});

test('admin commands, phase tag inverting on each wrap, SQHD, status of invalid commands', () => {
  const { sim, io, submit, cqe } = setup({}, 4);
  assert.is(io.read32(CSTS) & 1, 1);
  // 4-entry CQ: entries 0..3 carry phase 1, then after the wrap phase 0, and so on.
  const seen: { p: number; cid: number; sc: number; sct: number }[] = [];
  let head = 0;
  for (let i = 0; i < 9; i++) {
    submit((d) => d.setUint8(0, 0x7f), 100 + i); // opcode 0x7f is no admin command
    const e = cqe(head);
    seen.push({ p: e.p, cid: e.cid, sc: e.sc, sct: e.sct });
    head = (head + 1) % 4;
    io.write32(0x1004, head); // CQ 0 head doorbell
  }
  assert.equal(seen.map((s) => s.p), [1, 1, 1, 1, 0, 0, 0, 0, 1]);
  assert.equal(seen.map((s) => s.cid), [100, 101, 102, 103, 104, 105, 106, 107, 108]);
  assert.ok(seen.every((s) => s.sct === 0 && s.sc === 0x01), 'Invalid Command Opcode');
  sim.close();
});

test('a full CQ stalls its SQ until the head doorbell frees an entry', () => {
  const { sim, io, submit, cqe, model } = setup({}, 4);
  for (let i = 0; i < 3; i++) submit((d) => d.setUint8(0, 0x7f), i);
  assert.is(model.stats.commands, 3, 'a 4-entry CQ holds 3 completions');
  submit((d) => d.setUint8(0, 0x7f), 3); // SQ full from the host's side is its problem; here the CQ is full
  assert.is(model.stats.commands, 3, 'stalled: no room in the CQ');
  io.write32(0x1004, 1);
  assert.is(model.stats.commands, 4);
  assert.is(cqe(3).cid, 3);
  sim.close();
});

test('create/delete I/O queues: status codes by the 1.4 tables', () => {
  const { sim, submit, cqe, sq } = setup({ maxIoQueuePairs: 2 }, 16);
  let n = 0;
  const run = (fill: (d: DataView) => void) => {
    submit(fill, n);
    return cqe(n++);
  };
  const createCq = (qid: number, qsize: number, cdw11: number, prp1 = sq.deviceAddress) => (d: DataView) => {
    d.setUint8(0, 0x05);
    d.setBigUint64(24, prp1, true);
    d.setUint32(40, qid | ((qsize - 1) << 16), true);
    d.setUint32(44, cdw11, true);
  };
  assert.equal([run(createCq(3, 16, 1)).sct, cqe(0).sc], [1, 0x01], 'QID beyond the queues granted: Invalid Queue Identifier');
  assert.equal([run(createCq(1, 1, 1)).sct, cqe(1).sc], [1, 0x02], 'one entry: Invalid Queue Size');
  assert.equal([run(createCq(1, 16, 0)).sct, cqe(2).sc], [0, 0x02], 'not physically contiguous with CAP.CQR = 1: Invalid Field');
  assert.equal([run(createCq(1, 16, 1 | (99 << 16))).sct, cqe(3).sc], [1, 0x08], 'vector 99 of 65: Invalid Interrupt Vector');
  assert.equal([run(createCq(1, 16, 1, sq.deviceAddress + 8n)).sct, cqe(4).sc], [0, 0x13], 'PRP1 not page-aligned: PRP Offset Invalid');
  assert.is(run(createCq(1, 16, 1 | 2)).sc, 0, 'created');
  const createSq = (qid: number, cqid: number) => (d: DataView) => {
    d.setUint8(0, 0x01);
    d.setBigUint64(24, sq.deviceAddress, true);
    d.setUint32(40, qid | (15 << 16), true);
    d.setUint32(44, 1 | (cqid << 16), true);
  };
  assert.equal([run(createSq(1, 2)).sct, cqe(6).sc], [1, 0x00], 'CQ 2 does not exist: Completion Queue Invalid');
  assert.is(run(createSq(1, 1)).sc, 0);
  const del = (opc: number, qid: number) => (d: DataView) => {
    d.setUint8(0, opc);
    d.setUint32(40, qid, true);
  };
  assert.equal([run(del(0x04, 1)).sct, cqe(8).sc], [1, 0x0c], 'CQ still used by SQ 1: Invalid Queue Deletion');
  assert.is(run(del(0x00, 1)).sc, 0);
  assert.is(run(del(0x04, 1)).sc, 0);
  assert.equal([run(del(0x00, 0)).sct, cqe(11).sc], [1, 0x01], 'the admin SQ cannot be deleted');
  sim.close();
});

test('doorbells with DSTRD 3: each (4 << 3) bytes apart (the spec\'s run-time stride); nothing between them', () => {
  const { sim, io, model, db } = setup({ dstrd: 3 }, 4);
  assert.is(db(0), 0x1000);
  assert.is(db(1), 0x1020, 'CQ 0 head doorbell at 1000h + 1 × (4 << 3)');
  assert.throws(() => io.write32(0x1004, 1), /32-bit write at 0x1004: no register there/, 'the address map follows CAP.DSTRD');
  io.write32(db(3), 0); // CQ 1 head: no such queue
  assert.match(sim.faults.at(-1)!, /CQ 1 does not exist/);
  io.write32(db(0), 9); // beyond the 4-entry admin SQ
  assert.match(sim.faults.at(-1)!, /tail 9 is beyond its 4 entries/);
  assert.is(model.stats.commands, 0);
  sim.close();
});

test('an SQ entry the controller cannot fetch (DMA fault) is fatal: CSTS.CFS', () => {
  const { sim, io, sq } = setup({}, 4);
  sq.free(); // the admin SQ memory is gone
  io.write32(0x1000, 1);
  assert.is(io.read32(CSTS) & 2, 2);
  assert.match(sim.faults.at(-1)!, /controller fatal status: fetching SQ 0 entry 0/);
  sim.close();
});

test('MSI mode: INTMS masks a vector (INTMS and INTMC read the same mask), INTMC releases the held message', async () => {
  const { sim, io, submit } = setup({ interrupts: 'msi' }, 8);
  io.write32(INTMS, 1);
  assert.equal([io.read32(INTMS), io.read32(INTMC)], [1, 1]);
  const got = sim.irq.wait({ vector: 0, timeout: 500 });
  submit((d) => d.setUint8(0, 0x7f), 1);
  let fired = false;
  void got.then(() => (fired = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.is(fired, false, 'masked: no message');
  io.write32(INTMC, 1);
  assert.equal([io.read32(INTMS), io.read32(INTMC)], [0, 0]);
  assert.equal(await got, { vector: 0, count: 1, missed: 0 });
  sim.close();
});

test('MSI-X mode: one message per batch on the CQ vector; INTMS use is recorded as a fault', async () => {
  const { sim, io, submit } = setup({}, 8);
  const got = sim.irq.wait({ vector: 0, timeout: 500 });
  submit((d) => d.setUint8(0, 0x7f), 1);
  assert.is((await got).vector, 0);
  io.write32(INTMS, 1);
  assert.match(sim.faults.at(-1)!, /MSI-X/);
  sim.close();
});

test.run();
