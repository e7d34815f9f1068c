// `regmill build`'s progress line: on stderr only, per spec and step, shown after a second (or at once
// for a slow step), in place on a TTY and erased, one line per step with --progress always.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Progress } from '../../../cli/progress.js';
import { runCli } from '../harness.js';

function fake(mode: 'auto' | 'always' | 'never', isTTY: boolean) {
  let t = 0;
  let text = '';
  const p = new Progress({ mode, isTTY, write: (s) => void (text += s), now: () => t });
  return { p, tick: (ms: number) => void (t += ms), text: () => text };
}

test('nothing before a second unless the step is slow; then the step with the elapsed time', () => {
  const f = fake('always', false);
  f.p.step('a.regs: parse and check');
  f.tick(400);
  f.p.step('a.regs: ts');
  assert.is(f.text(), '');
  f.p.step('a.regs: wasm: a: asc + binaryen', true);
  f.tick(1200);
  f.p.step('a.regs: c');
  f.p.clear();
  assert.is(f.text(), 'regmill build: a.regs: wasm: a: asc + binaryen (0.4 s)\nregmill build: a.regs: c (1.6 s)\n');
});

test('auto: in place on a TTY and erased; silent when stderr is not a TTY; never: silent', () => {
  const tty = fake('auto', true);
  tty.tick(1500);
  tty.p.step('x: ts');
  tty.p.step('x: c');
  tty.p.clear();
  tty.p.clear();
  assert.is(tty.text(), '\r\x1b[Kregmill build: x: ts (1.5 s)\r\x1b[Kregmill build: x: c (1.5 s)\r\x1b[K');
  for (const [mode, isTTY] of [['auto', false], ['never', true], ['never', false]] as const) {
    const f = fake(mode, isTTY);
    f.tick(5000);
    f.p.step('x: wasm', true);
    f.p.clear();
    assert.is(f.text(), '', `${mode} ${isTTY}`);
  }
});

test('the CLI: --progress always names the wasm step on stderr, stdout unchanged; bad value is a usage error', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'regmill-progress-'));
  try {
    const r = await runCli(['build', 'specs/ivshmem.regs', '-o', out, '--emit', 'ts,wasm', '--progress', 'always']);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /^regmill build: specs\/ivshmem\.regs: wasm: ivshmem: asc \+ binaryen, \d+ routines \(\d+\.\d s\)$/m);
    assert.not.match(r.stdout, /asc/);
    const quiet = await runCli(['build', 'specs/ivshmem.regs', '-o', out, '--emit', 'ts,wasm']);
    assert.is(quiet.stderr, '', 'auto on a non-TTY stderr prints nothing');
    const tty = await runCli(['build', 'specs/ivshmem.regs', '-o', out, '--emit', 'ts,wasm'], process.cwd(), { stderrIsTTY: true });
    assert.match(tty.stderr, /^\r\x1b\[Kregmill build: .*wasm.*\r\x1b\[K$/s, 'in place, erased at the end');
    const bad = await runCli(['build', 'specs/ivshmem.regs', '-o', out, '--progress', 'sometimes']);
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /unknown --progress 'sometimes' \(expected auto, always, never\)/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
