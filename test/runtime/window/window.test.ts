import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync } from 'node:fs';
import { SysError } from '../../../runtime/ffi/sys-error.js';
import { createDeviceWindow, mapInto, RESERVED_BYTES, WASM_PAGE } from '../../../runtime/window/index.js';
import { memfd, pread32, pwrite32 } from '../../fixtures/wasm/helpers.js';

test('a window is one fixed-size Memory that cannot grow', () => {
  const w = createDeviceWindow({ pages: 4 });
  assert.is(w.size, 4 * WASM_PAGE);
  assert.is(w.memory.buffer.byteLength, w.size);
  assert.throws(() => w.memory.grow(1), RangeError);
  assert.is(w.base % 65536n, 0n);
});

test('mapInto aliases a memfd both ways, at the offset chosen', () => {
  const w = createDeviceWindow({ pages: 4 });
  const fd = memfd('window-test', 8192);
  const at = w.place(8192);
  assert.is(at, RESERVED_BYTES);
  const m = mapInto(w, fd, at, 8192);
  const view = new Uint32Array(w.buffer, m.offset, 2048);
  view[5] = 0xcafef00d;
  assert.is(pread32(fd, 20), 0xcafef00d);
  pwrite32(fd, 8188, 0x12345678);
  assert.is(view[2047], 0x12345678);
  // The next placement goes after the first mapping.
  assert.is(w.place(4096), at + 8192);
  m.detach();
  assert.is(view[5], 0, 'after detach the range is fresh anonymous memory');
  assert.is(pread32(fd, 20), 0xcafef00d, 'and the fd keeps its contents');
  closeSync(fd);
});

test('a file offset and /proc/self/maps verification', () => {
  const w = createDeviceWindow({ pages: 4 });
  const fd = memfd('window-maps', 3 * 4096);
  pwrite32(fd, 8192, 77);
  const m = mapInto(w, fd, w.place(4096), 4096, { fileOffset: 8192, verify: 'maps' });
  assert.is(new Uint32Array(w.buffer, m.offset, 1)[0], 77);
  closeSync(fd);
});

test('a BAR larger than the window is an error naming the limit', () => {
  const w = createDeviceWindow({ pages: 3 });
  const fd = memfd('too-big', 1 << 20);
  assert.throws(() => mapInto(w, fd, RESERVED_BYTES, 1 << 20, { what: 'BAR 0' }), (e: Error) =>
    /BAR 0 is 1048576 bytes, larger than the window's limit of 131072 bytes \(3 pages/.test(e.message) && /at least 17 pages/.test(e.message),
  );
  closeSync(fd);
});

test('misplaced mappings are refused before mmap', () => {
  const w = createDeviceWindow({ pages: 4 });
  const fd = memfd('misplaced', 8192);
  assert.throws(() => mapInto(w, fd, RESERVED_BYTES + 100, 4096), /not a multiple of the 4096-byte page/);
  assert.throws(() => mapInto(w, fd, 0, 4096), /outside the usable window \[0x10000, 0x40000\)/);
  assert.throws(() => mapInto(w, fd, w.size - 4096, 8192), /outside the usable window/);
  assert.throws(() => mapInto(w, fd, RESERVED_BYTES, 4096, { fileOffset: 12 }), /file offset 12/);
  mapInto(w, fd, RESERVED_BYTES, 8192);
  assert.throws(() => mapInto(w, fd, RESERVED_BYTES + 4096, 4096), /overlaps the region at 0x10000/);
  closeSync(fd);
});

test('a bad fd is a SysError with errno name, syscall and what', () => {
  const w = createDeviceWindow({ pages: 4 });
  try {
    mapInto(w, 9999, RESERVED_BYTES, 4096, { what: 'BAR 0 of test', verify: 'maps' });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, SysError);
    assert.is((e as SysError).code, 'EBADF');
    assert.match((e as Error).message, /^mmap BAR 0 of test: EBADF/);
  }
  assert.is(w.regions.length, 0);
});

test('reserveScratch keeps staging memory out of place()', () => {
  const w = createDeviceWindow({ pages: 4 });
  const s = w.reserveScratch(5000);
  assert.is(s.offset, RESERVED_BYTES);
  assert.is(w.place(4096), RESERVED_BYTES + 8192);
  assert.throws(() => w.place(4 * WASM_PAGE), /no room for 262144 bytes/);
});

test('close detaches every mapping; the window then refuses new ones', () => {
  const w = createDeviceWindow({ pages: 4 });
  const fd = memfd('window-close', 8192);
  const a = mapInto(w, fd, w.place(4096), 4096);
  const b = mapInto(w, fd, w.place(4096), 4096, { fileOffset: 4096 });
  w.reserveScratch(4096);
  new Uint32Array(w.buffer, b.offset, 1)[0] = 99;
  w.close();
  assert.ok(w.closed);
  assert.not.ok(a.isAttached || b.isAttached);
  assert.is(w.regions.length, 0);
  assert.is(new Uint32Array(w.buffer, b.offset, 1)[0], 0, 'the fd is no longer reachable through the window');
  assert.is(pread32(fd, 4096), 99);
  assert.throws(() => mapInto(w, fd, RESERVED_BYTES, 4096), /cannot map .*: the window is closed/);
  assert.throws(() => w.close(), /already closed/);
  closeSync(fd);
});

test('window size limits', () => {
  assert.throws(() => createDeviceWindow({ pages: 1 }), /pages must be an integer in \[2, 65536\]/);
  assert.throws(() => createDeviceWindow({ pages: 1.5 }), /pages must be an integer/);
});

test.run();
