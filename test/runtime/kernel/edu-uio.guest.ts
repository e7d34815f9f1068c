// vm-guest: {"devices": ["edu"], "timeoutSec": 120}
// The real-kernel UIO path: bind edu to uio_pci_generic, openDevice({ uio }), registers, INTx interrupts
// (re-armed through the INTx-disable bit: uio_pci_generic has no irqcontrol), DMA with pagemap
// physical addresses, close puts bus mastering back, restore the binding; then a device removed while
// open still closes cleanly. Run: node test/vm/boot.mjs test/runtime/kernel/edu-uio.guest.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { bindDriver, findPciDevices, openDevice, SysError, type Binding, type Device } from '../../../runtime/index.js';
import { liveCount } from '../../../runtime/ffi/resources.js';
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
/** Writes the low byte of PCI_COMMAND (I/O, memory, bus master) through sysfs. */
function setCommandLow(v: number): void {
  const fd = openSync(`/sys/bus/pci/devices/${bdf}/config`, 'r+');
  try {
    writeSync(fd, Buffer.of(v), 0, 1, 4);
  } finally {
    closeSync(fd);
  }
}

guestTest('without an IOMMU, binding to vfio-pci is refused with the alternatives', () => {
  bdf = findPciDevices({ vendor: EDU.vendor, device: EDU.device })[0]!.bdf;
  assert.throws(() => bindDriver(bdf, 'vfio-pci'), /cannot bind .* to vfio-pci: the IOMMU is off .*intel_iommu=on.*enable_unsafe_noiommu_mode=1.*UIO/);
});

guestTest('bind edu to uio_pci_generic', () => {
  binding = bindDriver(bdf, 'uio_pci_generic');
  assert.is(binding.driver, 'uio_pci_generic');
});

guestTest('openDevice over UIO', () => {
  commandBefore = command();
  assert.is(commandBefore & MASTER, 0, `uio_pci_generic leaves bus mastering off (PCI_COMMAND ${hex(commandBefore)})`);
  dev = openDevice({ uio: bdf }, { bars: { 0: EDU.bar0 } });
  const after = command();
  console.log(`PCI_COMMAND before open ${hex(commandBefore)}, after open ${hex(after)}`);
  assert.is(after & MASTER, MASTER, 'open turned bus mastering on');
  assert.match(dev.description, /; enabled (memory decoding and )?bus mastering in PCI_COMMAND \(close\(\) turns (it|them) off again\)$/);
  assert.is(dev.backend, 'uio');
  assert.is(dev.dma.addressMode, 'physical');
  assert.match(dev.description, `on ${bdf}`);
  console.log(dev.description);
});

guestTest('registers', () => checkRegisters(dev));
guestTest('INTx interrupts via /dev/uioN', () => checkInterrupts(dev, 3));
guestTest('DMA with physical addresses', () => checkDma(dev));

guestTest('close puts PCI_COMMAND back, then restore the binding', () => {
  dev.close();
  assert.throws(() => dev.bar(0), /closed/);
  const after = command();
  console.log(`PCI_COMMAND after close ${hex(after)}`);
  assert.is(after & 0xff, commandBefore & 0xff, 'bus mastering (and memory decoding) back to their pre-open state');
  // uio_pci_generic itself clears bus mastering whenever a /dev/uioN fd is released, so over UIO
  // restoreCommand: false cannot keep it on (the sysfs resource step below can).
  const kept = openDevice({ uio: bdf }, { bars: { 0: EDU.bar0 }, irq: 'none', restoreCommand: false });
  assert.is(command() & MASTER, MASTER);
  kept.close();
  assert.is(command() & MASTER, 0, 'uio_pci_generic cleared it on release');
  binding.restore();
});

guestTest('sysfs resource files (no driver to clear anything): close turns off exactly what open turned on', () => {
  assert.is(findPciDevices(bdf)[0]!.driver, undefined, 'unbound again');
  const before = command();
  setCommandLow(before & 0xff & ~0x6); // memory decoding off too, so open has both bits to turn on
  const opened = command();
  const low = opened & 0xff;
  const res = openDevice({ resource: bdf }, { bars: { 0: EDU.bar0 } });
  try {
    assert.match(res.description, /; enabled memory decoding and bus mastering in PCI_COMMAND \(close\(\) turns them off again\)$/);
    assert.is(command() & 0x6, 0x6);
    checkRegisters(res);
  } finally {
    res.close();
  }
  console.log(`resource: PCI_COMMAND ${hex(opened)} before open, ${hex(command())} after close`);
  assert.is(command() & 0xff, low, 'both bits off again, the rest untouched');
  // restoreCommand: false leaves them on, for a process that hands the device to another.
  const kept = openDevice({ resource: bdf }, { bars: { 0: EDU.bar0 }, restoreCommand: false });
  kept.close();
  assert.is(command() & 0x6, 0x6, 'left on with restoreCommand: false');
  setCommandLow(before & 0xff); // back to how the firmware left it
  assert.is(command(), before);
});

guestTest('a device removed while open: close reports the config failure and releases everything else', () => {
  binding = bindDriver(bdf, 'uio_pci_generic');
  const before = liveCount();
  const open = openDevice({ uio: bdf }, { bars: { 0: EDU.bar0 } });
  checkRegisters(open);
  writeFileSync(`/sys/bus/pci/devices/${bdf}/remove`, '1'); // what surprise removal looks like to us
  assert.not.ok(existsSync(`/sys/bus/pci/devices/${bdf}`));
  let thrown: unknown;
  try {
    open.close();
  } catch (error) {
    thrown = error;
  }
  console.log(`close after removal: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
  assert.instance(thrown, SysError);
  const e = thrown as SysError;
  assert.is(e.code, 'ENODEV');
  assert.is(e.path, `/sys/bus/pci/devices/${bdf}/config`);
  assert.match(e.message, /could not turn .*bus mastering back off in PCI_COMMAND \(was the device removed\?\)/);
  assert.ok(open.closed);
  assert.is(liveCount(), before, 'mappings, interrupt and config fds released');
  writeFileSync('/sys/bus/pci/rescan', '1');
  assert.ok(existsSync(`/sys/bus/pci/devices/${bdf}`), 'the device is back after a rescan');
  console.log(`after rescan: driver ${findPciDevices(bdf)[0]!.driver ?? '(none)'}, PCI_COMMAND ${hex(command())}`);
});

test.run();
