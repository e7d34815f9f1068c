import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as libc from '../../../runtime/ffi/libc.js';
import { EFD_NONBLOCK, MAP_SHARED, MFD_CLOEXEC, O_RDONLY, O_RDWR, POLLIN, PROT_READ, PROT_WRITE } from '../../../runtime/ffi/constants.js';
import { SysError, errnoName } from '../../../runtime/ffi/sys-error.js';
import { assertZeroCopy } from '../../../runtime/ffi/zero-copy.js';
import { tempDir, patternFile } from '../fixtures.js';

function sysError(f: () => unknown): SysError {
  try {
    f();
  } catch (e) {
    assert.instance(e, SysError);
    return e as SysError;
  }
  throw new Error('expected a SysError');
}

test('errno names and the message shape', () => {
  assert.is(errnoName(2), 'ENOENT');
  assert.is(errnoName(13), 'EACCES');
  assert.is(errnoName(99999), 'E?99999');
  const e = new SysError({ syscall: 'open', errno: 13, path: '/dev/uio0', hint: 'run as root' });
  assert.is(e.message, 'open /dev/uio0: EACCES (Permission denied) — run as root');
  assert.equal([e.code, e.errno, e.syscall, e.path], ['EACCES', 13, 'open', '/dev/uio0']);
});

test('open/close/read/write/pread/pwrite/ftruncate on a real file', () => {
  const f = patternFile(tempDir(), 'f', 64);
  const fd = libc.open(f, O_RDWR);
  const b = Buffer.alloc(4);
  assert.is(libc.pread(fd, b, 8), 4);
  assert.equal([...b], [59, 66, 73, 80]);
  assert.is(libc.pwrite(fd, Buffer.from([1, 2, 3, 4]), 0), 4);
  assert.is(libc.read(fd, b), 4); // the file position is still 0
  assert.equal([...b], [1, 2, 3, 4]);
  assert.is(libc.write(fd, Buffer.from([9])), 1);
  libc.ftruncate(fd, 16);
  libc.close(fd);
  const back = readFileSync(f);
  assert.equal([back.length, back[4]], [16, 9]);
  assert.is(sysError(() => libc.close(fd, 'closed fd')).message, 'close closed fd: EBADF (Bad file descriptor)');
  assert.is(sysError(() => libc.open('/proc/self/nonexistent', O_RDONLY)).code, 'ENOENT');
  // A read-only sysctl refuses writers, root included.
  const denied = sysError(() => libc.open('/proc/sys/kernel/version', O_RDWR));
  assert.match(denied.message, /^open \/proc\/sys\/kernel\/version: EACCES \(Permission denied\) — run as root, or grant/);
});

test('mmap returns an address, viewOf aliases it without copying, munmap releases it', () => {
  assertZeroCopy();
  const fd = libc.memfdCreate('libc-test', MFD_CLOEXEC);
  libc.ftruncate(fd, 8192);
  const addr = libc.mmap(8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0, 'memfd libc-test');
  const view = libc.viewOf(addr, 8192);
  assert.is(libc.addressOf(view), addr);
  assert.is(libc.addressOf(view.subarray(100)), addr + 100n);
  view[4100] = 0x77;
  const b = Buffer.alloc(1);
  libc.pread(fd, b, 4100);
  assert.is(b[0], 0x77);
  libc.munmap(addr, 8192);
  assert.match(sysError(() => libc.mmap(4096, PROT_READ, MAP_SHARED, 12345, 0, 'fd 12345')).message, /^mmap fd 12345: EBADF/);
  libc.close(fd);
  assert.is(libc.pageSize(), 4096);
});

test('ioctl pointer and integer forms report ENOTTY on a non-device; eventfd and poll work', async () => {
  const m = libc.memfdCreate('ioctl-test', MFD_CLOEXEC);
  assert.is(sysError(() => libc.ioctlInt(m, 0x3b64, 0, 'memfd VFIO_GET_API_VERSION')).message, 'ioctl memfd VFIO_GET_API_VERSION: ENOTTY (Inappropriate ioctl for device)');
  assert.is(sysError(() => libc.ioctl(m, 0x3b67, Buffer.alloc(8), 'memfd', 'hint text')).hint, 'hint text');
  libc.close(m);
  const e = libc.eventfd(0, EFD_NONBLOCK);
  const fds = libc.encodePollFds([{ fd: e, events: POLLIN }]);
  assert.is(libc.poll(fds, 0), 0);
  const one = Buffer.alloc(8);
  one.writeBigUInt64LE(3n);
  libc.write(e, one);
  assert.is(libc.poll(fds, 0), 1);
  assert.is(libc.revents(fds, 0) & POLLIN, POLLIN);
  const asyncFds = libc.encodePollFds([{ fd: e, events: POLLIN }]);
  assert.is(await libc.pollAsync(asyncFds, 1000), 1);
  const got = Buffer.alloc(8);
  libc.read(e, got);
  assert.is(got.readBigUInt64LE(0), 3n);
  assert.is(sysError(() => libc.read(e, got, 'eventfd')).code, 'EAGAIN');
  libc.close(e);
});

test('mlock/munlock a mapping', () => {
  const fd = libc.memfdCreate('lock', MFD_CLOEXEC);
  libc.ftruncate(fd, 4096);
  const addr = libc.mmap(4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  libc.mlock(addr, 4096);
  libc.munlock(addr, 4096);
  libc.munmap(addr, 4096);
  libc.close(fd);
});

test.run();
