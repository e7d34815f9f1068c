// vm-guest: {"devices": ["nvme", "iommu"], "timeoutSec": 300}
// The NVMe driver of examples/nvme/ on QEMU's NVMe 1.4 controller (1b36:0010) through VFIO type1 behind
// the emulated intel-iommu: first as a user runs it (the CLI's main(): identify, read --out, write --in),
// then the library with several I/O queue pairs, polled and by MSI-X interrupt (a vector per CQ).
// The namespace is a raw host file (test/vm/nvme-image.mjs): nvme-vfio.host.mjs fills every block with
// the host pattern before boot; the guest checks it and writes blocks of its own pattern, which the host
// checks after poweroff. Run: node test/vm/guest/nvme-vfio.host.mjs then node test/vm/boot.mjs <this file>
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { CstsShst, NvmeRegs, NvmOpcode, SqeRw } from '../../../generated/nvme/nvme.js';
import { bindDriver, findPciDevices, openDevice, type Binding, type Device } from '../../../runtime/index.js';
import { main as nvmeCli } from '../../../examples/nvme/cli.js';
import { NvmeDriver } from '../../../examples/nvme/controller.js';
import { NvmeDmaFaultError } from '../../../examples/nvme/status.js';
import { watchDmaFaults } from '../../../runtime/pci/dma-faults.js';
import { firstBadBlock, GUEST_SEED, HOST_SEED, NVME_IMAGE_BYTES, NVME_LBA_BYTES, NVME_SERIAL, patternBlock } from '../nvme-image.mjs';
import { NVME_UNDEFINED, NVME_WRITES } from './nvme-writes.mjs';

const QEMU_NVME = { vendor: 0x1b36, device: 0x0010 };
const BLOCKS = NVME_IMAGE_BYTES / NVME_LBA_BYTES;
/** I/O queue pairs the library part uses (QEMU grants 64); CQ y signals MSI-X vector y. */
const PAIRS = 4;

let bdf = '';
let binding: Binding | undefined;

const blocks = (lba: number, count: number, seed: number) => {
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

test('bind the NVMe controller to vfio-pci', () => {
  const found = findPciDevices(QEMU_NVME);
  assert.is(found.length, 1, 'one QEMU NVMe controller on the bus');
  bdf = found[0]!.bdf;
  binding = bindDriver(bdf, 'vfio-pci');
  assert.is(binding.driver, 'vfio-pci');
});

test('CLI identify: serial, LBA size and capacity match the QEMU command line and the image', async () => {
  const out = (await cli('identify', bdf)).join('\n');
  assert.match(out, new RegExp(`^serial: +${NVME_SERIAL}$`, 'm'));
  assert.match(out, /^model: +\S/m);
  assert.match(out, /^version: +NVMe 1\.4\.0$/m);
  assert.match(out, new RegExp(`^namespace 1: ${BLOCKS} blocks of ${NVME_LBA_BYTES} bytes \\(${NVME_IMAGE_BYTES} bytes\\)$`, 'm'));
});

test('CLI read --out: the host pattern, first and last blocks', async () => {
  for (const [lba, count] of [[0, 8], [BLOCKS - 8, 8]] as const) {
    const file = `/tmp/nvme-read-${lba}.bin`;
    await cli('read', bdf, String(lba), String(count), '--out', file);
    const data = new Uint8Array(readFileSync(file));
    assert.is(data.length, count * NVME_LBA_BYTES);
    assert.is(firstBadBlock(data, lba, count, HOST_SEED), -1, `blocks ${lba}+${count} hold the host pattern`);
  }
});

test('CLI write --in: guest pattern (Write + Flush; the host checks it after poweroff)', async () => {
  const { lba, count } = NVME_WRITES.cli;
  writeFileSync('/tmp/nvme-write.bin', blocks(lba, count, GUEST_SEED));
  assert.match((await cli('write', bdf, String(lba), String(count), '--in', '/tmp/nvme-write.bin')).join('\n'), new RegExp(`wrote ${count} blocks at LBA ${lba}`));
});

/** The library over one open of the device: PAIRS I/O queue pairs; reads everywhere, writes, flush, shutdown. */
async function libraryRun(interrupts: boolean): Promise<void> {
  const dev: Device = openDevice({ vfio: bdf }, { bars: { 0: NvmeRegs.size } });
  console.log(dev.description);
  assert.is(dev.dma.addressMode, 'iova');
  const drv = new NvmeDriver(dev, { interrupts, queueDepth: 16, log: (l) => console.log(`  driver: ${l}`) });
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
      console.log(`  interrupts waited for and received: ${drv.interrupts}`);
      assert.ok(drv.interrupts > 0, 'completions arrived by MSI-X');
    }
    await drv.shutdown();
    assert.is(drv.regs.csts.get('shst'), CstsShst.complete, 'CSTS.SHST = shutdown complete');
  } finally {
    drv.close();
    dev.close();
  }
}

test(`library, polled: ${PAIRS} I/O queue pairs, reads, PRP list, write, flush, shutdown`, () => libraryRun(false));
test(`library, MSI-X: ${PAIRS} I/O queue pairs each on its own vector`, () => libraryRun(true));

test('the IOMMU refuses DMA to and from an unmapped IOVA; the driver reports it by command, CID and IOVA', async () => {
  const dev = openDevice({ vfio: bdf }, { bars: { 0: NvmeRegs.size } });
  const faults = watchDmaFaults(bdf);
  const drv = new NvmeDriver(dev, { queueDepth: 16, dmaFaults: faults });
  try {
    await drv.enable();
    await drv.setNumberOfQueues(1);
    await drv.createIoQueuePair(1);
    const page = dev.dma.alloc(4096);
    const iova = page.deviceAddress;
    page.free(); // VFIO_IOMMU_UNMAP_DMA: the controller may no longer reach this IOVA
    const { lba } = NVME_UNDEFINED.refused;
    // QEMU 7.2 completes both with success (its DMA helpers drop the IOMMU's refusal): only the fault
    // log shows the transfer did not happen, and the driver turns that into the command's error.
    for (const [name, opc, access] of [['Read', NvmOpcode.read, 'write'], ['Write', NvmOpcode.write, 'read']] as const) {
      const command = `${name} LBA ${lba}+1 with an unmapped buffer`;
      let error: unknown;
      try {
        await drv.ioCommand(1, command, SqeRw, (cid) => ({ cdw0: { opc, cid }, nsid: 1, prp1: iova, prp2: 0n, slba: BigInt(lba), cdw12: { nlb: 0 } }));
      } catch (e) {
        error = e;
      }
      console.log(`  ${error instanceof Error ? error.message : String(error)}`);
      assert.instance(error, NvmeDmaFaultError, `${name}: the refused DMA is an error`);
      const f = (error as NvmeDmaFaultError).faults;
      assert.ok(f.length >= 1 && f.every((x) => x.access === access && x.address === (iova & ~0xfffn)), `${name}: device ${access} faults at IOVA 0x${iova.toString(16)}`);
      assert.match((error as Error).message, new RegExp(`^${command.replace('+', '\\+')} \\(CID \\d+ on SQ 1\\) completed with generic/success, but the IOMMU refused its DMA: device ${access} at IOVA 0x${iova.toString(16)}`));
    }
    // Refused, not fatal: a command with a mapped buffer completes, with no fault.
    const data = await drv.read(1, 1, 0n, 1, NVME_LBA_BYTES);
    assert.is(firstBadBlock(data, 0, 1, HOST_SEED), -1);
    await drv.shutdown();
  } finally {
    drv.close();
    faults.close();
    dev.close();
  }
});

test('restore the binding', () => {
  binding?.restore();
});

test.run();
