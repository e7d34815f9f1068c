import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { VfioDevice } from '../../../runtime/vfio/device.js';
import { SysError } from '../../../runtime/ffi/sys-error.js';
import { tempDir, writeTree } from '../fixtures.js';

const BDF = '0000:00:04.0';

/** A sysfs tree with edu and no IOMMU group; `vfio` says how far the vfio module's no-IOMMU support goes. */
function noGroup(vfio: 'unloaded' | 'no-option' | 'N' | 'Y', driver?: string) {
  const sys = path.join(tempDir('regmill-vfio-'), 'sys');
  writeTree(sys, {
    [`devices/pci0000:00/${BDF}/vendor`]: '0x1234\n',
    [`devices/pci0000:00/${BDF}/device`]: '0x11e8\n',
    [`bus/pci/devices/${BDF}`]: { link: `../../../devices/pci0000:00/${BDF}` },
    ...(driver ? { [`devices/pci0000:00/${BDF}/driver`]: { link: `../../../bus/pci/drivers/${driver}` } } : {}),
    ...(vfio === 'unloaded' ? {} : { 'module/vfio/refcnt': '0\n' }),
    ...(vfio === 'N' || vfio === 'Y' ? { 'module/vfio/parameters/enable_unsafe_noiommu_mode': `${vfio}\n` } : {}),
  });
  return sys;
}

function openError(sys: string): SysError {
  try {
    VfioDevice.open(BDF, { sysfsRoot: sys, devRoot: path.join(sys, '..', 'dev') });
  } catch (e) {
    assert.instance(e, SysError);
    const err = e as SysError;
    assert.is(err.code, 'ENOENT');
    assert.is(err.syscall, 'readlink');
    assert.is(err.path, path.join(sys, 'bus/pci/devices', BDF, 'iommu_group'));
    assert.match(err.message, `VFIO: ${BDF} has no IOMMU group: the IOMMU is off`);
    return err;
  }
  return assert.unreachable('open without an IOMMU group') as never;
}

test('no group, vfio not loaded: load it in no-IOMMU mode', () => {
  assert.match(openError(noGroup('unloaded')).message, /vfio is not loaded: `modprobe vfio enable_unsafe_noiommu_mode=1`/);
});

test('no group, vfio without CONFIG_VFIO_NOIOMMU: says the parameter is missing and why', () => {
  const sys = noGroup('no-option');
  const param = path.join(sys, 'module/vfio/parameters/enable_unsafe_noiommu_mode');
  assert.match(openError(sys).message, `No-IOMMU mode is not available: ${param} does not exist, so this kernel's vfio was built without CONFIG_VFIO_NOIOMMU`);
});

test('no group, mode off: echo 1 into the parameter (modprobe no longer applies), then bind again', () => {
  const sys = noGroup('N');
  const m = openError(sys).message;
  assert.match(m, `No-IOMMU mode is off: as root \`echo 1 > ${path.join(sys, 'module/vfio/parameters/enable_unsafe_noiommu_mode')}\``);
  assert.match(m, `then bind ${BDF} to vfio-pci again`);
});

test('no group, mode on: bind to vfio-pci, or rebind when it was bound before the mode', () => {
  assert.match(openError(noGroup('Y')).message, `No-IOMMU mode is on: bind ${BDF} (now unbound) to vfio-pci, which creates its no-IOMMU group`);
  assert.match(openError(noGroup('Y', 'uio_pci_generic')).message, '(now uio_pci_generic)');
  assert.match(openError(noGroup('Y', 'vfio-pci')).message, `was bound to vfio-pci before it was turned on: unbind it and bind it again`);
});

test.run();
