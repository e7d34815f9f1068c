// The NVMe checks both guest tests run (nvme-vfio with the IOMMU, nvme-vfio-noiommu without): the
// example driver's CLI as a user runs it, then its library over several I/O queue pairs, polled and by
// MSI-X. Blocks: test/vm/nvme-image.mjs (pattern), nvme-writes.mjs (what the guest writes).
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { CstsShst, NvmeRegs } from '../../../generated/nvme/nvme.js';
import { openDevice, type Device } from '../../../runtime/index.js';
import { main as nvmeCli } from '../../../examples/nvme/cli.js';
import { NvmeDriver } from '../../../examples/nvme/controller.js';
import { IoQueue, ok } from '../../../examples/nvme/io.js';
import { firstBadBlock, GUEST_SEED, HOST_SEED, NVME_IMAGE_BYTES, NVME_LBA_BYTES, NVME_SERIAL, patternBlock } from '../nvme-image.mjs';
import { NVME_WRITES } from './nvme-writes.mjs';

export const QEMU_NVME = { vendor: 0x1b36, device: 0x0010 };
export const BLOCKS = NVME_IMAGE_BYTES / NVME_LBA_BYTES;
/** I/O queue pairs the library part uses (QEMU grants 64); CQ y signals MSI-X vector y. */
export const PAIRS = 4;

export const blocks = (lba: number, count: number, seed: number) => {
  const out = new Uint8Array(count * NVME_LBA_BYTES);
  for (let b = 0; b < count; b++) out.set(patternBlock(lba + b, seed), b * NVME_LBA_BYTES);
  return out;
};

async function cli(...argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  const rc = await nvmeCli(argv, (l) => lines.push(l));
  for (const l of lines) console.log(`  nvme ${argv[0]}: ${l}`);
  assert.is(rc, 0, `nvme ${argv.join(' ')} exit code`);
  return lines;
}

/** CLI identify, read --out (first and last blocks), write --in: the steps as `test(name, fn)` pairs. */
export function cliSteps(bdf: () => string): [string, () => Promise<void>][] {
  return [
    [
      'CLI identify: serial, LBA size and capacity match the QEMU command line and the image',
      async () => {
        const out = (await cli('identify', bdf())).join('\n');
        assert.match(out, new RegExp(`^serial: +${NVME_SERIAL}$`, 'm'));
        assert.match(out, /^model: +\S/m);
        assert.match(out, /^version: +NVMe 1\.4\.0$/m);
        assert.match(out, new RegExp(`^namespace 1: ${BLOCKS} blocks of ${NVME_LBA_BYTES} bytes \\(${NVME_IMAGE_BYTES} bytes\\)$`, 'm'));
      },
    ],
    [
      'CLI read --out: the host pattern, first and last blocks',
      async () => {
        for (const [lba, count] of [
          [0, 8],
          [BLOCKS - 8, 8],
        ] as const) {
          const file = `/tmp/nvme-read-${lba}.bin`;
          await cli('read', bdf(), String(lba), String(count), '--out', file);
          const data = new Uint8Array(readFileSync(file));
          assert.is(data.length, count * NVME_LBA_BYTES);
          assert.is(firstBadBlock(data, lba, count, HOST_SEED), -1, `blocks ${lba}+${count} hold the host pattern`);
        }
      },
    ],
    [
      'CLI write --in: guest pattern (Write + Flush; the host checks it after poweroff)',
      async () => {
        const { lba, count } = NVME_WRITES.cli;
        writeFileSync('/tmp/nvme-write.bin', blocks(lba, count, GUEST_SEED));
        assert.match(
          (await cli('write', bdf(), String(lba), String(count), '--in', '/tmp/nvme-write.bin')).join('\n'),
          new RegExp(`wrote ${count} blocks at LBA ${lba}`),
        );
      },
    ],
  ];
}

/** The library over one open of the device: PAIRS I/O queue pairs; reads everywhere, writes, flush, shutdown. */
export async function libraryRun(bdf: string, interrupts: boolean, addressMode: 'iova' | 'physical'): Promise<void> {
  const dev: Device = openDevice({ vfio: bdf }, { bars: { 0: NvmeRegs.size } });
  console.log(dev.description);
  assert.is(dev.dma.addressMode, addressMode);
  const drv = new NvmeDriver(dev, {
    interrupts,
    // 64 entries: room for IoQueue's 32 reads in flight (the CQ still wraps, phase flips, several times).
    queueDepth: 64,
    log: (l) => console.log(`  driver: ${l}`),
  });
  try {
    await drv.enable();
    const ns = await drv.identifyNamespace(1);
    assert.is(ns.blocks, BigInt(BLOCKS));
    assert.is(ns.lbaSize, NVME_LBA_BYTES);
    const granted = await drv.setNumberOfQueues(PAIRS);
    assert.ok(granted >= PAIRS, `granted ${granted} I/O queue pairs`);
    for (let q = 1; q <= PAIRS; q++) await drv.createIoQueuePair(q);
    // Each pair reads a stripe of the namespace: 8-block reads (4 KiB, two PRP pages when unaligned).
    const { lba: wlba, count: wcount, qid } = interrupts ? NVME_WRITES.interrupts : NVME_WRITES.polled;
    const before = msixCounts(bdf);
    for (let q = 1; q <= PAIRS; q++) {
      for (const lba of [q * 64, BLOCKS - q * 64]) {
        const data = await drv.read(q, 1, BigInt(lba), 8, ns.lbaSize);
        assert.is(firstBadBlock(data, lba, 8, HOST_SEED), -1, `queue ${q}: blocks ${lba}+8 hold the host pattern`);
      }
    }
    // Five pages: a PRP list (§4.3).
    const big = await drv.read(2, 1, 1000n, 40, ns.lbaSize);
    assert.is(firstBadBlock(big, 1000, 40, HOST_SEED), -1, 'a 40-block read through a PRP list');
    await ioQueueReads(drv, 3, interrupts);
    await drv.write(qid, 1, BigInt(wlba), blocks(wlba, wcount, GUEST_SEED), ns.lbaSize);
    await drv.flush(qid, 1);
    const back = await drv.read(qid === 1 ? 2 : 1, 1, BigInt(wlba), wcount, ns.lbaSize);
    assert.is(firstBadBlock(back, wlba, wcount, GUEST_SEED), -1, 'written blocks read back on another queue');
    if (interrupts) {
      const byVector = [...drv.interruptsByVector].sort(([a], [b]) => a - b);
      console.log(`  interrupts waited for and received: ${drv.interrupts} (by MSI-X vector: ${byVector.map(([v, n]) => `${v}: ${n}`).join(', ')})`);
      // Every I/O CQ's completions arrived on its own vector (vector 0 is the admin CQ's), as the kernel
      // counted them: the driver waits only when a completion is not there yet, which on a loaded host
      // (the vCPU descheduled right after the doorbell) may never happen for a queue's few commands.
      const after = msixCounts(bdf);
      console.log(`  MSI-X interrupts the kernel counted: ${[...after].filter(([v, n]) => n > (before.get(v) ?? 0)).map(([v, n]) => `${v}: ${n - (before.get(v) ?? 0)}`).join(', ')}`);
      for (let q = 1; q <= PAIRS; q++) assert.ok((after.get(q) ?? 0) > (before.get(q) ?? 0), `CQ ${q} signalled MSI-X vector ${q}`);
    }
    await drv.shutdown();
    assert.is(drv.regs.csts.get('shst'), CstsShst.complete, 'CSTS.SHST = shutdown complete');
  } finally {
    drv.close();
    dev.close();
  }
}

/**
 * The wasm engine over VFIO: the controller's BAR 0 mapped into the device window, so the generated
 * submitBatch$sq$rw / reapBatch$cq / submit$sq$VARIANT write the doorbells themselves; bring-up through
 * the admin queue, then the hot path's reads (checked block by block), polled and by MSI-X.
 */
export async function wasmEngineRun(bdf: string): Promise<void> {
  for (const interrupts of [false, true]) {
    const dev: Device = openDevice({ vfio: bdf }, { bars: { 0: NvmeRegs.size } });
    const drv = new NvmeDriver(dev, { interrupts, queueDepth: 64, engine: 'wasm' });
    try {
      await drv.enable();
      assert.is(drv.wasmDoorbell, 'wasm', 'BAR 0 mapped into the window: the routines write the doorbells');
      await drv.setNumberOfQueues(1);
      await drv.createIoQueuePair(1);
      await ioQueueReads(drv, 1, interrupts);
      await drv.shutdown();
      assert.is(drv.regs.csts.get('shst'), CstsShst.complete, 'CSTS.SHST = shutdown complete');
    } finally {
      drv.close();
      dev.close();
    }
  }
}

/**
 * The hot path the benchmark measures (examples/nvme/io.ts), checked for data: 256 reads of 4 KiB at
 * QD32 on queue `qid` (polled, or woken by its MSI-X vector), 32 really in flight, every block the host
 * pattern of its own LBA. Blocks the guest writes later are not read (they change during the test).
 */
async function ioQueueReads(drv: NvmeDriver, qid: number, interrupts: boolean): Promise<void> {
  const written = new Set(Object.values(NVME_WRITES).flatMap(({ lba, count }) => Array.from({ length: count }, (_, i) => lba + i)));
  const starts = Array.from({ length: BLOCKS / 8 }, (_, i) => i * 8).filter((l) => ![...Array(8).keys()].some((b) => written.has(l + b)));
  const lbas = new Int32Array(32);
  const total = 256;
  let next = 0;
  let done = 0;
  let bad = 0;
  let failed = '';
  let maxOutstanding = 0;
  const io: IoQueue = new IoQueue(drv, qid, {
    slots: 32,
    lbaSize: NVME_LBA_BYTES,
    onDone: (slot, status) => {
      if (!ok(status)) failed ||= io.describe(slot, status);
      if (firstBadBlock(io.data(slot), lbas[slot]!, 8, HOST_SEED) >= 0) bad++;
      done++;
      if (next < total) submit(slot);
    },
  });
  const submit = (slot: number) => {
    lbas[slot] = starts[(next++ * 97) % starts.length]!;
    io.read(slot, lbas[slot]!);
  };
  try {
    for (let s = 0; s < 32; s++) submit(s);
    io.ring();
    maxOutstanding = io.outstanding;
    const step = () => {
      io.poll();
      maxOutstanding = Math.max(maxOutstanding, io.outstanding);
      io.ring();
    };
    if (interrupts) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => (stop(), reject(new Error(`IoQueue on MSI-X: ${done} of ${total} reads completed in 60 s`))), 60_000);
        const stop = io.onInterrupt(() => {
          step();
          if (done === total) (clearTimeout(timer), stop(), resolve());
        });
      });
    } else {
      const deadline = performance.now() + 60_000;
      while (done < total && performance.now() < deadline) step();
    }
  } finally {
    io.close();
  }
  assert.is(failed, '', 'every IoQueue read succeeded');
  assert.is(done, total, `IoQueue: ${total} reads completed`);
  assert.is(bad, 0, 'every IoQueue read returned the host pattern of its LBAs');
  assert.is(maxOutstanding, 32, 'IoQueue kept 32 reads in flight');
  console.log(`  IoQueue on SQ ${qid} (${interrupts ? 'MSI-X' : 'polled'}): ${total} reads at QD32, all the host pattern`);
}

/** Interrupts per MSI-X vector of `bdf` as /proc/interrupts counts them (vfio-pci names them vfio-msix[N](BDF)). */
function msixCounts(bdf: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of readFileSync('/proc/interrupts', 'utf8').split('\n')) {
    const m = new RegExp(`^\\s*\\d+:\\s+((?:\\d+\\s+)+).*vfio-msix\\[(\\d+)\\]\\(${bdf.replaceAll('.', '\\.')}\\)`).exec(line);
    if (m) out.set(Number(m[2]), m[1]!.trim().split(/\s+/).reduce((a, n) => a + Number(n), 0));
  }
  return out;
}
