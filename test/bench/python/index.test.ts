// Smoke test of the Python baseline: it runs at a tiny size and yields well-formed rows. No timing is
// asserted (this is a shared machine); only that every figure is a real measurement and the ratios follow.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { formatPythonRows, runPythonBaseline } from '../../../bench/python/index.js';
import { measureTsAccessor } from '../../../bench/python/ts-accessor.js';

const hasPython = !spawnSync('python3', ['--version']).error;
const script = path.resolve('bench/python/regs_bench.py');
const positive = (x: number): boolean => Number.isFinite(x) && x > 0;

/** Runs `fn` with PATH emptied and console.error captured. */
async function withoutPath<T>(fn: () => Promise<T>): Promise<{ result: T; errors: string[] }> {
  const saved = { path: process.env['PATH'], error: console.error };
  const errors: string[] = [];
  process.env['PATH'] = '/nonexistent';
  console.error = (...args: unknown[]) => void errors.push(args.join(' '));
  try {
    return { result: await fn(), errors };
  } finally {
    process.env['PATH'] = saved.path;
    console.error = saved.error;
  }
}

test('two Python rows (struct, memoryview) with positive ns/op, medians and TS ratios from the given TS figures', async () => {
  if (!hasPython) return console.log('python3 not installed: skipped');
  const ts = { read: 2, write: 4, modify: 8 };
  const rows = await runPythonBaseline({ quick: true, ts, n: 5000, reps: 2 });
  assert.equal(rows.map((r) => r.impl), ['Python mmap + struct.unpack_from/pack_into', "Python mmap + memoryview.cast('I')"]);
  for (const r of rows) {
    for (const op of ['read', 'write', 'modify'] as const) {
      assert.ok(positive(r[op]), `${r.impl} ${op}: ${r[op]}`);
      assert.ok(r.median[op] >= r[op], 'the median of the reps is never below their best');
      assert.is(r.tsTimesFaster[op], r[op] / ts[op]);
    }
  }
  const lines = formatPythonRows(rows, ts);
  assert.ok(lines.some((l) => l.startsWith('| TS generated accessor | 2.00 | 4.00 | 8.00 |')));
  assert.ok(lines.some((l) => l.startsWith("| Python mmap + memoryview.cast('I') |") && l.includes('(TS ')));
});

test('without ts the generated accessor is measured here, as bench/run.ts measures it', async () => {
  const ts = await measureTsAccessor(20_000, 1);
  for (const op of ['read', 'write', 'modify'] as const) assert.ok(positive(ts[op]), `${op}: ${ts[op]}`);
});

test('regs_bench.py checks its work and its arguments', () => {
  if (!hasPython) return;
  const ok = spawnSync('python3', [script, '2048', '1'], { encoding: 'utf8' });
  assert.is(ok.status, 0, ok.stderr);
  assert.is(ok.stdout.trim().split('\n').length, 6);
  const bad = spawnSync('python3', [script, '0', '1'], { encoding: 'utf8' });
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /N must be in \[1, 2\^32\)/);
});

test('without python3 on PATH: no rows, one clear line', async () => {
  const { result, errors } = await withoutPath(() => runPythonBaseline({ quick: true, ts: { read: 1, write: 1, modify: 1 }, n: 10, reps: 1 }));
  assert.equal(result, []);
  assert.equal(errors, ['bench: python3 not found on PATH; skipping the Python baseline rows']);
});

test.run();
