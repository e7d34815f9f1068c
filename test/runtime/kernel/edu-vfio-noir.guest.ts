// vm-guest: {"devices": ["edu", "iommu-noir"], "timeoutSec": 120}
// VFIO type1 behind an IOMMU without interrupt remapping: VFIO_SET_IOMMU fails with EPERM, and the error
// says how to allow it; after following the hint the device opens and delivers MSI.
// Run: node test/vm/boot.mjs test/runtime/kernel/edu-vfio-noir.guest.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { bindDriver, findPciDevices, openDevice, SysError } from '../../../runtime/index.js';
import { liveCount } from '../../../runtime/ffi/resources.js';
import { EDU, checkInterrupts, checkRegisters, guestTest } from './edu-driver.js';

guestTest('EPERM without interrupt remapping names the fix; following it works', async () => {
  const bdf = findPciDevices({ vendor: EDU.vendor, device: EDU.device })[0]!.bdf;
  const binding = bindDriver(bdf, 'vfio-pci');
  const before = liveCount();
  try {
    openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 } });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, SysError);
    assert.is((e as SysError).code, 'EPERM');
    assert.match((e as Error).message, /VFIO_SET_IOMMU: EPERM .*allow_unsafe_interrupts/);
  }
  assert.is(liveCount(), before, 'a failed open leaves nothing open');
  writeFileSync('/sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts', '1');
  const dev = openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 } });
  checkRegisters(dev);
  await checkInterrupts(dev, 1);
  dev.close();
  binding.restore();
});

test.run();
