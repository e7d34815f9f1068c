// readNow, the non-blocking read a wait makes before watching: the bytes when there are some, 0 when
// the fd is empty (EAGAIN), a SysError naming read, the errno and the label otherwise — the same
// through the fdwatch addon and through fs.readSync (the fallback without it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { writeSync } from 'node:fs';
import * as libc from '../../../runtime/ffi/libc.js';
import { EFD_CLOEXEC, EFD_NONBLOCK } from '../../../runtime/ffi/constants.js';
import { readNow } from '../../../runtime/irq/read-now.js';
import { fdWatchAddon } from '../../../runtime/irq/fd-reader.js';

test('an eventfd: 0 when empty, the counter once signalled, EBADF on a closed fd', () => {
  const fd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  const buf = Buffer.alloc(8);
  assert.is(readNow(fd, buf, 8, 'test eventfd'), 0);
  const one = Buffer.alloc(8);
  one.writeBigUInt64LE(3n);
  writeSync(fd, one);
  assert.is(readNow(fd, buf, 8, 'test eventfd'), 8);
  assert.is(buf.readBigUInt64LE(0), 3n);
  assert.is(readNow(fd, buf, 8, 'test eventfd'), 0, 'read resets the counter');
  libc.close(fd, 'test eventfd');
  assert.throws(() => readNow(fd, buf, 8, 'test eventfd'), (e: Error & { code?: string }) => e.code === 'EBADF' && /^read test eventfd: EBADF/.test(e.message));
});

test('the same without the addon (REGMILL_NO_NATIVE=1, in a child)', () => {
  if (fdWatchAddon().watch?.readNow === undefined) return; // then the test above ran the fallback already
  // In the child the addon is off, so this test returns at once and the first one runs the fallback.
  const r = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname], { env: { ...process.env, REGMILL_NO_NATIVE: '1' }, encoding: 'utf8' });
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Passed:\s+2/);
});

test.run();
