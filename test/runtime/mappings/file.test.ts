import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runUnprivileged } from '../unprivileged.js';
import { spawnSync } from 'node:child_process';
import { chmodSync, openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { mapFile, mapFileFd } from '../../../runtime/mappings/file.js';
import * as libc from '../../../runtime/ffi/libc.js';
import { MFD_CLOEXEC } from '../../../runtime/ffi/constants.js';
import { SysError } from '../../../runtime/ffi/sys-error.js';
import { tempDir, patternFile } from '../fixtures.js';

const dir = tempDir();

function preadU32(file: string, offset: number): number {
  const fd = openSync(file, 'r');
  const b = Buffer.alloc(4);
  readSync(fd, b, 0, 4, offset);
  closeSync(fd);
  return b.readUInt32LE(0);
}

test('reads every width from the file contents', () => {
  const file = patternFile(dir, 'bar0', 4096);
  const m = mapFile(file, { bar: 0, size: 4096 });
  const byte = (i: number) => (i * 7 + 3) & 0xff;
  assert.is(m.mmio.read8(5), byte(5));
  assert.is(m.mmio.read16(6), byte(6) | (byte(7) << 8));
  assert.is(m.mmio.read32(8), (byte(8) | (byte(9) << 8) | (byte(10) << 16) | (byte(11) << 24)) >>> 0);
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(byte(16 + i));
  assert.is(m.mmio.read64(16), v);
  m.close();
});

test('writes of every width reach the file (pread from another fd) and a child process', () => {
  const file = patternFile(dir, 'bar-w', 8192);
  const m = mapFile(file, { bar: 0, size: 8192 });
  m.mmio.write8(0x10, 0xab);
  m.mmio.write16(0x12, 0xcdef);
  m.mmio.write32(0x14, 0xdeadbeef);
  m.mmio.write64(0x18, 0x0123456789abcdefn);
  m.mmio.write32(0x1ffc, 0x11223344);
  m.mmio.fence();
  assert.is(preadU32(file, 0x10) & 0xff, 0xab);
  assert.is(preadU32(file, 0x12) & 0xffff, 0xcdef);
  assert.is(preadU32(file, 0x14), 0xdeadbeef);
  assert.is(preadU32(file, 0x18), 0x89abcdef);
  assert.is(preadU32(file, 0x1c), 0x01234567);
  const child = spawnSync(process.execPath, ['-e', `const b=require('fs').readFileSync(${JSON.stringify(file)});process.stdout.write(b.readUInt32LE(0x1ffc).toString(16))`], { encoding: 'utf8' });
  assert.is(child.stdout, '11223344');
  m.close();
});

test('memfd mapping is shared with a child process through /proc/<pid>/fd', () => {
  const fd = libc.memfdCreate('regmill-test-bar', MFD_CLOEXEC);
  libc.ftruncate(fd, 4096);
  const m = mapFileFd(fd, 'memfd bar', { bar: 1, size: 4096 }, true);
  m.mmio.write32(0x40, 0xfeedf00d);
  const child = spawnSync(
    process.execPath,
    ['-e', `const fs=require('fs');const f=fs.openSync('/proc/${process.pid}/fd/${fd}','r+');const b=Buffer.alloc(4);fs.readSync(f,b,0,4,0x40);process.stdout.write(b.readUInt32LE(0).toString(16));b.writeUInt32LE(0x600dcafe);fs.writeSync(f,b,0,4,0x44)`],
    { encoding: 'utf8' },
  );
  assert.is(child.stdout, 'feedf00d', child.stderr);
  assert.is(m.mmio.read32(0x44), 0x600dcafe); // and the child's write is visible to us
  m.close();
});

test('a mapping at an offset into the file', () => {
  const file = patternFile(dir, 'bar-off', 3 * 4096);
  const m = mapFile(file, { bar: 2, size: 4096, offset: 4096 });
  assert.is(m.mmio.read8(0), (4096 * 7 + 3) & 0xff);
  m.close();
});

test('bounds, alignment and use after close are clear errors', () => {
  const file = patternFile(dir, 'bar-b', 4096);
  const m = mapFile(file, { bar: 0, size: 4096 });
  assert.throws(() => m.mmio.read32(4096), /read32 at 0x1000: outside BAR 0 .*4096 bytes/);
  assert.throws(() => m.mmio.write64(4092, 0n), /outside BAR 0/);
  assert.throws(() => m.mmio.read32(-4), /outside/);
  assert.throws(() => m.mmio.read32(2), /not 4-byte aligned/);
  assert.throws(() => m.mmio.read16(Number.NaN), /outside/);
  m.close();
  assert.ok(m.closed);
  assert.throws(() => m.mmio.read32(0), /is closed/);
  assert.throws(() => m.close(), /already closed/);
  // The stale bytes view no longer aliases the file and does not crash.
  assert.is(m.bytes[0], 0);
});

test('a file shorter than the declared BAR names both sizes', () => {
  const file = patternFile(dir, 'short', 4096);
  assert.throws(() => mapFile(file, { bar: 0, size: 8192 }), /BAR 0: the spec declares 8192 bytes \(0x2000\) but .*short has 4096 bytes \(0x1000\)/);
});

test('missing file: ENOENT with the path', () => {
  const p = path.join(dir, 'nope');
  try {
    mapFile(p, { bar: 0, size: 4096 });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, SysError);
    assert.is((e as SysError).code, 'ENOENT');
    assert.is((e as SysError).message, `open ${p}: ENOENT (No such file or directory)`);
  }
});

test('a directory is refused', () => {
  assert.throws(() => mapFile('/proc/self', { bar: 0, size: 4096 }), /EISDIR|not a regular file/);
});

test('permission denied for a non-root user: EACCES with the path and a hint', () => {
  const file = patternFile(dir, 'locked', 4096);
  chmodSync(file, 0o000);
  chmodSync(dir, 0o755);
  // A non-root child (uid 65534) loads the runtime and tries to map the file.
  const r = runUnprivileged(
    `import { mapFile } from ${JSON.stringify(path.resolve('runtime/mappings/file.ts'))};`,
    `try { mapFile(${JSON.stringify(file)}, { bar: 0, size: 4096 }); console.log('mapped'); }
    catch (e) { console.log(e.code + '|' + e.message); }`,
  );
  assert.match(r.stdout, `EACCES|open ${file}: EACCES (Permission denied) — run as root`, r.stderr);
});

test.run();
