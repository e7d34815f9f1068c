// A C program (safe-writes.c) drives the generated modify/ack/clear/read/write accessors of
// specs/safe.regs over a plain array and checks the values of docs/language.md "Safe writes".
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cBackend } from '../../../../compiler/backends/c/index.js';
import { irOf, options, root, tempDir } from './emit.js';

const spec = 'test/compiler/backends/c/specs/safe.regs';

test('generated accessors give the worked example values (gcc, run)', async () => {
  const dir = tempDir('c-safe');
  try {
    for (const f of await cBackend.emit(await irOf(spec), options(spec))) writeFileSync(path.join(dir, f.path), f.contents);
    copyFileSync(path.join(root, 'test/compiler/backends/c/safe-writes.c'), path.join(dir, 'safe-writes.c'));
    const exe = path.join(dir, 'safe-writes');
    const cc = spawnSync('gcc', ['-std=c11', '-O2', '-Wall', '-Wextra', '-Werror', '-pedantic', '-I', dir, '-o', exe, path.join(dir, 'safe-writes.c')], { encoding: 'utf8' });
    assert.is(cc.status, 0, `gcc failed:\n${cc.stderr}`);
    const run = spawnSync(exe, [], { encoding: 'utf8' });
    const lines = run.stdout.trim().split('\n');
    assert.is(run.status, 0, `checks failed:\n${run.stdout}${run.stderr}`);
    assert.ok(lines.length >= 17, run.stdout);
    assert.ok(lines.every((l) => l.startsWith('ok ')), run.stdout);
    assert.ok(lines.includes('ok modify(en=1): 0x17 (want 0x17)'));
    assert.ok(lines.includes('ok ack(done): 0x1e (want 0x1e)'));
    assert.ok(lines.includes('ok clear(ovf): 0x6 (want 0x6)'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('accessors exist only where IrOps allows them', async () => {
  const [f] = await cBackend.emit(await irOf(spec), options(spec));
  const text = String(f!.contents);
  const fns = new Set([...text.matchAll(/^static inline \w+ (\w+)\(/gm)].map((m) => m[1]));
  // ctrl: everything; isr (w1c only): read, write, ack without a read; flags (w0c): clear.
  for (const name of ['safe_ctrl_read', 'safe_ctrl_write', 'safe_ctrl_modify', 'safe_ctrl_ack', 'safe_ctrl_clear', 'safe_isr_ack', 'safe_flags_clear']) assert.ok(fns.has(name), name);
  // rc: the read says what it does, and there is no modify (a read-modify-write would clear it).
  assert.ok(fns.has('safe_cause_read_clears'));
  assert.not.ok(fns.has('safe_cause_read'));
  assert.not.ok(fns.has('safe_cause_modify'));
  // ro 64-bit: read only, one uint64_t load.
  assert.ok(fns.has('safe_stamp_read'));
  assert.not.ok(fns.has('safe_stamp_write'));
  assert.match(text, /static inline uint64_t safe_stamp_read\(volatile uint8_t \*base\)\n\{\n {2}return \*\(volatile uint64_t \*\)\(base \+ SAFE_STAMP_OFFSET\);/);
  // Read-free ack: the isr ack body has no load.
  const isrAck = text.slice(text.indexOf('void safe_isr_ack('), text.indexOf('}', text.indexOf('void safe_isr_ack(')));
  assert.not.match(isrAck, /\*r\b/);
  assert.match(isrAck, /SAFE_ISR_ACK_BASE \| \(bits & SAFE_ISR_ACK_BITS\)/);
});

test.run();
