// The kernel-log parser behind watchDmaFaults: the VT-d fault line of drivers/iommu/intel/dmar.c (as the
// Debian 6.1 guest prints it; the QEMU guest test reads the real ones), other devices and other lines
// ignored. The watch itself needs /dev/kmsg and a fault, so it is tested in test/vm/guest/nvme-vfio.guest.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDmaFault } from '../../../runtime/pci/dma-faults.js';

const write = 'DMAR: [DMA Write NO_PASID] Request device [00:08.0] fault addr 0x104000 [fault reason 0x05] PTE Write access is not set';
const read = 'DMAR: [DMA Read NO_PASID] Request device [00:08.0] fault addr 0x7f000 [fault reason 0x06] PTE Read access is not set';

test('a device write fault: access, page address and reason', () => {
  assert.equal(parseDmaFault(write, '00:08.0'), { access: 'write', address: 0x104000n, reason: '0x05: PTE Write access is not set', line: write });
});

test('a device read fault; the 5.x format (PASID before the address, hex without 0x)', () => {
  assert.is(parseDmaFault(read, '00:08.0')?.access, 'read');
  assert.is(parseDmaFault(read, '00:08.0')?.address, 0x7f000n);
  const old = 'DMAR: [DMA Read] Request device [00:04.0] PASID ffffffff fault addr 1000 [fault reason 06] PTE Read access is not set';
  assert.equal(parseDmaFault(old, '00:04.0'), { access: 'read', address: 0x1000n, reason: '0x06: PTE Read access is not set', line: old });
});

test('other devices, other DMAR lines and other messages are not faults of this device', () => {
  assert.is(parseDmaFault(write, '00:04.0'), undefined);
  assert.is(parseDmaFault('DMAR: DRHD: handling fault status reg 2', '00:08.0'), undefined);
  assert.is(parseDmaFault('nvme nvme0: pci function 0000:00:08.0', '00:08.0'), undefined);
});

test.run();
