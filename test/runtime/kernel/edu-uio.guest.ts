// vm-guest: {"devices": ["edu"], "timeoutSec": 120}
// The real-kernel UIO path: bind edu to uio_pci_generic, openDevice({ uio }), registers, INTx interrupts
// (re-armed through the INTx-disable bit: uio_pci_generic has no irqcontrol), DMA with pagemap
// physical addresses, restore the binding. Run: node test/vm/boot.mjs test/runtime/kernel/edu-uio.guest.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bindDriver, findPciDevices, openDevice, type Binding, type Device } from '../../../runtime/index.js';
import { EDU, checkDma, checkInterrupts, checkRegisters, guestTest } from './edu-driver.js';

let bdf = '';
let binding: Binding;
let dev: Device;

guestTest('without an IOMMU, binding to vfio-pci is refused with the alternatives', () => {
  bdf = findPciDevices({ vendor: EDU.vendor, device: EDU.device })[0]!.bdf;
  assert.throws(() => bindDriver(bdf, 'vfio-pci'), /cannot bind .* to vfio-pci: the IOMMU is off .*intel_iommu=on.*enable_unsafe_noiommu_mode=1.*UIO/);
});

guestTest('bind edu to uio_pci_generic', () => {
  binding = bindDriver(bdf, 'uio_pci_generic');
  assert.is(binding.driver, 'uio_pci_generic');
});

guestTest('openDevice over UIO', () => {
  dev = openDevice({ uio: bdf }, { bars: { 0: EDU.bar0 } });
  assert.is(dev.backend, 'uio');
  assert.is(dev.dma.addressMode, 'physical');
  assert.match(dev.description, `on ${bdf}`);
  console.log(dev.description);
});

guestTest('registers', () => checkRegisters(dev));
guestTest('INTx interrupts via /dev/uioN', () => checkInterrupts(dev, 3));
guestTest('DMA with physical addresses', () => checkDma(dev));

guestTest('close and restore', () => {
  dev.close();
  assert.throws(() => dev.bar(0), /closed/);
  binding.restore();
});

test.run();
