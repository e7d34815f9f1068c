// vm-guest: {"devices": ["edu", "iommu"], "timeoutSec": 120}
// The real-kernel VFIO type1 path behind an emulated intel-iommu with interrupt remapping: bind edu to
// vfio-pci, openDevice({ vfio }), registers through the region mmap, MSI through SET_IRQS eventfds, DMA
// through VFIO_IOMMU_MAP_DMA IOVAs. Run: node test/vm/boot.mjs test/runtime/kernel/edu-vfio.guest.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bindDriver, findPciDevices, openDevice, type Binding, type Device } from '../../../runtime/index.js';
import { EDU, checkDma, checkInterrupts, checkRegisters, guestTest } from './edu-driver.js';

let bdf = '';
let binding: Binding;
let dev: Device;

guestTest('bind edu to vfio-pci', () => {
  bdf = findPciDevices({ vendor: EDU.vendor, device: EDU.device })[0]!.bdf;
  binding = bindDriver(bdf, 'vfio-pci');
  assert.is(binding.driver, 'vfio-pci');
});

guestTest('openDevice over VFIO type1', () => {
  dev = openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 } });
  console.log(dev.description);
  assert.is(dev.backend, 'vfio');
  assert.is(dev.dma.addressMode, 'iova');
  assert.is(dev.irq.mode, 'msi');
  assert.match(dev.description, /^VFIO type1v2 \(IOVA\)/);
});

guestTest('registers', () => checkRegisters(dev));
guestTest('MSI interrupts via eventfd', () => checkInterrupts(dev, 3));
guestTest('DMA with IOVAs', () => checkDma(dev));

guestTest('INTx with unmask', async () => {
  dev.close();
  dev = openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 }, irq: 'intx' });
  assert.is(dev.irq.mode, 'intx');
  await checkInterrupts(dev, 2);
});

guestTest('close and restore', () => {
  dev.close();
  assert.throws(() => dev.close(), /already closed/);
  binding.restore();
});

test.run();
