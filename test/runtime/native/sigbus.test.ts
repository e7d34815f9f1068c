import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../fixtures.js';
import { openDevice } from '../../../runtime/open-device.js';
import { liveCount } from '../../../runtime/ffi/resources.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const script = path.join(root, 'scripts/build-native.mjs');
const child = path.join(root, 'test/runtime/native/sigbus-child.ts');

const built = spawnSync(process.execPath, [script, '--quiet'], { cwd: root, encoding: 'utf8' });

function runChild(env: Record<string, string> = {}) {
  const dir = tempDir();
  const file = path.join(dir, 'bar0');
  writeFileSync(file, Buffer.alloc(8192));
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, file], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  return r;
}

test('build-native: compiles every runtime/native/*.c into dist/native', () => {
  assert.is(built.status, 0, built.stderr);
});

test('a file behind a BAR truncated after openDevice: the access reads all ones, the process survives and reports', () => {
  const r = runChild();
  assert.is(r.signal, null, r.stderr);
  assert.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.before, 0x12345678);
  assert.is(out.first, 0);
  assert.is(out.faulted, 0xffffffff); // what PCIe returns for a missing device
  assert.is(out.removed.cause, 'sigbus');
  assert.match(out.removed.reason, /an access at 0x1004 in BAR 0 \(.*bar0\) raised SIGBUS/);
  assert.equal(out.removals, [out.removed]);
  assert.match(out.after, /^ENODEV: read32: BAR 0 \(.*bar0\): file backend \(BAR 0 = .*\) was removed \(an access at 0x1004/);
  assert.match(out.barError, /bar\(0\): file backend .* was removed .*open it again once it is back/);
  assert.is(out.guard.active, true);
  assert.ok(out.guard.faults >= 1);
});

test('without the addon (REGMILL_NO_NATIVE=1) the same access ends the process with SIGBUS, as documented', () => {
  const r = runChild({ REGMILL_NO_NATIVE: '1' });
  assert.is(r.signal, 'SIGBUS');
});

test('build-native: no C compiler is a clear error naming the fix; --optional makes it a warning', () => {
  const out = path.join(tempDir(), 'native');
  const env = { ...process.env, CC: '/nonexistent/cc' };
  const strict = spawnSync(process.execPath, [script, '--out', out], { encoding: 'utf8', env });
  assert.is(strict.status, 1);
  assert.match(strict.stderr, /build-native: no C compiler: `\/nonexistent\/cc --version` failed \(ENOENT\), so runtime\/native\/fdwatch\.c, runtime\/native\/sigbus\.c were not built/);
  assert.match(strict.stderr, /apt-get install gcc/);
  assert.match(strict.stderr, /npm run build:native/);
  assert.match(strict.stderr, /SIGBUS instead of reading 0xFFFFFFFF/);
  const optional = spawnSync(process.execPath, [script, '--optional', '--out', out], { encoding: 'utf8', env });
  assert.is(optional.status, 0);
  assert.match(optional.stderr, /no C compiler/);
});

test('markRemoved(): memory reads all ones, later calls fail with ENODEV naming the reason, listeners run once', async () => {
  const file = path.join(tempDir(), 'bar');
  writeFileSync(file, Buffer.alloc(4096, 0x11));
  const before = liveCount();
  const dev = openDevice({ file }, { bars: { 0: 4096 } });
  // The mapping's own zero-copy bytes (what a wasm window or a payload view holds on to).
  const mapping = (dev as unknown as { parts: { mappings: Map<number, { bytes: Uint8Array }> } }).parts.mappings.get(0)!;
  const bytes = new Uint32Array(mapping.bytes.buffer, mapping.bytes.byteOffset, 1024);
  const regs = dev.bar(0);
  const seen: string[] = [];
  dev.onRemoved((r) => seen.push(`${r.cause}: ${r.reason}`));
  dev.markRemoved('unplugged by the test');
  dev.markRemoved('again'); // idempotent
  assert.is(bytes[0], 0xffffffff); // the old zero-copy view now reads all ones
  assert.throws(() => regs.read32(0), (e: Error & { code?: string }) => e.code === 'ENODEV' && /unplugged by the test/.test(e.message));
  assert.throws(() => dev.bar(0), /was removed \(unplugged by the test\)/);
  assert.throws(() => dev.dma.alloc(64), /dma\.alloc: .* was removed/);
  await dev.irq.wait().then(() => assert.unreachable(), (e: Error) => assert.match(e.message, /no interrupts/));
  await Promise.resolve();
  assert.equal(seen, ['notice: unplugged by the test']);
  const late: string[] = [];
  dev.onRemoved((r) => late.push(r.cause));
  await Promise.resolve();
  assert.equal(late, ['notice']);
  assert.is(liveCount(), before);
  dev.close();
  assert.ok(dev.closed);
  assert.throws(() => dev.close(), /already closed/);
});

test.run();
