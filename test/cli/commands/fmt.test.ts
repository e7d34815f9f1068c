// `regmill fmt` on real files in a temporary folder: --check exit codes and listing, in-place
// rewrite (atomic, only when changed, mode and symlinks kept), --stdout, syntax errors, bad usage.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fmtCommand } from '../../../cli/commands/fmt.js';

const messy = 'device d{bar 0 regs mmio size 4K{register ctrl@0X10:32 rw;   // the control\n}}\n';
const tidy = 'device d {\n  bar 0 regs mmio size 4K {\n    register ctrl @ 0x10 : 32 rw; // the control\n  }\n}\n';
const broken = 'device d {\n  bar 0 regs mmio size 4K { register ctrl @ 0 : 32 rw }\n}\n';

async function fmt(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await fmtCommand.run(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd });
  return { code, stdout, stderr };
}

function folder(files: Record<string, string>): { dir: string; read: (name: string) => string; done: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-fmt-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, read: (name) => readFileSync(path.join(dir, name), 'utf8'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('the tidy text is what the formatter prints for the messy one', async () => {
  const f = folder({ 'a.regs': messy });
  try {
    const r = await fmt(['--stdout', 'a.regs'], f.dir);
    assert.is(r.code, 0);
    assert.fixture(r.stdout, tidy);
    assert.is(f.read('a.regs'), messy, '--stdout writes nothing');
  } finally {
    f.done();
  }
});

test('--check: exit 1 listing only the files that would change; nothing written', async () => {
  const f = folder({ 'a.regs': messy, 'b.regs': tidy });
  try {
    const r = await fmt(['--check', 'a.regs', 'b.regs'], f.dir);
    assert.is(r.code, 1);
    assert.is(r.stdout, 'a.regs\n');
    assert.match(r.stderr, /1 file not formatted/);
    assert.is(f.read('a.regs'), messy);
    assert.is(f.read('b.regs'), tidy);
    const ok = await fmt(['--check', 'b.regs'], f.dir);
    assert.is(ok.code, 0);
    assert.is(ok.stdout, '');
  } finally {
    f.done();
  }
});

test('rewrite in place: changed files replaced (mode kept, no temporary left), tidy files untouched, then --check passes', async () => {
  const f = folder({ 'a.regs': messy, 'b.regs': tidy });
  try {
    chmodSync(path.join(f.dir, 'a.regs'), 0o640);
    const before = statSync(path.join(f.dir, 'b.regs')).mtimeMs;
    const inodeA = statSync(path.join(f.dir, 'a.regs')).ino;
    const r = await fmt(['a.regs', 'b.regs'], f.dir);
    assert.is(r.code, 0);
    assert.match(r.stderr, /1 file reformatted, 1 already formatted/);
    assert.is(f.read('a.regs'), tidy);
    assert.is(statSync(path.join(f.dir, 'a.regs')).mode & 0o777, 0o640);
    assert.is.not(statSync(path.join(f.dir, 'a.regs')).ino, inodeA, 'replaced by rename, not rewritten in place');
    assert.is(statSync(path.join(f.dir, 'b.regs')).mtimeMs, before, 'an already formatted file is not written');
    assert.equal(readdirSync(f.dir).sort(), ['a.regs', 'b.regs']);
    assert.is((await fmt(['--check', 'a.regs', 'b.regs'], f.dir)).code, 0);
  } finally {
    f.done();
  }
});

test('a symlinked spec: the target is rewritten and the link stays a link', async () => {
  const f = folder({ 'real.regs': messy });
  try {
    symlinkSync('real.regs', path.join(f.dir, 'link.regs'));
    const r = await fmt(['link.regs'], f.dir);
    assert.is(r.code, 0);
    assert.ok(lstatSync(path.join(f.dir, 'link.regs')).isSymbolicLink());
    assert.is(f.read('real.regs'), tidy);
  } finally {
    f.done();
  }
});

test('a spec with syntax errors: reported as file:line:col, left alone, the others still formatted; exit 1', async () => {
  const f = folder({ 'bad.regs': broken, 'a.regs': messy });
  try {
    const r = await fmt(['bad.regs', 'a.regs'], f.dir);
    assert.is(r.code, 1);
    assert.match(r.stderr, /^bad\.regs:2:\d+: error: expected ';' after register declaration/m);
    assert.match(r.stderr, /bad\.regs has syntax errors; not formatted/);
    assert.is(f.read('bad.regs'), broken);
    assert.is(f.read('a.regs'), tidy);
    const check = await fmt(['--check', 'bad.regs'], f.dir);
    assert.is(check.code, 1);
    assert.is(check.stdout, '');
  } finally {
    f.done();
  }
});

test('a missing file: errno, syscall and path; exit 1', async () => {
  const f = folder({});
  try {
    const r = await fmt(['nope.regs'], f.dir);
    assert.is(r.code, 1);
    assert.match(r.stderr, /cannot read nope\.regs: ENOENT \(open nope\.regs\)/);
  } finally {
    f.done();
  }
});

test('bad usage exits 2 with the usage; --help exits 0', async () => {
  const cwd = tmpdir();
  for (const argv of [[], ['--check', '--stdout', 'a.regs'], ['--frobnicate', 'a.regs']]) {
    const r = await fmt(argv, cwd);
    assert.is(r.code, 2, argv.join(' '));
    assert.match(r.stderr, /^regmill fmt: error: .*\n\nUsage: regmill fmt/);
  }
  const help = await fmt(['--help'], cwd);
  assert.is(help.code, 0);
  assert.match(help.stdout, /--check/);
});

test('a directory, a FIFO or a binary file: one clear error each, never a hang; a BOM is dropped', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-fmt-bad-'));
  const fifo = path.join(dir, 'pipe.regs');
  assert.is(spawnSync('mkfifo', [fifo]).status, 0);
  writeFileSync(path.join(dir, 'blob.regs'), Buffer.from([0x61, 0x00, 0x62]));
  writeFileSync(path.join(dir, 'bom.regs'), '\uFEFFdevice d { }\n');
  assert.match((await fmt(['--check', dir], dir)).stderr, /cannot read .*: it is a directory, not a \.regs file/);
  assert.match((await fmt(['--check', fifo], dir)).stderr, /cannot read .*pipe\.regs: it is a FIFO \(named pipe\), not a \.regs file/);
  const blob = await fmt(['--check', 'blob.regs'], dir);
  assert.is(blob.code, 1);
  assert.match(blob.stderr, /blob\.regs is not a text file \(a NUL byte at character 2\); left as it was/);
  const bom = await fmt(['--stdout', 'bom.regs'], dir);
  assert.is(bom.code, 0, bom.stderr);
  assert.not.match(bom.stdout, /\uFEFF/);
  assert.match(bom.stdout, /^device d/);
  rmSync(dir, { recursive: true, force: true });
});

test.run();
