// The NVMe checks both guest tests run (nvme-vfio with the IOMMU, nvme-vfio-noiommu without): the
// example driver's CLI as a user runs it, then its library over several I/O queue pairs, polled and by
// MSI-X. Blocks: test/vm/nvme-image.mjs (pattern), nvme-writes.mjs (what the guest writes).
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { CstsShst, NvmeRegs } from '../../../generated/nvme/nvme.js';
import { openDevice, type Device } from '../../../runtime/index.js';
import { main as nvmeCli } from '../../../examples/nvme/cli.js';
import { NvmeDriver } from '../../../examples/nvme/controller.js';
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
    queueDepth: 16,
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
    for (let q = 1; q <= PAIRS; q++) {
      for (const lba of [q * 64, BLOCKS - q * 64]) {
        const data = await drv.read(q, 1, BigInt(lba), 8, ns.lbaSize);
        assert.is(firstBadBlock(data, lba, 8, HOST_SEED), -1, `queue ${q}: blocks ${lba}+8 hold the host pattern`);
      }
    }
    // Five pages: a PRP list (§4.3).
    const big = await drv.read(2, 1, 1000n, 40, ns.lbaSize);
    assert.is(firstBadBlock(big, 1000, 40, HOST_SEED), -1, 'a 40-block read through a PRP list');
    await drv.write(qid, 1, BigInt(wlba), blocks(wlba, wcount, GUEST_SEED), ns.lbaSize);
    await drv.flush(qid, 1);
    const back = await drv.read(qid === 1 ? 2 : 1, 1, BigInt(wlba), wcount, ns.lbaSize);
    assert.is(firstBadBlock(back, wlba, wcount, GUEST_SEED), -1, 'written blocks read back on another queue');
    if (interrupts) {
      const byVector = [...drv.interruptsByVector].sort(([a], [b]) => a - b);
      console.log(`  interrupts waited for and received: ${drv.interrupts} (by MSI-X vector: ${byVector.map(([v, n]) => `${v}: ${n}`).join(', ')})`);
      // Every I/O CQ's completions arrived on its own vector (vector 0 is the admin CQ's).
      for (let q = 1; q <= PAIRS; q++) assert.ok((drv.interruptsByVector.get(q) ?? 0) > 0, `CQ ${q} signalled MSI-X vector ${q}`);
    }
    await drv.shutdown();
    assert.is(drv.regs.csts.get('shst'), CstsShst.complete, 'CSTS.SHST = shutdown complete');
  } finally {
    drv.close();
    dev.close();
  }
}
