import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runUnprivileged } from '../unprivileged.js';
import { chmodSync, readFileSync, rmSync, symlinkSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findPciDevices, listPciDevices, groupMembers, readPciDevice } from '../../../runtime/pci/sysfs.js';
import { bindDriver } from '../../../runtime/pci/bind.js';
import { groupNotViable } from '../../../runtime/pci/advice.js';
import { normalizeBdf } from '../../../runtime/pci/roots.js';
import { VfioDevice } from '../../../runtime/vfio/device.js';
import { tempDir, writeTree } from '../fixtures.js';

/** IOMMU group 1 holds: edu (1234:11e8, unbound), an e1000e NIC (8086:10d3) on e1000e, and a bridge on pcieport. */
function fixture(opts: { groups?: boolean; drivers?: string[] } = {}) {
  const root = tempDir('regmill-pci-');
  const sys = path.join(root, 'sys');
  const dev = (bdf: string, vendor: string, device: string, driver?: string, group?: number) => ({
    [`devices/pci0000:00/${bdf}/vendor`]: `0x${vendor}\n`,
    [`devices/pci0000:00/${bdf}/device`]: `0x${device}\n`,
    [`devices/pci0000:00/${bdf}/class`]: '0x00ff00\n',
    [`devices/pci0000:00/${bdf}/driver_override`]: '(null)\n',
    [`bus/pci/devices/${bdf}`]: { link: `../../../devices/pci0000:00/${bdf}` },
    ...(driver ? { [`devices/pci0000:00/${bdf}/driver`]: { link: `../../../bus/pci/drivers/${driver}` } } : {}),
    ...(group !== undefined && opts.groups !== false
      ? {
          [`devices/pci0000:00/${bdf}/iommu_group`]: { link: `../../../kernel/iommu_groups/${group}` },
          [`kernel/iommu_groups/${group}/devices/${bdf}`]: { link: `../../../../devices/pci0000:00/${bdf}` },
        }
      : {}),
  });
  writeTree(sys, {
    ...Object.fromEntries((opts.drivers ?? ['e1000e', 'vfio-pci', 'pcieport']).flatMap((d) => [[`bus/pci/drivers/${d}/bind`, ''], [`bus/pci/drivers/${d}/unbind`, ''], [`bus/pci/drivers/${d}/new_id`, '']])),
    'bus/pci/drivers_probe': '',
    ...dev('0000:00:04.0', '1234', '11e8', undefined, 1),
    ...dev('0000:00:05.0', '8086', '10d3', 'e1000e', 1),
    ...dev('0000:00:1c.0', '8086', '2922', 'pcieport', 1),
  });
  return { sysfsRoot: sys, devRoot: path.join(root, 'dev'), sys };
}

test('PCI addresses normalise; devices are found by address or ids', () => {
  assert.is(normalizeBdf('00:04.0'), '0000:00:04.0');
  assert.throws(() => normalizeBdf('4.0'), /not a PCI address/);
  const roots = fixture();
  assert.equal(listPciDevices(roots).map((d) => d.bdf), ['0000:00:04.0', '0000:00:05.0', '0000:00:1c.0']);
  const nic = findPciDevices('8086:10d3', roots)[0]!;
  assert.equal([nic.bdf, nic.driver, nic.iommuGroup], ['0000:00:05.0', 'e1000e', 1]);
  assert.is(findPciDevices({ vendor: 0x1234, device: 0x11e8 }, roots)[0]!.driver, undefined);
  assert.is(findPciDevices('00:04.0', roots)[0]!.vendor, 0x1234);
  assert.throws(() => findPciDevices('dead:beef', roots), /no PCI device with ids dead:beef/);
  assert.throws(() => findPciDevices('0000:00:07.0', roots), /no PCI device 0000:00:07.0/);
  assert.equal(groupMembers(1, roots), ['0000:00:04.0', '0000:00:05.0', '0000:00:1c.0']);
});

test('bind to vfio-pci via driver_override, then restore the previous driver', () => {
  const roots = fixture();
  const { sys } = roots;
  const nicLink = path.join(sys, 'devices/pci0000:00/0000:00:05.0/driver');
  const b = bindDriver('0000:00:05.0', 'vfio-pci', {
    ...roots,
    afterProbe: () => {
      // What the kernel does on drivers_probe with the override set.
      rmSync(nicLink);
      symlinkSync('../../../bus/pci/drivers/vfio-pci', nicLink);
    },
  });
  assert.equal([b.previous, b.changed], ['e1000e', true]);
  assert.is(readFileSync(path.join(sys, 'devices/pci0000:00/0000:00:05.0/driver_override'), 'utf8'), 'vfio-pci');
  assert.is(readFileSync(path.join(sys, 'bus/pci/drivers/e1000e/unbind'), 'utf8'), '0000:00:05.0');
  assert.is(readFileSync(path.join(sys, 'bus/pci/drivers_probe'), 'utf8'), '0000:00:05.0');
  b.restore();
  assert.is(readFileSync(path.join(sys, 'devices/pci0000:00/0000:00:05.0/driver_override'), 'utf8'), '\n');
  assert.is(readFileSync(path.join(sys, 'bus/pci/drivers/vfio-pci/unbind'), 'utf8'), '0000:00:05.0');
  assert.is(readFileSync(path.join(sys, 'bus/pci/drivers/e1000e/bind'), 'utf8'), '0000:00:05.0');
});

test('bind errors say what to do', () => {
  const roots = fixture({ drivers: ['e1000e', 'vfio-pci'] });
  assert.throws(() => bindDriver('0000:00:04.0', 'uio_pci_generic', roots), /uio_pci_generic driver is not loaded: run `modprobe uio_pci_generic`/);
  assert.throws(() => bindDriver('0000:00:04.0', 'vfio-pci', roots), /did not take: it is unbound\. Check `dmesg \| tail` \("vfio-pci: probe \.\.\. failed with error -22" means no IOMMU/);
  const noGroups = fixture({ groups: false });
  assert.throws(() => bindDriver('0000:00:04.0', 'vfio-pci', noGroups), /no IOMMU group.*intel_iommu=on.*enable_unsafe_noiommu_mode=1/);
  assert.throws(() => bindDriver('0000:00:09.0', 'vfio-pci', roots), /no PCI device 0000:00:09.0/);
  // Already bound: nothing written, restore is a no-op.
  const same = bindDriver('0000:00:05.0', 'e1000e' as never, roots);
  assert.is(same.changed, false);
});

test('new_id fallback when the kernel has no driver_override', () => {
  const roots = fixture();
  rmSync(path.join(roots.sys, 'devices/pci0000:00/0000:00:04.0/driver_override'));
  assert.throws(() => bindDriver('0000:00:04.0', 'vfio-pci', roots), /did not take/);
  assert.is(readFileSync(path.join(roots.sys, 'bus/pci/drivers/vfio-pci/new_id'), 'utf8'), '1234 11e8');
  assert.is(readFileSync(path.join(roots.sys, 'bus/pci/drivers/vfio-pci/bind'), 'utf8'), '0000:00:04.0');
});

test('group not viable: lists every member with its driver and the commands to fix it', () => {
  const roots = fixture();
  const members = ['0000:00:04.0', '0000:00:05.0', '0000:00:1c.0'].map((b) => readPciDevice(b, roots)!);
  const text = groupNotViable(1, '0000:00:04.0', members);
  assert.match(text, 'VFIO group 1 of 0000:00:04.0 is not viable');
  assert.match(text, '0000:00:04.0 1234:11e8 driver (none)  <- this device');
  assert.match(text, '0000:00:05.0 8086:10d3 driver e1000e');
  assert.match(text, 'echo vfio-pci > /sys/bus/pci/devices/0000:00:05.0/driver_override');
  assert.match(text, 'echo 0000:00:05.0 > /sys/bus/pci/drivers_probe');
  assert.not.match(text, 'devices/0000:00:1c.0/driver_override'); // bridges may stay on pcieport
  assert.match(text, 'PCIe bridges (pcieport)');
});

test('VFIO open: clear errors for a device without group, on the wrong driver, without /dev/vfio', () => {
  const noGroups = fixture({ groups: false });
  assert.throws(() => VfioDevice.open('0000:00:04.0', noGroups), /VFIO: 0000:00:04.0 has no IOMMU group: the IOMMU is off/);
  const roots = fixture();
  assert.throws(() => VfioDevice.open('0000:00:05.0', roots), /bound to e1000e, not vfio-pci\. As root: modprobe vfio-pci; echo vfio-pci > .*driver_override/);
  const edu = path.join(roots.sys, 'devices/pci0000:00/0000:00:04.0/driver');
  symlinkSync('../../../bus/pci/drivers/vfio-pci', edu);
  assert.throws(() => VfioDevice.open('0000:00:04.0', roots), /open .*dev\/vfio\/vfio: ENOENT \(No such file or directory\) — VFIO is not loaded: `modprobe vfio-pci`/);
  // With a container that is not a VFIO device, the API check fails with ENOTTY naming the ioctl.
  writeTree(roots.devRoot, { 'vfio/vfio': '' });
  assert.ok(existsSync(path.join(roots.devRoot, 'vfio/vfio')));
  assert.throws(() => VfioDevice.open('0000:00:04.0', roots), /ioctl .*vfio\/vfio VFIO_GET_API_VERSION: ENOTTY/);
  writeFileSync(path.join(roots.devRoot, 'vfio/vfio'), '');
});

test('binding as a non-root user says root is needed', () => {
  const roots = fixture();
  chmodSync(path.dirname(roots.sys), 0o755); // the unprivileged child may read the tree, not write it
  const r = runUnprivileged(
    `import { bindDriver } from ${JSON.stringify(path.resolve('runtime/pci/bind.ts'))};`,
    `try { bindDriver('0000:00:05.0', 'vfio-pci', { sysfsRoot: ${JSON.stringify(roots.sysfsRoot)} }); console.log('bound'); }
    catch (e) { console.log(e.code + '|' + e.message); }`,
  );
  assert.match(r.stdout, /^EACCES\|write .*driver_override: EACCES \(Permission denied\) — binding PCI drivers needs root/, r.stderr);
});

test.run();
