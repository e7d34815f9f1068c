import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './harness.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'regmill-cli-'));

const GOOD = `device blinky "LEDs" {
  pci { vendor = 0x10ee; device = 0x7011; }
  bar 0 regs mmio size 0x1000 {
    register ctrl @ 0x00 : 32 rw { field enable [0]; field mode [2:1] enum { steady = 0, blink = 1 }; }
    register status @ 0x04 : 32 ro volatile { field busy [0]; }
  }
}
`;

test('--help lists every command; no args is a usage error', async () => {
  const r = await runCli(['--help']);
  assert.is(r.code, 0);
  for (const c of ['build', 'check', 'dump', 'doctor']) assert.match(r.stdout, new RegExp(`^  ${c} `, 'm'));
  const none = await runCli([]);
  assert.is(none.code, 2);
});

test('unknown command and unknown option are usage errors (exit 2), not stack traces', async () => {
  const r = await runCli(['frobnicate']);
  assert.is(r.code, 2);
  assert.match(r.stderr, "unknown command 'frobnicate'");
  const o = await runCli(['build', '--bogus']);
  assert.is(o.code, 2);
  assert.match(o.stderr, 'regmill build: error:');
  assert.not.match(o.stderr, /\n\s+at /);
});

test('check: a good spec exits 0', async () => {
  const d = tmp();
  writeFileSync(path.join(d, 'good.regs'), GOOD);
  const r = await runCli(['check', 'good.regs'], d);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, '1 spec checked: 0 errors');
});

test('check: a warning the spec allows is not printed, and the summary counts it', async () => {
  const d = tmp();
  // go is volatile and read-write beside another field: RM0415, acknowledged on the field.
  const spec = GOOD.replace('register status @ 0x04 : 32 ro volatile { field busy [0]; }', 'register status @ 0x04 : 32 rw { field go [0] volatile { allow RM0415 "written whole, never modified"; } field en [1]; }');
  writeFileSync(path.join(d, 'allowed.regs'), spec);
  const r = await runCli(['check', 'allowed.regs'], d);
  assert.is(r.code, 0, r.stderr);
  assert.not.match(r.stderr, 'RM0415');
  assert.match(r.stderr, '1 spec checked: 0 errors, 0 warnings (1 more allowed by the spec)');
  writeFileSync(path.join(d, 'plain.regs'), spec.replace(/ \{ allow RM0415 "[^"]*"; \}/, ';'));
  assert.not.match(readFileSync(path.join(d, 'plain.regs'), 'utf8'), 'allow');
  const plain = await runCli(['check', 'plain.regs'], d);
  assert.match(plain.stderr, /warning: field 'go' is read-write but it is volatile.*\[RM0415\]/);
  assert.match(plain.stderr, '1 spec checked: 0 errors, 1 warning\n');
});

test('check: missing file is a clear error', async () => {
  const d = tmp();
  const r = await runCli(['check', 'nope.regs'], d);
  assert.is(r.code, 1);
  assert.match(r.stderr, 'nope.regs');
  assert.not.match(r.stderr, /\n\s+at /);
});

test('check: malformed input (binary garbage, empty file, a 1 MB line) never throws', async () => {
  const d = tmp();
  const garbage = Buffer.alloc(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) & 0xff;
  writeFileSync(path.join(d, 'garbage.regs'), garbage);
  writeFileSync(path.join(d, 'empty.regs'), '');
  writeFileSync(path.join(d, 'long.regs'), 'const X = ' + '1+'.repeat(500_000) + '1;\n' + 'x'.repeat(1 << 20) + '\n');
  const g = await runCli(['check', 'garbage.regs'], d);
  assert.is(g.code, 1);
  assert.match(g.stderr, /garbage\.regs:\d+:\d+: error: /);
  assert.ok(g.stderr.length < 20_000, `garbage output is bounded (${g.stderr.length} chars)`);
  const e = await runCli(['check', 'empty.regs'], d);
  assert.is(e.code, 0, e.stderr);
  const l = await runCli(['check', 'long.regs'], d);
  assert.is(l.code, 1);
  assert.match(l.stderr, /long\.regs:\d+:\d+: error: /);
  assert.ok(l.stderr.length < 20_000, 'a 1 MB line is clipped in the excerpt');
  for (const r of [g, e, l]) assert.not.match(r.stderr, /internal error|\n\s+at /);
});

test('check --json gives code, severity, message and line/col', async () => {
  const d = tmp();
  writeFileSync(path.join(d, 'bad.regs'), 'device x {\n  bar 0 r mmio size 0x100 {\n    register a @ 0x2 : 32 rw;\n  }\n}\n');
  const r = await runCli(['check', '--json', 'bad.regs'], d);
  assert.is(r.code, 1);
  const ds = JSON.parse(r.stdout) as { code: string; severity: string; message: string; line: number; col: number }[];
  assert.ok(ds.length >= 1);
  const mis = ds.find((x) => x.line === 3);
  assert.ok(mis, 'the misaligned register is reported on line 3');
  assert.is(mis!.severity, 'error');
  assert.match(mis!.code, /^RM\d{4}$/);
});

test('build writes <out>/<spec>/ files; --check passes when fresh and fails when stale', async () => {
  const d = tmp();
  writeFileSync(path.join(d, 'blinky.regs'), GOOD);
  const b = await runCli(['build', 'blinky.regs', '-o', 'out', '--emit', 'ts,ir'], d);
  assert.is(b.code, 0, b.stderr);
  assert.equal(readdirSync(path.join(d, 'out/blinky')).sort(), ['blinky.ir.json', 'blinky.ts']);
  const ts = readFileSync(path.join(d, 'out/blinky/blinky.ts'), 'utf8');
  assert.match(ts, 'blinky.regs');
  const fresh = await runCli(['build', 'blinky.regs', '-o', 'out', '--emit', 'ts,ir', '--check'], d);
  assert.is(fresh.code, 0, fresh.stderr);
  writeFileSync(path.join(d, 'out/blinky/blinky.ts'), ts + '// edited\n');
  writeFileSync(path.join(d, 'out/blinky/extra.txt'), 'x');
  const stale = await runCli(['build', 'blinky.regs', '-o', 'out', '--emit', 'ts,ir', '--check'], d);
  assert.is(stale.code, 1);
  assert.match(stale.stderr, 'changed: out/blinky/blinky.ts');
  assert.match(stale.stderr, 'extra:   out/blinky/extra.txt');
});

test('a failed build writes nothing and leaves the previous output untouched', async () => {
  const d = tmp();
  writeFileSync(path.join(d, 'blinky.regs'), GOOD);
  writeFileSync(path.join(d, 'broken.regs'), 'device y { bar 0 r mmio size 0x100 { register a @ 0x200 : 32 rw; } }\n');
  mkdirSync(path.join(d, 'out/blinky'), { recursive: true });
  writeFileSync(path.join(d, 'out/blinky/old.txt'), 'previous build');
  const r = await runCli(['build', 'blinky.regs', 'broken.regs', '-o', 'out', '--emit', 'ts,ir'], d);
  assert.is(r.code, 1);
  assert.match(r.stderr, 'nothing written');
  assert.equal(readdirSync(path.join(d, 'out')), ['blinky']);
  assert.equal(readdirSync(path.join(d, 'out/blinky')), ['old.txt']);
  assert.not.ok(existsSync(path.join(d, 'out/broken')));
});

test('a back end failing after others wrote their files leaves no output and no staging folder', async () => {
  // Files are staged as each back end finishes (compiler/write.ts StagedOutput); ts is written before
  // wasm stops at its routine limit, and the previous output must survive untouched.
  const d = tmp();
  writeFileSync(path.join(d, 'blinky.regs'), GOOD);
  mkdirSync(path.join(d, 'out/blinky'), { recursive: true });
  writeFileSync(path.join(d, 'out/blinky/old.txt'), 'previous build');
  const before = process.env['REGMILL_WASM_MAX_ROUTINES'];
  process.env['REGMILL_WASM_MAX_ROUTINES'] = '1';
  try {
    const r = await runCli(['build', 'blinky.regs', '-o', 'out', '--emit', 'ts,wasm,ir'], d);
    assert.is(r.code, 1);
    assert.match(r.stderr, '[RM0313]');
    assert.match(r.stderr, 'nothing written');
  } finally {
    if (before === undefined) delete process.env['REGMILL_WASM_MAX_ROUTINES'];
    else process.env['REGMILL_WASM_MAX_ROUTINES'] = before;
  }
  assert.equal(readdirSync(path.join(d, 'out')), ['blinky']);
  assert.equal(readdirSync(path.join(d, 'out/blinky')), ['old.txt']);
  const ok = await runCli(['build', 'blinky.regs', '-o', 'out', '--emit', 'ts,ir'], d);
  assert.is(ok.code, 0, ok.stderr);
  assert.equal(readdirSync(path.join(d, 'out')), ['blinky']);
  assert.equal(readdirSync(path.join(d, 'out/blinky')).sort(), ['blinky.ir.json', 'blinky.ts']);
});

test('--version prints the package version', async () => {
  const r = await runCli(['--version']);
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.is(r.stdout.trim(), pkg.version);
});

test.run();
