// RegionMmio (a VFIO region mapped only in parts): accesses inside a mapped window go to that window,
// every other offset is one pread/pwrite on the device fd; alternating between windows and the hole
// (the window lookup caches the last one) always lands in the right place.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RegionMmio } from '../../../runtime/mappings/region-mmio.js';
import { ViewMmio } from '../../../runtime/mappings/view-mmio.js';
import { tempDir } from '../fixtures.js';

test('windows and the pread/pwrite hole, in any order', () => {
  const file = path.join(tempDir('regmill-region-'), 'region');
  writeFileSync(file, Buffer.alloc(0x4000));
  const fd = openSync(file, 'r+');
  const a = new Uint8Array(0x1000);
  const b = new Uint8Array(0x1000);
  // Region layout: window A at 0x0, the hole at 0x1000–0x2fff (file offset base + o), window B at 0x3000.
  const io = new RegionMmio(0x4000, 'test region', [
    { offset: 0, size: 0x1000, mmio: new ViewMmio(a, 'window A') },
    { offset: 0x3000, size: 0x1000, mmio: new ViewMmio(b, 'window B') },
  ], fd, 0);
  for (let k = 0; k < 3; k++) {
    io.write32(0x10 + k * 4, 0xa0 + k);
    io.write32(0x1010 + k * 4, 0xc0 + k);
    io.write32(0x3010 + k * 4, 0xb0 + k);
  }
  for (let k = 0; k < 3; k++) {
    assert.is(io.read32(0x3010 + k * 4), 0xb0 + k);
    assert.is(io.read32(0x10 + k * 4), 0xa0 + k);
    assert.is(io.read32(0x1010 + k * 4), 0xc0 + k);
  }
  assert.is(new DataView(a.buffer).getUint32(0x14, true), 0xa1, 'window A holds its writes');
  assert.is(new DataView(b.buffer).getUint32(0x18, true), 0xb2, 'window B holds its writes');
  assert.is(readFileSync(file).readUInt32LE(0x1018), 0xc2, 'the hole went to the fd');
  assert.is(readFileSync(file).readUInt32LE(0x18), 0, 'window A never went to the fd');
  assert.throws(() => io.read32(0x3ffe), /not 4-byte aligned|outside/);
  closeSync(fd);
});

test.run();
