// The NVMe driver (examples/nvme/) over the simulated controller, whole path: reset, enable, admin
// queue, Identify, Set Features, I/O queue pairs, Read/Write/Flush (PRP1, PRP2 and PRP lists), polled
// and interrupt completions, errors by name, CFS and timeouts, shutdown — with DSTRD 0 and ≠ 0.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NvmeDriver } from '../../examples/nvme/controller.js';
import { createNvmeSim } from '../../examples/nvme/sim.js';
import { NvmeCommandError, NvmeDmaFaultError } from '../../examples/nvme/status.js';
import { main as cli } from '../../examples/nvme/cli.js';

function pattern(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 13 + seed * 7 + (i >> 9)) & 0xff);
}

for (const engine of ['ts', 'wasm'] as const) for (const dstrd of [0, 2]) {
  for (const interrupts of [false, true]) {
    test(`whole path, ${engine} engine, DSTRD ${dstrd}, ${interrupts ? 'interrupt' : 'polled'} completions`, async () => {
      const { sim, model } = createNvmeSim({ dstrd, blocks: 4096, serial: 'SN-42', model: 'regmill test ctrl' });
      model.namespace.set(pattern(64 * 512, 1), 100 * 512); // what the "host side" put on the disk
      const drv = new NvmeDriver(sim, { queueDepth: 16, interrupts, engine });
      assert.is(drv.engine, engine);
      assert.is(drv.dstrd, dstrd, 'DSTRD read from CAP at bind time');
      await drv.enable();
      assert.ok(sim.peek('csts') & 1n, 'CSTS.RDY');
      // The simulated controller has no memory behind its registers: the wasm routines' doorbell values are copied.
      assert.is(drv.wasmDoorbell, engine === 'wasm' ? 'copied' : undefined);

      const id = await drv.identifyController();
      assert.equal([id.serial, id.model, id.namespaces, id.version, id.maxTransfer], ['SN-42', 'regmill test ctrl', 1, '1.4.0', 128 * 4096]);
      assert.equal(await drv.activeNamespaces(), [1]);
      const ns = await drv.identifyNamespace(1);
      assert.equal([ns.blocks, ns.lbaSize], [4096n, 512]);

      assert.is(await drv.setNumberOfQueues(4), 4);
      await drv.createIoQueuePair(1);
      await drv.createIoQueuePair(2);

      // Read what the host side wrote: one page (PRP1), two pages (PRP2), 16 pages (a PRP list).
      assert.equal(await drv.read(1, 1, 100n, 8, 512), pattern(64 * 512, 1).subarray(0, 8 * 512));
      assert.equal(await drv.read(2, 1, 100n, 16, 512), pattern(64 * 512, 1).subarray(0, 16 * 512));
      assert.equal(await drv.read(1, 1, 100n, 64, 512), pattern(64 * 512, 1));

      // Write, then check the namespace bytes directly and read back through the other queue.
      const data = pattern(40 * 512, 9);
      await drv.write(2, 1, 1000n, data, 512);
      assert.equal(model.namespace.subarray(1000 * 512, 1040 * 512), data);
      assert.equal(await drv.read(1, 1, 1000n, 40, 512), data);
      await drv.flush(1, 1);
      assert.is(model.stats.flushes, 1);

      // Enough commands to wrap both queues several times: the phase tag flips on every pass.
      const messagesBefore = model.stats.messages;
      for (let i = 0; i < 40; i++) assert.equal(await drv.read(1, 1, BigInt(1000 + (i % 40)), 1, 512), data.subarray((i % 40) * 512, (i % 40 + 1) * 512));
      if (interrupts) {
        assert.is(model.stats.messages - messagesBefore, 40, 'one MSI-X message per completion batch');
        assert.ok(drv.interrupts >= 40, `the driver waited for its CQ's vector (${drv.interrupts})`);
        // The vectors it waited on are the spec's: cause completion.cq, one per CQ (`ring cq`).
        assert.equal([0, 1, 2].map((y) => drv.completion.vector('cq', y)), [0, 1, 2]);
        assert.ok((drv.interruptsByVector.get(drv.completion.vector('cq', 1)) ?? 0) >= 40, 'CQ 1 interrupts counted on completion.vector(cq, 1)');
        assert.equal(drv.completion.pending(), 0, 'no status register: the cause is never pending(), only its vector fires');
      }
      else assert.is(model.stats.messages, messagesBefore, 'polled I/O queues (IEN = 0) send no message (the admin CQ always does)');

      await drv.deleteIoQueuePair(2);
      assert.not.ok(model.completionQueues.has(2));
      await drv.shutdown();
      assert.is((sim.peek('csts') >> 2n) & 3n, 2n, 'CSTS.SHST = complete');
      assert.equal(sim.faults, [], 'the controller saw no invalid use');
      drv.close();
      sim.close();
    });
  }
}

test('MSI mode: the generated completion.mask()/unmask() hold and release CQ 1\'s message (INTMS/INTMC, one write each)', async () => {
  const { sim, model } = createNvmeSim({ interrupts: 'msi', blocks: 128 });
  model.namespace.set(pattern(512, 3), 7 * 512);
  const drv = new NvmeDriver(sim, { queueDepth: 8, interrupts: true, commandTimeoutMs: 5000 });
  await drv.enable();
  await drv.setNumberOfQueues(1);
  await drv.createIoQueuePair(1);
  const writes: number[] = [];
  const stop = sim.onWrite({ offset: 0x0c }, (w) => void writes.push(0x0c, Number(w.written)));
  const stop2 = sim.onWrite({ offset: 0x10 }, (w) => void writes.push(0x10, Number(w.written)));
  drv.completion.mask('cq', 1);
  assert.equal([drv.completion.masked(), Number(sim.peek({ offset: 0x10 }))], [0b10, 0b10], 'INTMS and INTMC read one mask');
  let done = false;
  const read = drv.read(1, 1, 7n, 1, 512).then((d) => ((done = true), d));
  await new Promise((r) => setTimeout(r, 30));
  assert.is(done, false, 'masked: the completion is posted but its message is held');
  drv.completion.unmask('cq', 1);
  assert.equal(await read, pattern(512, 3));
  assert.equal(writes, [0x0c, 0b10, 0x10, 0b10], 'mask and unmask: one write of the vector bit each');
  assert.is(drv.completion.masked(), 0);
  stop();
  stop2();
  await drv.shutdown();
  assert.equal(sim.faults, []);
  drv.close();
  sim.close();
});

test('errors name the command, CID and status; the queue goes on working after them', async () => {
  const { sim } = createNvmeSim({ blocks: 128 });
  const drv = new NvmeDriver(sim, { queueDepth: 8 });
  await drv.enable();
  await drv.setNumberOfQueues(2);
  await drv.createIoQueuePair(1);
  await drv.read(1, 1, 200n, 1, 512).then(
    () => assert.unreachable(),
    (e: NvmeCommandError) => {
      assert.instance(e, NvmeCommandError);
      assert.match(e.message, /^Read LBA 200\+1 \(CID \d+ on SQ 1\) failed: generic\/lba_out_of_range \(SCT 0, SC 0x80\)/);
    },
  );
  await drv.read(1, 7, 0n, 1, 512).catch((e: Error) => assert.match(e.message, /generic\/invalid_namespace \(SCT 0, SC 0x0b\)/));
  await drv.createIoQueuePair(1).catch((e: Error) => assert.match(e.message, /already exists/));
  await drv.createIoQueuePair(3).then(
    () => assert.unreachable(),
    (e: Error) => assert.match(e.message, /Create I\/O Completion Queue 3 \(CID \d+ on SQ 0\) failed: command_specific\/invalid_qid \(SCT 1, SC 0x01\)/),
  );
  await drv.identifyNamespace(9).catch((e: Error) => assert.match(e.message, /Identify Namespace .*invalid_namespace/));
  assert.is((await drv.read(1, 1, 0n, 1, 512)).length, 512, 'still works');
  await drv.shutdown();
  drv.close();
  sim.close();
});

test('dmaFaults: an IOMMU fault logged while a command ran fails it by name, even when the controller reports success', async () => {
  const { sim } = createNvmeSim({ blocks: 64 });
  // What watchDmaFaults(bdf) returns on a real device (the guest test provokes real ones): here, one
  // fault queued by hand for the next completion.
  const pending: { access: 'read' | 'write'; address: bigint; reason: string; line: string }[] = [];
  const drv = new NvmeDriver(sim, { queueDepth: 8, dmaFaults: { take: () => pending.splice(0) } });
  await drv.enable();
  await drv.setNumberOfQueues(1);
  await drv.createIoQueuePair(1);
  pending.push({ access: 'write', address: 0x104000n, reason: '0x05: PTE Write access is not set', line: '' });
  await drv.read(1, 1, 3n, 1, 512).then(
    () => assert.unreachable(),
    (e: NvmeDmaFaultError) => {
      assert.instance(e, NvmeDmaFaultError);
      assert.is(e.faults.length, 1);
      assert.match(e.message, /^Read LBA 3\+1 \(CID \d+ on SQ 1\) completed with generic\/success, but the IOMMU refused its DMA: device write at IOVA 0x104000 \(fault reason 0x05: PTE Write access is not set\)/);
    },
  );
  assert.is((await drv.read(1, 1, 3n, 1, 512)).length, 512, 'no fault: the next command completes');
  await drv.shutdown();
  drv.close();
  sim.close();
});

test('bad enable (ASQ not page-aligned) gives CFS: a clear error and the controller left disabled', async () => {
  const { sim } = createNvmeSim();
  const drv = new NvmeDriver(sim, { queueDepth: 8 });
  // Sabotage the admin SQ address the driver writes: the controller refuses CC.EN = 1 with CSTS.CFS.
  sim.onWrite('asq', (w) => sim.poke('asq', w.written | 0x800n));
  await drv.enable().then(
    () => assert.unreachable(),
    (e: Error) => assert.match(e.message, /controller fatal status \(CSTS\.CFS = 1\) while enabling; it was reset and left disabled/),
  );
  assert.is(sim.peek('cc') & 1n, 0n, 'CC.EN = 0');
  assert.is(sim.peek('csts') & 3n, 0n, 'neither RDY nor CFS after the reset');
  assert.match(sim.faults.join('\n'), /not aligned/);
  drv.close();
  sim.close();
});

test('CSTS.RDY that never comes: timeout after CAP.TO × 500 ms, named', async () => {
  const { sim } = createNvmeSim({ timeout: 1, readyDelayMs: 60_000 });
  const drv = new NvmeDriver(sim, { queueDepth: 8 });
  assert.is(drv.readyTimeoutMs, 500);
  const t0 = performance.now();
  await drv.enable().then(
    () => assert.unreachable(),
    (e: Error & { code?: string }) => {
      assert.is(e.code, 'ETIMEDOUT');
      assert.match(e.message, /waiting for CSTS\.RDY = 1 after CC\.EN = 1 \(CAP\.TO × 500 ms = 500 ms\)/);
    },
  );
  assert.ok(performance.now() - t0 >= 490);
  assert.is(sim.peek('cc') & 1n, 0n, 'left disabled');
  drv.close();
  sim.close();
});

test('a command that never completes: timeout naming command and CID, controller reset and left disabled', async () => {
  for (const interrupts of [false, true]) {
    const { sim } = createNvmeSim({ unresponsiveQueues: [1] });
    const drv = new NvmeDriver(sim, { queueDepth: 8, commandTimeoutMs: 50, interrupts });
    await drv.enable();
    await drv.setNumberOfQueues(1);
    await drv.createIoQueuePair(1);
    await drv.flush(1, 1).then(
      () => assert.unreachable(),
      (e: Error & { code?: string }) => {
        assert.is(e.code, 'ETIMEDOUT');
        assert.match(e.message, /waiting for Flush \(CID \d+ on SQ 1\) to complete.*the controller was reset and left disabled/);
      },
    );
    assert.is(sim.peek('cc') & 1n, 0n, 'CC.EN = 0');
    await drv.flush(1, 1).catch((e: Error) => assert.match(e.message, /no I\/O queue pair 1/));
    drv.close();
    sim.close();
  }
});

test('queue depth is checked against CAP.MQES in one place: the spec\'s rings, when they are made', async () => {
  const { sim } = createNvmeSim({ mqes: 31 });
  const drv = new NvmeDriver(sim, { queueDepth: 64 });
  const error = await drv.enable().then(() => undefined, (e: unknown) => e);
  assert.match(String(error), /ring sq: 64 entries is outside 2\.\.32 \(cap\.mqes \+ 1 of this device\)/);
  assert.is(new NvmeDriver(sim).depth, 32, 'default: min(64, MQES + 1)');
  sim.close();
});

test('the doorbell stride is the controller\'s: the generated NvmeRegs read CAP.DSTRD when bound', () => {
  for (const dstrd of [0, 2]) {
    const { sim } = createNvmeSim({ dstrd });
    const drv = new NvmeDriver(sim);
    assert.is(drv.regs.doorbell.offsetOf(3), 0x1000 + 3 * (4 << dstrd), `CQ 1 head doorbell with DSTRD ${dstrd}`);
    sim.close();
  }
});

test('CLI: identify, write then read back, usage errors (npm run nvme -- … --sim)', async () => {
  const lines: string[] = [];
  assert.is(await cli(['identify', '--sim', '--dstrd', '1'], (l) => lines.push(l)), 0);
  assert.match(lines.join('\n'), /model: +regmill simulated NVMe Ctrl[\s\S]*namespace 1: 2048 blocks of 512 bytes[\s\S]*doorbell stride: 8 bytes \(CAP\.DSTRD 1\)/);
  lines.length = 0;
  assert.is(await cli(['read', '0', '1', '--sim', '--interrupts'], (l) => lines.push(l)), 0);
  assert.is(lines.length, 32, '512 bytes, 16 per line');
  const viaTs = [...lines];
  lines.length = 0;
  assert.is(await cli(['read', '0', '1', '--sim', '--wasm', '--dstrd', '2'], (l) => lines.push(l)), 0);
  assert.equal(lines, viaTs, '--wasm reads the same block');
  await cli(['read', '--sim']).then(() => assert.unreachable(), (e: Error) => assert.match(e.message, /<lba> must be a non-negative integer/));
  await cli(['frob', '--sim']).then(() => assert.unreachable(), (e: Error) => assert.match(e.message, /unknown command 'frob'/));
  await cli(['identify']).then(() => assert.unreachable(), (e: Error) => assert.match(e.message, /give a PCI address/));
  assert.is(await cli([], () => {}), 2, 'no command: usage, exit 2');
});

test.run();
