import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, constants, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { FdReader } from '../../../runtime/irq/fd-reader.js';
import * as libc from '../../../runtime/ffi/libc.js';
import { EFD_CLOEXEC, EFD_NONBLOCK, O_NONBLOCK, O_RDWR } from '../../../runtime/ffi/constants.js';
import { tempDir } from '../fixtures.js';

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

function reader(fd: number, size: number) {
  const records: number[][] = [];
  const errors: string[] = [];
  const r = new FdReader({ fd, size, label: `fd ${fd}`, onRecord: (b, n) => void records.push([...b.subarray(0, n)]), onError: (e) => void errors.push(e.message) });
  return { r, records, errors };
}

test('reads exactly `size` bytes per read, only between start() and stop()', async () => {
  const fifo = path.join(tempDir(), 'f');
  execFileSync('mkfifo', [fifo]);
  const fd = libc.open(fifo, O_RDWR | O_NONBLOCK);
  const { r, records, errors } = reader(fd, 4);
  writeSync(fd, Buffer.from([1, 0, 0, 0, 2, 0, 0, 0]));
  await tick();
  assert.equal(records, [], 'nothing is read before start()');
  r.start();
  assert.ok(r.active);
  await tick();
  assert.equal(records, [[1, 0, 0, 0], [2, 0, 0, 0]]);
  r.stop();
  writeSync(fd, Buffer.from([3, 0, 0, 0]));
  await tick();
  assert.is(records.length, 2, 'a stopped reader leaves the data in the kernel');
  const b = Buffer.alloc(4);
  assert.is(readSync(fd, b, 0, 4, null), 4);
  assert.is(b[0], 3);
  assert.equal(errors, []);
  r.close();
  assert.throws(() => fstatSync(fd), /EBADF/, 'close() closes the fd');
});

test('an eventfd is read as its 8-byte counter', async () => {
  const efd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  const { r, records } = reader(efd, 8);
  r.start();
  const one = Buffer.alloc(8);
  one.writeBigUInt64LE(7n);
  writeSync(efd, one);
  await tick();
  assert.equal(records, [[7, 0, 0, 0, 0, 0, 0, 0]]);
  r.close();
  r.close(); // idempotent
});

test('callbacks that return a value do not crash the process (Node reads a returned value as the next buffer)', async () => {
  const efd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  const got: number[] = [];
  let drained = 0;
  const r = new FdReader({
    fd: efd,
    size: 8,
    label: 'returning callbacks',
    onRecord: (b) => got.push(b[0]!) as unknown as void,
    onError: () => {},
    onDrained: () => drained++ as unknown as void,
  });
  r.start();
  const one = Buffer.alloc(8);
  for (const n of [5n, 6n]) {
    one.writeBigUInt64LE(n);
    writeSync(efd, one);
    await tick();
  }
  assert.equal(got, [5, 6]);
  assert.ok(drained >= 2);
  r.close();
});

test('EOF and bad fds are clear errors, not crashes', async () => {
  const fifo = path.join(tempDir(), 'eof');
  execFileSync('mkfifo', [fifo]);
  const rd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const wr = openSync(fifo, 'w');
  const { r, records, errors } = reader(rd, 4);
  r.start();
  writeSync(wr, Buffer.from([5, 0, 0, 0]));
  closeSync(wr); // the last writer goes: the next read returns 0 bytes
  await tick();
  assert.equal(records, [[5, 0, 0, 0]]);
  assert.equal(errors, [`read fd ${rd}: end of file (not an eventfd or UIO device?)`]);
  assert.not.ok(r.active, 'reading stopped');
  r.close();
  const closed = openSync('/dev/null', 'r');
  closeSync(closed);
  assert.throws(() => reader(closed, 4), /fcntl fd \d+: EBADF \(Bad file descriptor\)/);
});

test.run();
