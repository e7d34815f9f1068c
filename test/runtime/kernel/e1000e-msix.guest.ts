// vm-guest: {"devices": ["e1000e", "iommu"], "timeoutSec": 120}
// VFIO MSI-X on QEMU's e1000e (82574L, 5 vectors): each interrupt cause routed by IVAR reaches exactly its
// vector's eventfd; the MSI-X BAR's region info carries MSIX_MAPPABLE; a second open of the group is EBUSY
// with a hint. Run: node test/vm/boot.mjs test/runtime/kernel/e1000e-msix.guest.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bindDriver, findPciDevices, openDevice, SysError, type Binding, type Device } from '../../../runtime/index.js';
import { VfioDevice } from '../../../runtime/mappings/vfio-device.js';
import { guestTest } from './edu-driver.js';

const ICR = 0xc0;
const ICS = 0xc8;
const IMS = 0xd0;
const IMC = 0xd8;
const IVAR = 0xe4;
const STATUS = 0x08;

let bdf = '';
let binding: Binding;
let dev: Device;

guestTest('bind e1000e to vfio-pci and open it with MSI-X', () => {
  bdf = findPciDevices('8086:10d3')[0]!.bdf;
  binding = bindDriver(bdf, 'vfio-pci');
  dev = openDevice({ vfio: bdf }, { bars: { 0: 0x20000, 3: 0x4000 } });
  console.log(dev.description);
  assert.is(dev.irq.mode, 'msix');
  assert.is(dev.irq.vectors, 5);
  assert.is(dev.bar(0).read32(STATUS) & 0x2, 0x2, 'link up');
});

guestTest('a second open of the same group is EBUSY with a hint', () => {
  try {
    VfioDevice.open(bdf);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, SysError);
    assert.is((e as SysError).code, 'EBUSY');
    assert.match((e as Error).message, /VFIO allows one owner per group/);
  }
});

guestTest('each queue cause fires exactly its MSI-X vector', async () => {
  const r = dev.bar(0);
  r.write32(IMC, 0xffffffff);
  r.write32(ICR, 0xffffffff);
  r.write32(IVAR, 0x000cba98); // RxQ0→0, RxQ1→1, TxQ0→2, TxQ1→3, other→4 (valid bit 3 in each nibble)
  r.write32(IMS, 0x00f00000);
  for (let v = 0; v < 4; v++) {
    const others = [0, 1, 2, 3].filter((o) => o !== v).map((o) => dev.irq.wait({ vector: o, timeout: 300 }));
    const mine = dev.irq.wait({ vector: v, timeout: 5000 });
    r.write32(ICS, 1 << (20 + v));
    assert.equal(await mine, { vector: v, count: 1, missed: 0 });
    for (const o of others) await o.then(() => assert.unreachable(`vector ${v}'s cause also fired another vector`), (e: { code?: string }) => assert.is(e.code, 'ETIMEDOUT'));
    r.write32(ICR, 1 << (20 + v));
    r.write32(IMS, 0x00f00000); // QEMU's auto-clear may drop IMS bits; re-arm the causes
  }
});

guestTest('MSI-X table is readable through the BAR 3 mapping', () => {
  const lo = dev.bar(3).read32(0);
  assert.ok(lo !== 0, `vector 0 message address 0x${lo.toString(16)}`);
});

guestTest('region info of the MSI-X BAR carries MSIX_MAPPABLE', () => {
  dev.close();
  const v = VfioDevice.open(bdf);
  const info = v.regionInfo(3);
  assert.is(info.size, 0x4000);
  assert.ok(info.caps.includes(3), `caps ${info.caps.join(',')}`);
  assert.ok(info.msixMappable);
  assert.is(v.regionInfo(2).mmappable, false, 'the I/O BAR is not mmappable');
  v.close();
  binding.restore();
});

test.run();
