import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { mapVfioRegion, mappableAreas } from '../../../runtime/vfio/region.js';
import type { RegionInfo } from '../../../runtime/vfio/abi.js';
import * as libc from '../../../runtime/ffi/libc.js';
import { O_RDWR } from '../../../runtime/ffi/constants.js';
import { tempDir, patternFile } from '../fixtures.js';

// A regular file stands in for the VFIO device fd: the region sits at file offset 0x1000, like a region
// at index << 40 in a real device fd; reads and writes at fd offsets behave the same way.
const BASE = 0x1000;
function region(over: Partial<RegionInfo>): RegionInfo {
  return { index: 0, flags: 7, size: 0x4000, offset: BASE, readable: true, writable: true, mmappable: true, sparse: undefined, msixMappable: false, caps: [], ...over };
}

function deviceFile() {
  const file = patternFile(tempDir(), 'vfio-device', BASE + 0x4000);
  return { file, fd: libc.open(file, O_RDWR) };
}

test('sparse areas are mmapped; the hole between them is read and written through the fd', () => {
  const { file, fd } = deviceFile();
  const info = region({ sparse: [{ offset: 0, size: 0x2000 }, { offset: 0x3000, size: 0x1000 }], caps: [1] });
  assert.equal(mappableAreas(info), info.sparse);
  const m = mapVfioRegion(fd, info, 0, 0x4000, 'test VFIO region 0');
  const byte = (i: number) => (i * 7 + 3) & 0xff;
  // Reads from a window, from the hole (pread), and from the second window.
  assert.is(m.mmio.read8(0x10), byte(BASE + 0x10));
  assert.is(m.mmio.read8(0x2010), byte(BASE + 0x2010));
  assert.is(m.mmio.read8(0x3010), byte(BASE + 0x3010));
  // Writes of every width in the hole land in the fd at region offset + o.
  m.mmio.write32(0x2100, 0xcafef00d);
  m.mmio.write64(0x2108, 0x1122334455667788n);
  m.mmio.write16(0x2110, 0xbeef);
  m.mmio.write8(0x2112, 0x42);
  const f = readFileSync(file);
  assert.is(f.readUInt32LE(BASE + 0x2100), 0xcafef00d);
  assert.is(f.readBigUInt64LE(BASE + 0x2108), 0x1122334455667788n);
  assert.is(f.readUInt16LE(BASE + 0x2110), 0xbeef);
  assert.is(f[BASE + 0x2112], 0x42);
  assert.is(m.mmio.read32(0x2100), 0xcafef00d);
  assert.is(m.mmio.read64(0x2108), 0x1122334455667788n);
  // Writes through a window are visible in the file too.
  m.mmio.write32(0x3ffc, 0x0badc0de);
  assert.is(readFileSync(file).readUInt32LE(BASE + 0x3ffc), 0x0badc0de);
  assert.is(m.bytes.byteLength, 0);
  assert.throws(() => m.mmio.read32(0x4000), /outside BAR 0 \(test VFIO region 0\)/);
  m.close();
  assert.throws(() => m.mmio.read32(0x2100), /closed/);
  assert.throws(() => m.mmio.read32(0x10), /closed/);
  assert.throws(() => m.close(), /already closed/);
  libc.close(fd);
});

test('a region without MMAP is served entirely through the fd', () => {
  const { file, fd } = deviceFile();
  const m = mapVfioRegion(fd, region({ flags: 3, mmappable: false }), 1, 0x4000, 'test VFIO region 1');
  m.mmio.write32(0x40, 0x12345678);
  assert.is(readFileSync(file).readUInt32LE(BASE + 0x40), 0x12345678);
  m.close();
  libc.close(fd);
});

test('a fully mappable region is one zero-copy mapping', () => {
  const { file, fd } = deviceFile();
  const m = mapVfioRegion(fd, region({}), 2, 0x4000, 'test VFIO region 2');
  assert.is(m.bytes.byteLength, 0x4000);
  m.mmio.write32(0, 0xa1b2c3d4);
  assert.is(readFileSync(file).readUInt32LE(BASE), 0xa1b2c3d4);
  m.close();
  libc.close(fd);
});

test('a VFIO region whose size differs from the spec names both sizes', () => {
  const { fd } = deviceFile();
  assert.throws(() => mapVfioRegion(fd, region({}), 0, 0x1000, 'dev VFIO region 0'), /BAR 0: the spec declares 4096 bytes \(0x1000\) but dev VFIO region 0 has 16384 bytes \(0x4000\)/);
  libc.close(fd);
});

test.run();
