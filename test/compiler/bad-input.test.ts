// Bad input tried as a new user would (issue 14 item 8): each gets one clear, located diagnostic or
// CLI error. The .regs reproducers live in test/fixtures/bad-input/.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { compile } from '../../compiler/compile.js';
import { runCli } from '../cli/harness.js';
import { runUnprivileged } from '../runtime/unprivileged.js';

const fixtures = path.resolve('test/fixtures/bad-input');
const fixture = (name: string): string => path.join(fixtures, name);
const tmp = mkdtempSync(path.join(tmpdir(), 'regmill-bad-input-'));
chmodSync(tmp, 0o755);

test('an empty spec: warning RM0223 at 1:1 and no output; build writes nothing', async () => {
  const file = path.join(tmp, 'empty.regs');
  writeFileSync(file, '');
  const r = await compile({ path: file }, { emit: ['ts', 'ir', 'c'] });
  assert.ok(r.ok);
  assert.equal(r.diagnostics.map((d) => [d.severity, d.code]), [['warning', 'RM0223']]);
  assert.match(r.format(), /empty\.regs:1:1: warning: no device in '.*empty\.regs': nothing to generate/);
  assert.equal(r.files, []);
  const out = path.join(tmp, 'out-empty');
  const cli = await runCli(['build', file, '-o', out, '--emit', 'ir']);
  assert.is(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /wrote 0 files/);
  assert.not.ok(existsSync(path.join(out, 'empty')), 'no folder for it either');
  // A library of constants is the same: useful to import, nothing of its own to generate.
  const lib = await compile({ text: 'const A = 1;\nenum e { a = 0 }\n', file: 'lib.regs' });
  assert.equal(lib.diagnostics.map((d) => d.code), ['RM0223']);
});

test('a directory as the input: RM0206, "it is a directory"', async () => {
  const r = await compile({ path: tmp });
  assert.equal(r.diagnostics.map((d) => d.code), ['RM0206']);
  assert.match(r.diagnostics[0]!.message, /cannot read '.*': it is a directory, not a \.regs file/);
});

test('a binary file: RM0208 "not a text file", located at the first NUL, not RM0120', async () => {
  const file = path.join(tmp, 'blob.regs');
  writeFileSync(file, Buffer.from([0x64, 0x65, 0x76, 0x00, 0xff, 0x01, 0x02]));
  const r = await compile({ path: file });
  assert.equal(r.diagnostics.map((d) => d.code), ['RM0208']);
  assert.match(r.format(), /blob\.regs:1:4: error: '.*blob\.regs' is not a text file \(a NUL byte at character 4\); a spec is UTF-8 text \[RM0208\]/);
  const noise = path.join(tmp, 'noise.bin');
  writeFileSync(noise, randomBytes(1 << 16));
  const bin = await compile({ path: noise });
  assert.equal(bin.diagnostics.map((d) => d.code), ['RM0208']);
  const invalid = await compile({ text: 'device d { }\n\uFFFD', file: 'x.regs' });
  assert.match(invalid.format(), /x\.regs:2:1: error: 'x\.regs' is not a text file \(invalid UTF-8 at character 14\)/);
});

test('-o under /proc fails at once with one errno (Node 20 recursive mkdir spins there)', async () => {
  const t0 = performance.now();
  const script = `import { main } from '${path.resolve('cli/main.ts')}'; process.exitCode = await main(['build', 'specs/edu.regs', '-o', '/proc/regmill-x/y', '--emit', 'ir']);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20000 });
  assert.is(r.signal, null, 'did not hang');
  assert.is(r.status, 1);
  assert.is(r.stderr, "regmill build: error: cannot write /proc/regmill-x/y: ENOENT: no such file or directory (mkdir /proc/regmill-x); nothing written\n");
  assert.ok(performance.now() - t0 < 20000);
  // An output path through a file.
  const cli = await runCli(['build', 'specs/edu.regs', '-o', `${fixture('bom.regs')}/out`, '--emit', 'ir']);
  assert.is(cli.code, 1);
  assert.match(cli.stderr, /cannot write .*bom\.regs\/out: ENOTDIR: not a directory \(stat .*\); nothing written/);
});

test('EACCES is printed once, with the syscall and path (read as nobody, write as nobody)', () => {
  const secret = path.join(tmp, 'secret.regs');
  writeFileSync(secret, 'device d { }\n');
  chmodSync(secret, 0o600);
  const locked = path.join(tmp, 'locked');
  mkdirSync(locked, { mode: 0o755 });
  // A copy of edu.regs the unprivileged child can read wherever the project lives (CI clones into a 0700 folder).
  const spec = path.join(tmp, 'edu.regs');
  writeFileSync(spec, readFileSync('specs/edu.regs'));
  const r = runUnprivileged(
    // The build imports its back ends lazily: load the IR one before the drop too (the project may be in a 0700 clone).
    `import { compile } from '${path.resolve('compiler/compile.ts')}'; import { main } from '${path.resolve('cli/main.ts')}';
     import { loadBackends } from '${path.resolve('compiler/backends/registry.ts')}'; await loadBackends(['ir']);`,
    `const r = await compile({ path: '${secret}' }); console.log(r.diagnostics.map((d) => d.code + ' ' + d.message).join('\\n'));
     let err = ''; const code = await main(['build', '${spec}', '-o', '${locked}/out', '--emit', 'ir'], { stdout: () => {}, stderr: (t) => void (err += t), cwd: process.cwd() });
     console.log(String(code), err.trim());`,
  );
  assert.is(r.status, 0, r.stderr);
  const [read, write] = r.stdout.trim().split('\n');
  assert.is(read, `RM0206 cannot read '${secret}': EACCES: permission denied (open ${secret})`);
  assert.is(write, `1 regmill build: error: cannot write ${locked}/out: EACCES: permission denied (mkdir ${locked}/out); nothing written`);
});

test('register array with only na fields: no unused Indexed import (tsc noUnusedLocals)', async () => {
  const r = await compile({ path: fixture('ts-unused-import.regs') }, { emit: ['ts'], registersImport: path.resolve('runtime/registers/index.js') });
  assert.ok(r.ok, r.format());
  const ts = r.files.find((f) => f.path.endsWith('.ts'))!.contents as string;
  assert.not.match(ts, /\bIndexed\b/);
  const file = path.join(tmp, 'na.ts');
  writeFileSync(file, ts);
  const tsc = spawnSync(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '--ignoreConfig', '--noEmit', '--strict', '--noUnusedLocals', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', '--types', 'node', '--typeRoots', path.resolve('node_modules/@types'), file], { encoding: 'utf8' });
  assert.is(tsc.status, 0, tsc.stdout + tsc.stderr);
});

test('bidi control characters in doc strings: warning RM0106, escaped in C, TS, IR, Markdown and HTML', async () => {
  const r = await compile({ path: fixture('c-bidi-doc.regs') }, { emit: ['ts', 'c', 'docs', 'ir'] });
  assert.ok(r.ok, r.format());
  assert.equal(r.diagnostics.map((d) => d.code), ['RM0106']);
  assert.match(r.format(), /c-bidi-doc\.regs:3:27: warning: string contains U\+202E \(RIGHT-TO-LEFT OVERRIDE\)/);
  assert.not.match(r.format(), /\u202e/, 'the excerpt does not print it either');
  assert.ok(JSON.stringify(r.ir).includes('a\u202eb'), 'the IR data keeps the text');
  const kinds = new Set<string>();
  for (const f of r.files) {
    const text = f.contents as string;
    assert.not.match(text, /[\u202a-\u202e\u2066-\u2069]/, f.path);
    if (text.includes('a\\u202Eb')) kinds.add(path.extname(f.path));
  }
  assert.equal([...kinds].sort(), ['.h', '.html', '.json', '.md', '.ts']);
  const json = JSON.parse(r.files.find((f) => f.path.endsWith('.ir.json'))!.contents as string);
  assert.ok(JSON.stringify(json).includes('\u202e'), 'JSON escape: the IR file means the same text');
  const header = path.join(tmp, 'bidi.h');
  writeFileSync(header, r.files.find((f) => f.path.endsWith('.h'))!.contents);
  const gcc = spawnSync('gcc', ['-fsyntax-only', '-Werror=bidi-chars=any', '-x', 'c', header], { encoding: 'utf8' });
  assert.is(gcc.status, 0, gcc.stderr);
});

test('20,000 warnings on one 229 KB line: linear rendering, warnings capped with a count', async () => {
  const r = await compile({ path: fixture('long-line-20k-warnings.regs') }, { emit: ['ir'] });
  assert.ok(r.diagnostics.length > 19000);
  const t0 = performance.now();
  const out = r.format();
  const ms = performance.now() - t0;
  assert.ok(ms < 5000, `rendered in ${ms.toFixed(0)} ms`);
  assert.is(out.match(/: warning: /g)!.length, 100);
  assert.match(out, new RegExp(`\\n${r.diagnostics.length - 100} more warnings not shown \\(${r.diagnostics.length} in all\\)$`));
  for (const line of out.split('\n')) assert.ok(line.length < 400, 'excerpts stay clipped');
});

test('import of /dev/zero or a FIFO: RM0206 at the import, at once (fstat first, regular files only)', async () => {
  const zero = await compile({ path: fixture('blowup-import-dev-zero.regs') });
  assert.equal(zero.diagnostics.map((d) => d.code), ['RM0206']);
  assert.match(zero.format(), /blowup-import-dev-zero\.regs:1:8: error: cannot read '\/dev\/zero': it is a character device, not a \.regs file/);
  const fifo = path.join(tmp, 'fifo.regs');
  assert.is(spawnSync('mkfifo', [fifo]).status, 0);
  const t0 = performance.now();
  const r = await compile({ text: `import "fifo.regs";\n`, file: path.join(tmp, 'main.regs') });
  assert.ok(performance.now() - t0 < 5000);
  assert.match(r.diagnostics[0]!.message, /cannot read '.*fifo\.regs': it is a FIFO \(named pipe\), not a \.regs file/);
  const main = await compile({ path: fifo });
  assert.match(main.diagnostics[0]!.message, /it is a FIFO/);
});

test('a file over the size cap is refused before it is read', async () => {
  const big = path.join(tmp, 'big.regs');
  writeFileSync(big, '');
  truncateSync(big, 16 * 1024 * 1024 + 1); // sparse: nothing is written
  const r = await compile({ path: big });
  assert.match(r.diagnostics[0]!.message, /it is 16777217 bytes; a spec may be at most 16777216 bytes \(16 MiB\)/);
});

test('a UTF-8 BOM at the start is stripped; elsewhere it is named U+FEFF', async () => {
  const r = await compile({ path: fixture('bom.regs') }, { emit: ['ir'] });
  assert.equal(r.diagnostics, []);
  assert.ok(r.ok && r.files.length === 1);
  assert.is(readFileSync(fixture('bom.regs'), 'utf8').charCodeAt(0), 0xfeff);
  const mid = await compile({ text: 'device d { }\n\uFEFFdevice e { }\n', file: 'x.regs' });
  assert.match(mid.format(), /x\.regs:2:1: error: unexpected character 'U\+FEFF'/);
  assert.not.match(mid.format(), /\uFEFF/);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
