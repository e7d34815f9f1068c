// vm-guest: {"devices": ["nvme", "iommu"], "timeoutSec": 300}
// The NVMe driver of examples/nvme/ on QEMU's NVMe 1.4 controller (1b36:0010) through VFIO type1 behind
// the emulated intel-iommu: first as a user runs it (the CLI's main(): identify, read --out, write --in),
// then the library with several I/O queue pairs, polled and by MSI-X interrupt (a vector per CQ), and the
// wasm engine (its routines writing the doorbells over BAR 0 mapped into their window).
// The namespace is a raw host file (test/vm/nvme-image.mjs): nvme-vfio.host.mjs fills every block with
// the host pattern before boot; the guest checks it and writes blocks of its own pattern, which the host
// checks after poweroff. Run through test/vm/run.mjs (it calls the host hooks): npm run test:vm -- nvme-vfio
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NvmeRegs, NvmOpcode } from '../../../generated/nvme/nvme.js';
import { bindDriver, findPciDevices, openDevice, type Binding } from '../../../runtime/index.js';
import { NvmeDriver } from '../../../examples/nvme/controller.js';
import { NvmeDmaFaultError } from '../../../examples/nvme/status.js';
import { watchDmaFaults } from '../../../runtime/pci/dma-faults.js';
import { firstBadBlock, HOST_SEED, NVME_LBA_BYTES } from '../nvme-image.mjs';
import { NVME_UNDEFINED } from './nvme-writes.mjs';
import { cliSteps, libraryRun, PAIRS, QEMU_NVME, wasmEngineRun } from './nvme-checks.js';

let bdf = '';
let binding: Binding | undefined;

test('bind the NVMe controller to vfio-pci', () => {
  const found = findPciDevices(QEMU_NVME);
  assert.is(found.length, 1, 'one QEMU NVMe controller on the bus');
  bdf = found[0]!.bdf;
  binding = bindDriver(bdf, 'vfio-pci');
  assert.is(binding.driver, 'vfio-pci');
});

for (const [name, fn] of cliSteps(() => bdf)) test(name, fn);

test(`library, polled: ${PAIRS} I/O queue pairs, reads, PRP list, write, flush, shutdown`, () => libraryRun(bdf, false, 'iova'));
test(`library, MSI-X: ${PAIRS} I/O queue pairs each on its own vector`, () => libraryRun(bdf, true, 'iova'));
test('wasm engine: the routines write the doorbells over the mapped BAR; IoQueue reads at QD32, polled and on MSI-X', () => wasmEngineRun(bdf));

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
    for (const [name, opc, access] of [
      ['Read', NvmOpcode.read, 'write'],
      ['Write', NvmOpcode.write, 'read'],
    ] as const) {
      const command = `${name} LBA ${lba}+1 with an unmapped buffer`;
      let error: unknown;
      try {
        await drv.ioCommand(1, command, 'rw', (cid) => ({
          cdw0: { opc, cid },
          nsid: 1,
          prp1: iova,
          prp2: 0n,
          slba: BigInt(lba),
          cdw12: { nlb: 0 },
        }));
      } catch (e) {
        error = e;
      }
      console.log(`  ${error instanceof Error ? error.message : String(error)}`);
      assert.instance(error, NvmeDmaFaultError, `${name}: the refused DMA is an error`);
      const f = (error as NvmeDmaFaultError).faults;
      assert.ok(
        f.length >= 1 && f.every((x) => x.access === access && x.address === (iova & ~0xfffn)),
        `${name}: device ${access} faults at IOVA 0x${iova.toString(16)}`,
      );
      assert.match(
        (error as Error).message,
        new RegExp(
          `^${command.replace('+', '\\+')} \\(CID \\d+ on SQ 1\\) completed with generic/success, but the IOMMU refused its DMA: device ${access} at IOVA 0x${iova.toString(16)}`,
        ),
      );
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
