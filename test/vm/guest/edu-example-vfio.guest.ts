// vm-guest: {"devices": ["edu", "iommu"], "timeoutSec": 150}
// The same example edu driver and generated-accessor checks as edu-example-uio, through VFIO type1 behind
// the emulated intel-iommu with interrupt remapping: openDevice({ vfio }) picks MSI and IOVA DMA
// (VFIO_IOMMU_MAP_DMA). Then `regmill dump --vfio` on the live device once the test has closed it (a VFIO
// group has one owner at a time). Also proves the IOMMU enforces the mappings: edu's DMA to an IOVA that
// was unmapped (a freed buffer) is refused and the kernel logs a DMAR fault at that address.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { DmaCmd, DmaCmdDirection, EduRegs, device as eduSpec } from '../../../generated/edu/edu.js';
import { bindDriver, findPciDevices, openDevice, type Binding, type Device } from '../../../runtime/index.js';
import { checkDump, checkExampleDriver, checkIdentFields, checkRaiseWaitAck, markLiveness, WAIT_MS } from './edu-checks.js';

/** edu's DMA window (edu.c DMA_START) and a transfer well below its 4 KiB end. */
const EDU_BUFFER = 0x40000n;
const DMA_BYTES = 2048;

let bdf = '';
let binding: Binding | undefined;
let dev: Device;

test('bind edu to vfio-pci and open it over VFIO type1', () => {
  const found = findPciDevices({ vendor: eduSpec.pci.vendor, device: eduSpec.pci.device });
  assert.is(found.length, 1, 'one edu on the bus');
  bdf = found[0]!.bdf;
  binding = bindDriver(bdf, 'vfio-pci');
  dev = openDevice({ vfio: bdf }, { bars: { 0: eduSpec.bars[0].size } });
  console.log(dev.description);
  assert.is(dev.backend, 'vfio');
  assert.is(dev.irq.mode, 'msi');
  assert.is(dev.dma.addressMode, 'iova');
});

test('the example driver: identify, liveness, factorials (polling, MSI), DMA by IOVA', () => checkExampleDriver(dev, 0));
test('identification through the generated field accessors', () => checkIdentFields(dev));
test('raise → MSI → decode → ack through the generated interrupt group', () => checkRaiseWaitAck(dev, 0));

test('the IOMMU blocks DMA to an IOVA that is no longer mapped (DMAR fault at that address)', async () => {
  const regs = new EduRegs(dev.bar(0));
  const buf = dev.dma.alloc(4096);
  const iova = buf.deviceAddress;
  buf.free(); // VFIO_IOMMU_UNMAP_DMA: the device may no longer reach this IOVA
  regs.dma_src.write(EDU_BUFFER);
  regs.dma_dst.write(iova);
  regs.dma_count.write(BigInt(DMA_BYTES));
  regs.dma_cmd.write({ start: true, direction: DmaCmdDirection.from_device, irq: false });
  const deadline = Date.now() + WAIT_MS;
  while (DmaCmd.start.get(regs.dma_cmd.read())) {
    if (Date.now() > deadline) assert.unreachable('edu DMA did not complete');
    await new Promise((r) => setTimeout(r, 10));
  }
  // The kernel logs the translation fault the emulated VT-d reported for the device's write.
  const faults = execFileSync('dmesg', { encoding: 'utf8' }).split('\n').filter((l) => /DMAR: \[DMA Write/.test(l) || /fault addr/.test(l));
  console.log(faults.join('\n'));
  const page = (iova & ~0xfffn).toString(16);
  assert.ok(faults.some((l) => new RegExp(`fault addr 0x${page}\\b`).test(l)), `a DMAR fault at IOVA 0x${iova.toString(16)}`);
});

let liveness = 0;
test('close', () => {
  liveness = markLiveness(dev);
  dev.close();
  assert.throws(() => dev.bar(0), /closed/);
});

test('regmill dump over VFIO shows the decoded live registers', () => checkDump(['--vfio', bdf], liveness));

test('restore the original driver binding', () => {
  // Unbinding vfio-pci blocks while a device fd is open: close it if a failed step left it open.
  if (dev && !dev.closed) dev.close();
  binding?.restore();
});

test.run();
