// vm-guest: {"devices": ["e1000e", "iommu"], "timeoutSec": 120}
// VFIO MSI-X on QEMU's e1000e (82574L, 5 vectors): each interrupt cause routed by IVAR reaches exactly its
// vector's eventfd; the MSI-X BAR's region info carries MSIX_MAPPABLE; a second open of the group is EBUSY
// with a hint. Registers, causes and BARs through the accessors generated from specs/e1000e.regs. Run: node test/vm/boot.mjs test/runtime/kernel/e1000e-msix.guest.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bindDriver, findPciDevices, openDevice, SysError, type Binding, type Device } from '../../../runtime/index.js';
import { VfioDevice } from '../../../runtime/vfio/device.js';
import { E1000eMain, E1000eRegs, Status, device as spec } from '../../../generated/e1000e/e1000e.js';
import { guestTest } from './edu-driver.js';

const bar = (kind: 'mmio' | 'io', name?: string) => spec.bars.find((b) => b.kind === kind && (name === undefined || b.name === name))!;
/** The register BAR, the MSI-X BAR (table + PBA, owned by VFIO) and the I/O BAR, as the spec declares them. */
const REGS = bar('mmio', 'regs');
const MSIX = bar('mmio', 'msix');
const IO = bar('io');
/** The queue causes in the order IVAR routes them to vectors 0..3. */
const QUEUES = [E1000eMain.rxq0, E1000eMain.rxq1, E1000eMain.txq0, E1000eMain.txq1];

let bdf = '';
let binding: Binding;
let dev: Device;

guestTest('bind e1000e to vfio-pci and open it with MSI-X', () => {
  bdf = findPciDevices({ vendor: spec.pci.vendor, device: spec.pci.device })[0]!.bdf;
  binding = bindDriver(bdf, 'vfio-pci');
  dev = openDevice({ vfio: bdf }, { bars: { [REGS.index]: REGS.size, [MSIX.index]: MSIX.size } });
  console.log(dev.description);
  assert.is(dev.irq.mode, 'msix');
  assert.is(dev.irq.vectors, 5);
  assert.ok(Status.lu.get(new E1000eRegs(dev.bar(REGS.index)).status.read()), 'link up');
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
  const regs = new E1000eRegs(dev.bar(REGS.index));
  const irq = new E1000eMain(dev.bar(REGS.index));
  const queues = QUEUES.reduce((a, c) => a | c, 0);
  irq.disable(irq.all);
  regs.icr.write(0xffffffff); // write-1-to-clear every cause
  regs.ivar.write({
    rxq0_vector: 0, rxq0_valid: true, rxq1_vector: 1, rxq1_valid: true,
    txq0_vector: 2, txq0_valid: true, txq1_vector: 3, txq1_valid: true,
    other_vector: 4, other_valid: true,
  });
  irq.enable(queues);
  for (let v = 0; v < QUEUES.length; v++) {
    const cause = QUEUES[v]!;
    const others = [0, 1, 2, 3].filter((o) => o !== v).map((o) => dev.irq.wait({ vector: o, timeout: 300 }));
    const mine = dev.irq.wait({ vector: v, timeout: 5000 });
    irq.test(cause);
    assert.equal(await mine, { vector: v, count: 1, missed: 0 });
    for (const o of others) await o.then(() => assert.unreachable(`vector ${v}'s cause also fired another vector`), (e: { code?: string }) => assert.is(e.code, 'ETIMEDOUT'));
    irq.ack(cause);
    irq.enable(queues); // QEMU's auto-clear may drop IMS bits; re-arm the causes
  }
});

guestTest('MSI-X table is readable through the BAR 3 mapping', () => {
  // PCI's MSI-X table layout, not an e1000e register (the spec leaves this BAR to the kernel/VFIO):
  // entry 0's first dword is the low half of its message address, written when VFIO enabled MSI-X.
  const lo = dev.bar(MSIX.index).read32(0);
  assert.ok(lo !== 0, `vector 0 message address 0x${lo.toString(16)}`);
});

guestTest('region info of the MSI-X BAR carries MSIX_MAPPABLE', () => {
  dev.close();
  const v = VfioDevice.open(bdf);
  const info = v.regionInfo(MSIX.index);
  assert.is(info.size, MSIX.size);
  assert.ok(info.caps.includes(3), `caps ${info.caps.join(',')}`);
  assert.ok(info.msixMappable);
  assert.is(v.regionInfo(IO.index).mmappable, false, 'the I/O BAR is not mmappable');
  v.close();
  binding.restore();
});

test.run();
