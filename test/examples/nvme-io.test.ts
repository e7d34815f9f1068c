// The driver's I/O hot path (examples/nvme/io.ts IoQueue, QueuePair.queueRw/flush), with both engines
// (the generated TypeScript rings, the generated wasm routines) over the simulated controller: QD commands really in flight at once, each read returning its own LBAs' data, writes
// landing where they should, a failed command reported by status without stopping the others, and
// completions by polling and by the CQ's MSI-X vector. Data, never timing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NvmeDriver } from '../../examples/nvme/controller.js';
import { IoQueue, ok } from '../../examples/nvme/io.js';
import { createNvmeSim } from '../../examples/nvme/sim.js';
import { CqeDw3, GenericStatus, NvmOpcode } from '../../generated/nvme/nvme.js';

const BLOCKS = 1024;
/** Dword 0 of every 512-byte block is its LBA (the guest benchmark's image pattern, in short). */
function image(): Uint8Array {
  const out = new Uint8Array(BLOCKS * 512);
  const v = new DataView(out.buffer);
  for (let lba = 0; lba < BLOCKS; lba++) for (let i = 0; i < 128; i++) v.setUint32(lba * 512 + i * 4, i === 0 ? lba : (lba * 131 + i) >>> 0, true);
  return out;
}

async function setUp(interrupts: boolean, engine: 'ts' | 'wasm' = 'ts') {
  const { sim, model } = createNvmeSim({ blocks: BLOCKS });
  model.namespace.set(image(), 0);
  const drv = new NvmeDriver(sim, { queueDepth: 64, interrupts, engine });
  await drv.enable();
  await drv.setNumberOfQueues(1);
  await drv.createIoQueuePair(1);
  return { sim, model, drv };
}

for (const [engine, interrupts] of [['ts', false], ['ts', true], ['wasm', false], ['wasm', true]] as const) {
  test(`QD32 reads, ${engine} engine, ${interrupts ? 'on MSI-X' : 'polled'}: 32 commands in flight, every read its own LBAs' data`, async () => {
    const { sim, drv } = await setUp(interrupts, engine);
    const lbas = new Int32Array(32);
    let done = 0;
    let bad = 0;
    let maxOutstanding = 0;
    let next = 0;
    const total = 400;
    const io: IoQueue = new IoQueue(drv, 1, {
      slots: 32,
      lbaSize: 512,
      onDone: (slot, status) => {
        assert.ok(ok(status), `slot ${slot}: ${io.describe(slot, status)}`);
        const w = io.words[slot]!;
        for (let b = 0; b < 8; b++) if (w[b * 128] !== lbas[slot]! + b || w[b * 128 + 5] !== ((lbas[slot]! + b) * 131 + 5) >>> 0) bad++;
        done++;
        if (next < total) submit(slot);
      },
    });
    const submit = (slot: number) => {
      lbas[slot] = ((next++ * 37) % (BLOCKS / 8)) * 8;
      io.read(slot, lbas[slot]!);
    };
    for (let s = 0; s < 32; s++) submit(s);
    io.ring();
    maxOutstanding = io.outstanding;
    if (interrupts) {
      await new Promise<void>((resolve) => {
        const stop = io.onInterrupt(() => {
          io.poll();
          maxOutstanding = Math.max(maxOutstanding, io.outstanding);
          io.ring();
          if (done === total) (stop(), resolve());
        });
      });
    } else {
      while (done < total) {
        if (io.poll() > 0) {
          maxOutstanding = Math.max(maxOutstanding, io.outstanding);
          io.ring();
        } else await new Promise((r) => setImmediate(r)); // the sim completes from the event loop
      }
    }
    assert.is(done, total);
    assert.is(bad, 0, 'every block read holds its own LBA');
    assert.is(maxOutstanding, 32, 'the queue kept 32 commands in flight');
    assert.is(io.outstanding, 0);
    io.close();
    await drv.shutdown();
    assert.equal(sim.faults, []);
    drv.close();
    sim.close();
  });
}

for (const engine of ['ts', 'wasm'] as const)
test(`writes through slots land at their LBAs (${engine} engine); a failed command is reported by status and the others complete`, async () => {
  const { sim, model, drv } = await setUp(false, engine);
  const statuses: number[] = [];
  const io = new IoQueue(drv, 1, { slots: 3, lbaSize: 512, onDone: (slot, status) => (statuses[slot] = status) });
  io.data(0).fill(0xa5);
  io.data(1).fill(0x5a);
  io.write(0, 16);
  io.write(1, 24);
  io.read(2, BLOCKS); // past the end of the namespace
  assert.throws(() => io.read(2, 0), /slot 2 of queue 1 already has a command in flight/);
  io.ring();
  while (io.outstanding > 0) {
    if (io.poll() === 0) await new Promise((r) => setImmediate(r));
  }
  assert.ok(ok(statuses[0]!) && ok(statuses[1]!));
  assert.is(CqeDw3.sc.get(statuses[2]!), GenericStatus.lba_out_of_range);
  assert.match(io.describe(2, statuses[2]!), /generic\/lba_out_of_range/);
  assert.ok(model.namespace.subarray(16 * 512, 24 * 512).every((b) => b === 0xa5));
  assert.ok(model.namespace.subarray(24 * 512, 32 * 512).every((b) => b === 0x5a));
  assert.is(new DataView(model.namespace.buffer).getUint32(32 * 512, true), 32, 'the block after them untouched');
  io.close();
  await drv.shutdown();
  drv.close();
  sim.close();
});

for (const engine of ['ts', 'wasm'] as const)
test(`a slot another layout wrote gets its reserved words written 0 again by the hot path (${engine} engine)`, async () => {
  const { sim, drv } = await setUp(false, engine);
  const qp = drv.queuePair(1);
  // SQ slot 0: a Read whose DSM and expected tags are set (the promise path writes every word of its layout).
  await drv.ioCommand(1, 'Read with DSM', 'rw', (cid) => ({ cdw0: { opc: NvmOpcode.read, cid }, nsid: 1, prp1: 0n, prp2: 0n, slba: 0n, cdw12: { nlb: 0 }, cdw13: { dsm: 5 }, cdw14: 7, cdw15: 9 })).catch(() => {});
  const words = new DataView(qp.sq.bytes.buffer, qp.sq.bytes.byteOffset, qp.sq.bytes.byteLength);
  assert.is(words.getUint32(0x34, true), 5, 'CDW13 of slot 0 holds the DSM');
  let left = 64;
  const io: IoQueue = new IoQueue(drv, 1, { slots: 8, lbaSize: 512, onDone: (slot) => void (--left >= 8 && io.read(slot, 0)) });
  for (let s = 0; s < 8; s++) io.read(s, 0);
  io.ring();
  while (io.outstanding > 0) {
    if (io.poll() > 0) io.ring();
    else await new Promise((r) => setImmediate(r));
  }
  for (let slot = 0; slot < 64; slot++) {
    for (const at of [0x10, 0x14, 0x34, 0x38, 0x3c]) assert.is(words.getUint32(slot * 64 + at, true), 0, `SQ slot ${slot} word +0x${at.toString(16)}`);
  }
  io.close();
  await drv.shutdown();
  drv.close();
  sim.close();
});

/** SQ slots 0-31 right after 32 Reads and one ring(), with `engine` (the controller has not run yet). */
async function sqImage(engine: 'ts' | 'wasm'): Promise<{ sq: Uint8Array; prps: bigint[] }> {
  const { sim, drv } = await setUp(false, engine);
  const io = new IoQueue(drv, 1, { slots: 32, lbaSize: 512, onDone: () => {} });
  for (let s = 0; s < 32; s++) io.read(s, ((s * 977) % (BLOCKS / 8)) * 8);
  io.ring();
  const qp = drv.queuePair(1);
  const sq = qp.sq.bytes.slice(0, 32 * 64);
  const prps = Array.from({ length: 32 }, (_, s) => new DataView(sq.buffer).getBigUint64(s * 64 + 24, true));
  while (io.outstanding > 0) {
    if (io.poll() === 0) await new Promise((r) => setImmediate(r));
  }
  io.close();
  await drv.shutdown();
  drv.close();
  sim.close();
  return { sq, prps };
}

test('the ts and wasm engines build the same Read entries in the SQ (the wasm one from batch columns with submitBatch$sq)', async () => {
  const ts = await sqImage('ts');
  const wasm = await sqImage('wasm');
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let slot = 0; slot < 32; slot++) {
    const [a, b] = [view(ts.sq), view(wasm.sq)];
    for (let at = 0; at < 64; at += 4) {
      if (at >= 24 && at < 40) continue; // PRP1/PRP2: each driver's own data buffers
      assert.is(b.getUint32(slot * 64 + at, true), a.getUint32(slot * 64 + at, true), `slot ${slot} dword +0x${at.toString(16)}`);
    }
    assert.is(a.getUint32(slot * 64, true), 0x02 | (slot << 16), `slot ${slot}: Read, CID ${slot}`);
    assert.is(a.getUint32(slot * 64 + 48, true), 7, 'NLB 7 (8 blocks, 0\'s based)');
  }
  assert.ok(wasm.prps.every((p) => p > 0n && p % 4096n === 0n), 'page-aligned PRP1s');
});

test('IoQueue refuses more slots than the queue can hold in flight', async () => {
  const { sim, drv } = await setUp(false);
  assert.throws(() => new IoQueue(drv, 1, { slots: 64, lbaSize: 512, onDone: () => {} }), /64 slots on queue 1: allowed 1\.\.63 \(queue depth − 1\)/);
  assert.throws(() => new IoQueue(drv, 2, { slots: 4, lbaSize: 512, onDone: () => {} }), /no I\/O queue pair 2/);
  await drv.shutdown();
  drv.close();
  sim.close();
});

test.run();
