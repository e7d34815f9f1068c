// The wasm back end's size limits (routines per module, and register accesses written out one by one
// in snapshot$/restore$): a big generated spec stops at once with a located RM0313 error naming how to
// build without wasm, never a crash or a build of many minutes.
// The default build (--wasm-routines loops) has no routine per plain register, so the limit is met
// with --wasm-routines all, which adds read$/write$/modify$/pollUntil$ for each.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compile } from '../../../../compiler/compile.js';
import { MAX_WASM_ACCESSES, MAX_WASM_ROUTINES, maxWasmAccesses, maxWasmRoutines } from '../../../../compiler/backends/assemblyscript/index.js';
import { runCli } from '../../../cli/harness.js';

/** `n` distinct registers (3 fields each) in blocks of 100, in one BAR. */
function bigSpec(n: number): string {
  const out: string[] = [];
  const blocks = Math.ceil(n / 100);
  for (let b = 0; b < blocks; b++) {
    out.push(`block blk${b} {`);
    for (let r = 0; r < Math.min(100, n - b * 100); r++) out.push(`  register r${r} @ 0x${(r * 4).toString(16)} : 32 rw { field en [0]; field st [8] ro; field val [31:16]; }`);
    out.push('}');
  }
  out.push('device big {', `  bar 0 regs mmio size 0x${(2 ** Math.ceil(Math.log2(blocks * 0x400))).toString(16)} {`);
  for (let b = 0; b < blocks; b++) out.push(`    block b${b} @ 0x${(b * 0x400).toString(16)} : blk${b};`);
  out.push('  }', '}');
  return out.join('\n') + '\n';
}

test('10,000 registers with --wasm-routines all: a located RM0313 error within seconds, naming --emit without wasm', async () => {
  const t0 = performance.now();
  const c = await compile({ text: bigSpec(10_000), file: 'big.regs' }, { emit: ['ts', 'wasm', 'ir'], wasmRoutines: 'all' });
  const ms = performance.now() - t0;
  assert.not.ok(c.ok);
  const lines = c.format().split('\n');
  const lineOfDevice = bigSpec(10_000).split('\n').findIndex((l) => l.startsWith('device big')) + 1;
  assert.match(lines[0]!, new RegExp(`^big\\.regs:${lineOfDevice}:1: error: device big needs (\\d+) wasm routines, more than the ${MAX_WASM_ROUTINES} one module is built with .*build without --wasm-routines all .*leave wasm out of --emit \\(e\\.g\\. --emit ts,c,docs,ir\\) or set REGMILL_WASM_MAX_ROUTINES \\[RM0313\\]$`));
  assert.ok(Number(/needs (\d+)/.exec(lines[0]!)![1]) > 10_000 * 3, 'the count is the real one');
  // Bounded: the check runs before asc (a build of this size took minutes). Generous for a loaded machine.
  assert.ok(ms < 60_000, `${ms} ms`);
});

test('the CLI: exit 1, nothing written, no internal error; without wasm the same spec builds', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-limit-'));
  try {
    const spec = path.join(dir, 'big.regs');
    writeFileSync(spec, bigSpec(3_000));
    const r = await runCli(['build', spec, '-o', path.join(dir, 'out'), '--wasm-routines', 'all']);
    assert.is(r.code, 1);
    assert.match(r.stderr, /error: device big needs \d+ wasm routines.*\[RM0313\]/);
    assert.not.match(r.stderr, /internal error/);
    assert.not.ok(existsSync(path.join(dir, 'out', 'big')), 'nothing written');
    const ok = await runCli(['build', spec, '-o', path.join(dir, 'out'), '--emit', 'ts,c,docs,ir']);
    assert.is(ok.code, 0, ok.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('REGMILL_WASM_MAX_ROUTINES sets the limit; junk falls back to the default', async () => {
  assert.is(maxWasmRoutines({}), MAX_WASM_ROUTINES);
  assert.is(maxWasmRoutines({ REGMILL_WASM_MAX_ROUTINES: '50' }), 50);
  for (const junk of ['0', '-3', 'x', '1.5', '']) assert.is(maxWasmRoutines({ REGMILL_WASM_MAX_ROUTINES: junk }), MAX_WASM_ROUTINES, junk);
  process.env['REGMILL_WASM_MAX_ROUTINES'] = '20';
  try {
    const c = await compile({ text: bigSpec(10), file: 'small.regs' }, { emit: ['wasm'], wasmRoutines: 'all' });
    assert.match(c.format(), /needs \d+ wasm routines, more than the 20 one module/);
  } finally {
    delete process.env['REGMILL_WASM_MAX_ROUTINES'];
  }
});

/** `n` registers outside arrays, each with its own reset (so no run repeats: restore$ cannot roll). */
function distinctResets(n: number): string {
  const regs = Array.from({ length: n }, (_, r) => `  register r${r} @ 0x${(r * 4).toString(16)} : 32 rw reset 0x${(r * 7).toString(16)} { field en [0]; field st [8] ro; field val [31:16]; }`);
  return ['device big {', '  bar 0 regs mmio size 0x10000 {', ...regs, '  }', '}', ''].join('\n');
}

test('register accesses past the limit: a located RM0313 error naming --emit, before asc runs', async () => {
  process.env['REGMILL_WASM_MAX_ACCESSES'] = '100';
  try {
    const c = await compile({ text: distinctResets(80), file: 'big.regs' }, { emit: ['wasm', 'ir'] });
    assert.not.ok(c.ok);
    const first = c.format().split('\n')[0]!;
    // 80 snapshot$ + 80 restore$ statements; the device is on line 1.
    assert.match(first, /^big\.regs:1:1: error: device big's BAR snapshot\$\/restore\$ routines need 160 register accesses written out one by one .*more than the 100 one module is built with .*leave wasm out of --emit \(e\.g\. --emit ts,c,docs,ir\) or set REGMILL_WASM_MAX_ACCESSES \[RM0313\]$/);
    assert.ok(c.files.some((f) => f.path === 'big.ir.json'), 'the other back ends still ran');
    assert.not.ok(c.files.some((f) => f.path.endsWith('.wasm')), 'no module');
  } finally {
    delete process.env['REGMILL_WASM_MAX_ACCESSES'];
  }
  // Under the default limit the same spec builds.
  const ok = await compile({ text: distinctResets(80), file: 'big.regs' }, { emit: ['wasm'] });
  assert.ok(ok.ok, ok.format());
});

test('REGMILL_WASM_MAX_ACCESSES sets the access limit; junk falls back to the default', () => {
  assert.is(maxWasmAccesses({}), MAX_WASM_ACCESSES);
  assert.is(maxWasmAccesses({ REGMILL_WASM_MAX_ACCESSES: '50' }), 50);
  for (const junk of ['0', '-3', 'x', '1.5', '']) assert.is(maxWasmAccesses({ REGMILL_WASM_MAX_ACCESSES: junk }), MAX_WASM_ACCESSES, junk);
});

test('regmill build --wasm-routines: an unknown set is a usage error naming the sets', async () => {
  const r = await runCli(['build', 'specs/edu.regs', '-o', 'unused', '--wasm-routines', 'some']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /unknown --wasm-routines 'some' \(expected loops, all\)/);
});

test.run();
