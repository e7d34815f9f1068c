import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as abi from '../../../runtime/vfio/abi.js';

test('ioctl numbers are _IO(";", 100 + n) as in linux/vfio.h', () => {
  assert.is(abi.VFIO_GET_API_VERSION, 0x3b64);
  assert.is(abi.VFIO_CHECK_EXTENSION, 0x3b65);
  assert.is(abi.VFIO_SET_IOMMU, 0x3b66);
  assert.is(abi.VFIO_GROUP_GET_STATUS, 0x3b67);
  assert.is(abi.VFIO_GROUP_SET_CONTAINER, 0x3b68);
  assert.is(abi.VFIO_GROUP_GET_DEVICE_FD, 0x3b6a);
  assert.is(abi.VFIO_DEVICE_GET_INFO, 0x3b6b);
  assert.is(abi.VFIO_DEVICE_GET_REGION_INFO, 0x3b6c);
  assert.is(abi.VFIO_DEVICE_GET_IRQ_INFO, 0x3b6d);
  assert.is(abi.VFIO_DEVICE_SET_IRQS, 0x3b6e);
  assert.is(abi.VFIO_DEVICE_RESET, 0x3b6f);
  assert.is(abi.VFIO_IOMMU_GET_INFO, 0x3b70);
  assert.is(abi.VFIO_IOMMU_MAP_DMA, 0x3b71);
  assert.is(abi.VFIO_IOMMU_UNMAP_DMA, 0x3b72);
  assert.is(abi.ioctlNames[0x3b67], 'VFIO_GROUP_GET_STATUS');
  assert.is(abi.vfioPciRegionOffset(7), 7 * 2 ** 40);
});

test('group status, device info and irq info round trip', () => {
  const s = abi.encodeGroupStatus();
  assert.equal([...s], [8, 0, 0, 0, 0, 0, 0, 0]);
  s.writeUInt32LE(1, 4);
  assert.equal(abi.decodeGroupStatus(s), { viable: true, containerSet: false });
  const d = abi.encodeDeviceInfo();
  assert.is(d.readUInt32LE(0), 16);
  d.writeUInt32LE(3, 4);
  d.writeUInt32LE(9, 8);
  d.writeUInt32LE(5, 12);
  assert.equal(abi.decodeDeviceInfo(d), { flags: 3, numRegions: 9, numIrqs: 5, reset: true, pci: true });
  const i = abi.encodeIrqInfo(2);
  assert.equal([i.readUInt32LE(0), i.readUInt32LE(8)], [16, 2]);
  i.writeUInt32LE(9, 4);
  i.writeUInt32LE(5, 12);
  assert.equal(abi.decodeIrqInfo(i), { index: 2, flags: 9, count: 5, eventfd: true, maskable: false, automasked: false });
  assert.equal([...abi.encodeFdPointer(7)], [7, 0, 0, 0]);
  assert.equal(abi.encodeDeviceName('0000:00:04.0').toString('latin1'), '0000:00:04.0\0');
});

test('irq set: eventfd binding with a variable-length fd array, and DATA_NONE actions', () => {
  const b = abi.encodeIrqSetEventfds(2, 0, [10, 11, -1]);
  assert.is(b.length, 32);
  assert.equal([0, 4, 8, 12, 16].map((o) => b.readUInt32LE(o)), [32, 4 | 32, 2, 0, 3]);
  assert.equal([20, 24, 28].map((o) => b.readInt32LE(o)), [10, 11, -1]);
  const u = abi.encodeIrqSetNone(0, abi.VFIO_IRQ_SET_ACTION_UNMASK, 0, 1);
  assert.equal([0, 4, 8, 12, 16].map((o) => u.readUInt32LE(o)), [20, 1 | 16, 0, 0, 1]);
  const off = abi.encodeIrqSetNone(1, abi.VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0);
  assert.equal([off.readUInt32LE(4), off.readUInt32LE(16)], [1 | 32, 0]);
});

test('DMA map is 32 bytes and unmap is the 24-byte layout', () => {
  const m = abi.encodeDmaMap(0x7f0000001000n, 0x100000n, 0x2000);
  assert.is(m.length, 32);
  assert.equal([m.readUInt32LE(0), m.readUInt32LE(4)], [32, 3]);
  assert.equal([m.readBigUInt64LE(8), m.readBigUInt64LE(16), m.readBigUInt64LE(24)], [0x7f0000001000n, 0x100000n, 0x2000n]);
  const u = abi.encodeDmaUnmap(0x100000n, 0x2000);
  assert.is(u.length, 24);
  assert.equal([u.readUInt32LE(0), u.readUInt32LE(4), u.readBigUInt64LE(8), u.readBigUInt64LE(16)], [24, 0, 0x100000n, 0x2000n]);
  u.writeBigUInt64LE(0x1000n, 16); // the kernel reports what it unmapped
  assert.is(abi.decodeDmaUnmapSize(u), 0x1000);
});

/** A region-info reply as the kernel writes it: header, then a SPARSE_MMAP cap with 2 areas, then MSIX_MAPPABLE. */
function craftedRegionInfo(): Buffer {
  const b = Buffer.alloc(88);
  b.writeUInt32LE(88, 0); // argsz the kernel needs
  b.writeUInt32LE(abi.VFIO_REGION_INFO_FLAG_READ | abi.VFIO_REGION_INFO_FLAG_WRITE | abi.VFIO_REGION_INFO_FLAG_MMAP | abi.VFIO_REGION_INFO_FLAG_CAPS, 4);
  b.writeUInt32LE(3, 8); // index: BAR 3
  b.writeUInt32LE(32, 12); // cap_offset
  b.writeBigUInt64LE(0x4000n, 16); // size
  b.writeBigUInt64LE(3n << 40n, 24); // offset in the device fd
  // SPARSE_MMAP at 32: header {id 1, version 1, next 80}, nr_areas 2, reserved, areas
  b.writeUInt16LE(1, 32);
  b.writeUInt16LE(1, 34);
  b.writeUInt32LE(80, 36);
  b.writeUInt32LE(2, 40);
  b.writeBigUInt64LE(0n, 48);
  b.writeBigUInt64LE(0x2000n, 56);
  b.writeBigUInt64LE(0x3000n, 64);
  b.writeBigUInt64LE(0x1000n, 72);
  // MSIX_MAPPABLE at 80: header only, end of chain
  b.writeUInt16LE(3, 80);
  b.writeUInt16LE(1, 82);
  b.writeUInt32LE(0, 84);
  return b;
}

test('region info: the capability chain yields sparse areas and MSI-X mappability', () => {
  const info = abi.decodeRegionInfo(craftedRegionInfo());
  assert.equal(info, {
    index: 3,
    flags: 15,
    size: 0x4000,
    offset: 3 * 2 ** 40,
    readable: true,
    writable: true,
    mmappable: true,
    sparse: [
      { offset: 0, size: 0x2000 },
      { offset: 0x3000, size: 0x1000 },
    ],
    msixMappable: true,
    caps: [1, 3],
  });
  assert.is(abi.regionInfoNeeded(craftedRegionInfo()), 88);
  const req = abi.encodeRegionInfo(3, 88);
  assert.equal([req.length, req.readUInt32LE(0), req.readUInt32LE(8)], [88, 88, 3]);
});

test('region info: a looping or truncated chain is an error, not a hang', () => {
  const loop = craftedRegionInfo();
  loop.writeUInt32LE(32, 84); // MSIX cap points back to the first cap
  assert.throws(() => abi.decodeRegionInfo(loop), /capability chain points to byte 32 .*loop or truncation/);
  const short = craftedRegionInfo().subarray(0, 60);
  assert.throws(() => abi.decodeRegionInfo(short), /lists 2 areas but the buffer ends first/);
  const noCaps = craftedRegionInfo();
  noCaps.writeUInt32LE(7, 4); // CAPS flag clear: cap_offset is ignored
  assert.equal(abi.decodeRegionInfo(noCaps).caps, []);
  assert.is(abi.decodeRegionInfo(noCaps).sparse, undefined);
});

test('iommu info', () => {
  const b = abi.encodeIommuInfo();
  b.writeUInt32LE(3, 4);
  b.writeBigUInt64LE(0x40201000n, 8);
  assert.equal(abi.decodeIommuInfo(b), { flags: 3, iovaPageSizes: 0x40201000n });
});

test.run();
