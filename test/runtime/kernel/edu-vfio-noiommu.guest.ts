// vm-guest: {"devices": ["edu"], "timeoutSec": 150}
// VFIO without any IOMMU. The stock Debian 6.1 vfio has no no-IOMMU mode (CONFIG_VFIO_NOIOMMU unset), so
// the test first checks what that kernel says, then swaps in the same modules rebuilt with the option
// (edu-vfio-noiommu.host.mjs stages them in .vfio-noiommu/<kernel>/), checks the errors with the mode
// off, turns it on and drives edu through /dev/vfio/noiommu-N: registers, MSI, DMA with physical
// addresses. Run: node test/runtime/kernel/edu-vfio-noiommu.host.mjs (once), then
// node test/vm/boot.mjs test/runtime/kernel/edu-vfio-noiommu.guest.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bindDriver, findPciDevices, openDevice, SysError, type Binding, type Device } from '../../../runtime/index.js';
import { liveCount } from '../../../runtime/ffi/resources.js';
import { EDU, checkDma, checkInterrupts, checkRegisters, guestTest } from './edu-driver.js';

const PARAM = '/sys/module/vfio/parameters/enable_unsafe_noiommu_mode';
/** Load order: each after the modules it needs (irqbypass, from the stock set, stays loaded). */
const REBUILT = ['vfio', 'vfio_virqfd', 'vfio_iommu_type1', 'vfio-pci-core', 'vfio-pci'];
const moduleDir = fileURLToPath(new URL(`./.vfio-noiommu/${release()}/`, import.meta.url));
const MASTER = 0x4;

let bdf = '';
let binding: Binding | undefined;
let dev: Device;
let before = 0;
let commandBefore = 0;

/** PCI_COMMAND as the kernel's sysfs config file shows it. */
const command = () => readFileSync(`/sys/bus/pci/devices/${bdf}/config`).readUInt16LE(4);
const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** bindDriver refuses, and openDevice fails with ENOENT on the iommu_group link and `fix` in its text. */
function assertNoGroup(fix: RegExp): void {
  assert.throws(() => bindDriver(bdf, 'vfio-pci'), /cannot bind .* to vfio-pci: the IOMMU is off .*enable_unsafe_noiommu_mode=1.*CONFIG_VFIO_NOIOMMU/);
  try {
    openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 } });
    assert.unreachable('openDevice without an IOMMU group');
  } catch (e) {
    assert.instance(e, SysError);
    const err = e as SysError;
    console.log(err.message);
    assert.is(err.code, 'ENOENT');
    assert.is(err.path, `/sys/bus/pci/devices/${bdf}/iommu_group`);
    assert.match(err.message, /has no IOMMU group: the IOMMU is off/);
    assert.match(err.message, fix);
  }
  assert.is(liveCount(), before, 'a failed open leaves nothing open');
  assert.not.ok(existsSync(`/sys/bus/pci/devices/${bdf}/iommu_group`));
}

guestTest('no IOMMU: edu has no group', () => {
  bdf = findPciDevices({ vendor: EDU.vendor, device: EDU.device })[0]!.bdf;
  before = liveCount();
  assert.not.ok(existsSync('/sys/class/iommu') && run('ls', '/sys/class/iommu').trim() !== '', 'no IOMMU in this guest');
  assert.not.ok(existsSync(`/sys/bus/pci/devices/${bdf}/iommu_group`));
});

guestTest("stock vfio: the error says the kernel's vfio has no no-IOMMU mode", () => {
  assert.ok(existsSync('/sys/module/vfio'), 'the harness loaded the stock vfio');
  assert.not.ok(existsSync(PARAM), 'Debian 6.1 builds vfio without CONFIG_VFIO_NOIOMMU');
  assertNoGroup(/enable_unsafe_noiommu_mode does not exist, so this kernel's vfio was built without CONFIG_VFIO_NOIOMMU/);
});

guestTest('vfio rebuilt with CONFIG_VFIO_NOIOMMU, mode off: the error says how to turn it on', () => {
  assert.ok(existsSync(`${moduleDir}vfio.ko`), `no rebuilt modules in ${moduleDir}: run node test/runtime/kernel/edu-vfio-noiommu.host.mjs on the host first`);
  for (const m of [...REBUILT].reverse()) run('rmmod', m);
  assert.not.ok(existsSync('/sys/module/vfio'), 'stock vfio unloaded');
  for (const m of REBUILT) run('insmod', `${moduleDir}${m}.ko`);
  assert.is(readFileSync(PARAM, 'utf8').trim(), 'N');
  assertNoGroup(/No-IOMMU mode is off: as root `echo 1 > \/sys\/module\/vfio\/parameters\/enable_unsafe_noiommu_mode`/);
});

guestTest('mode on: vfio-pci makes a noiommu group and openDevice uses it', () => {
  writeFileSync(PARAM, '1');
  assert.is(readFileSync(PARAM, 'utf8').trim(), 'Y');
  binding = bindDriver(bdf, 'vfio-pci');
  assert.is(binding.driver, 'vfio-pci');
  const group = run('readlink', `/sys/bus/pci/devices/${bdf}/iommu_group`).trim().split('/').pop()!;
  assert.ok(existsSync(`/dev/vfio/noiommu-${group}`), `/dev/vfio/noiommu-${group}`);
  assert.not.ok(existsSync(`/dev/vfio/${group}`), 'no ordinary group node: openGroup must fall back');
  commandBefore = command();
  assert.is(commandBefore & MASTER, 0, 'vfio-pci leaves bus mastering off');
  dev = openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 } });
  console.log(dev.description);
  assert.is(dev.backend, 'vfio');
  assert.match(dev.description, new RegExp(`^VFIO no-IOMMU \\(physical\\) on ${bdf.replaceAll('.', '\\.')}: IOMMU group ${group};`));
  assert.is(dev.dma.addressMode, 'physical');
  assert.match(dev.dma.reason, /VFIO no-IOMMU mode has no DMA translation.*pagemap/);
  assert.is(dev.irq.mode, 'msi');
  assert.is(command() & MASTER, MASTER, 'open turned bus mastering on');
});

guestTest('registers', () => checkRegisters(dev));
guestTest('MSI through VFIO_DEVICE_SET_IRQS without an IOMMU', () => checkInterrupts(dev, 3));

guestTest('DMA with physical addresses', async () => {
  const probe = dev.dma.alloc(4096);
  // A pagemap address is a guest-physical RAM address: page aligned, inside the 1 GiB guest.
  assert.is(probe.deviceAddress % 4096n, 0n);
  assert.ok(probe.deviceAddress > 0n && probe.deviceAddress < 1n << 30n, `0x${probe.deviceAddress.toString(16)}`);
  probe.free();
  await checkDma(dev);
});

guestTest('INTx with unmask', async () => {
  dev.close();
  dev = openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 }, irq: 'intx' });
  assert.is(dev.irq.mode, 'intx');
  await checkInterrupts(dev, 2);
});

guestTest('close releases everything and the binding goes back', () => {
  dev.close();
  assert.throws(() => dev.close(), /already closed/);
  assert.is(liveCount(), before, 'every fd, mapping and DMA buffer released');
  assert.is(command() & MASTER, commandBefore & MASTER, 'bus mastering back to its pre-open state');
  // The group is free again: a second open works (it would be EBUSY if close had leaked the group fd).
  const again = openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 }, irq: 'none' });
  checkRegisters(again);
  again.close();
  assert.is(liveCount(), before);
  binding!.restore();
  assert.is(readFileSync(`/sys/bus/pci/devices/${bdf}/driver_override`, 'utf8').trim(), '(null)');
  assert.not.ok(existsSync(`/sys/bus/pci/devices/${bdf}/driver`), 'edu is unbound again, as it started');
  assert.not.ok(existsSync(`/sys/bus/pci/devices/${bdf}/iommu_group`), 'the noiommu group went with vfio-pci');
});

test.run();
