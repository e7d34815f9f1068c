// vm-guest: {"devices": ["edu", "iommu"], "timeoutSec": 120}
// The real-kernel VFIO type1 path behind an emulated intel-iommu with interrupt remapping: bind edu to
// vfio-pci, openDevice({ vfio }), registers through the region mmap, MSI through SET_IRQS eventfds, DMA
// through VFIO_IOMMU_MAP_DMA IOVAs; close puts bus mastering back. Run: node test/vm/boot.mjs test/runtime/kernel/edu-vfio.guest.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { bindDriver, findPciDevices, openDevice, type Binding, type Device } from '../../../runtime/index.js';
import { EDU, checkDma, checkInterrupts, checkRegisters, guestTest } from './edu-driver.js';

let bdf = '';
let binding: Binding;
let dev: Device;
/** PCI_COMMAND before openDevice. */
let commandBefore = 0;

const MASTER = 0x4;
/** PCI_COMMAND as the kernel's sysfs config file shows it. */
const command = () => readFileSync(`/sys/bus/pci/devices/${bdf}/config`).readUInt16LE(4);
const hex = (v: number) => `0x${v.toString(16).padStart(4, '0')}`;

guestTest('bind edu to vfio-pci', () => {
  bdf = findPciDevices({ vendor: EDU.vendor, device: EDU.device })[0]!.bdf;
  binding = bindDriver(bdf, 'vfio-pci');
  assert.is(binding.driver, 'vfio-pci');
});

guestTest('openDevice over VFIO type1', () => {
  commandBefore = command();
  assert.is(commandBefore & MASTER, 0, `vfio-pci leaves bus mastering off (PCI_COMMAND ${hex(commandBefore)})`);
  dev = openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 } });
  console.log(dev.description);
  console.log(`PCI_COMMAND before open ${hex(commandBefore)}, after open ${hex(command())}`);
  assert.is(command() & MASTER, MASTER, 'open turned bus mastering on');
  assert.match(dev.description, /; enabled (memory decoding and )?bus mastering in PCI_COMMAND \(close\(\) turns (it|them) off again\)$/);
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

guestTest('close puts bus mastering back, then restore the binding', () => {
  dev.close();
  assert.throws(() => dev.close(), /already closed/);
  console.log(`PCI_COMMAND after close ${hex(command())}`);
  assert.is(command() & MASTER, commandBefore & MASTER, 'bus mastering back to its pre-open state');
  // vfio-pci clears bus mastering itself when the device fd is released, so restoreCommand: false
  // cannot keep it on over VFIO either.
  const kept = openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 }, irq: 'none', restoreCommand: false });
  assert.match(kept.description, /left on at close: restoreCommand is false/);
  assert.is(command() & MASTER, MASTER);
  kept.close();
  console.log(`PCI_COMMAND after close with restoreCommand false ${hex(command())}`);
  assert.is(command() & MASTER, 0, 'vfio-pci cleared it on release');
  binding.restore();
});

test.run();
