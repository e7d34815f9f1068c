// The PYNQ-style baseline (issue 6): Python 3 register access over an mmap of a memfd, with
// struct.unpack_from/pack_into and with memoryview.cast('I'), against the generated TypeScript accessor.
//
// From bench/run.ts: `await runPythonBaseline({ quick, ts })` with `ts` the run's own TS accessor
// figures; the rows fit `Results['registers']` (ns/op, best of reps like every other row).
// Alone: `node --import tsx bench/python/index.ts [--quick] [--json]` (measures the TS accessor itself).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegisterOps } from '../measure.js';
import { measureTsAccessor } from './ts-accessor.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const OPS = ['read', 'write', 'modify'] as const;
const METHODS = {
  struct: 'Python mmap + struct.unpack_from/pack_into',
  memoryview: "Python mmap + memoryview.cast('I')",
} as const;
type Method = keyof typeof METHODS;

export interface PythonRow extends RegisterOps {
  readonly impl: string;
  /** Median of the reps (read/write/modify above are the best, as for every row of the table). */
  readonly median: RegisterOps;
  /** How many times faster the generated TypeScript accessor is: this row's ns/op ÷ the TS ns/op. */
  readonly tsTimesFaster: RegisterOps;
}

export interface PythonOptions {
  readonly quick: boolean;
  /** The generated TS accessor's ns/op from the same run; measured here when absent. */
  readonly ts?: RegisterOps;
  /** Overrides the iteration count (tests use a tiny one). */
  readonly n?: number;
  readonly reps?: number;
}

interface PythonLine {
  readonly method: Method;
  readonly op: (typeof OPS)[number];
  readonly best: number;
  readonly median: number;
}

/** Runs regs_bench.py; undefined (with a line on stderr) when python3 is not installed. */
async function runPython(n: number, reps: number, timeoutMs: number): Promise<PythonLine[] | undefined> {
  const script = path.join(here, 'regs_bench.py');
  const stdout = await new Promise<string | undefined>((resolve, reject) => {
    execFile('python3', [script, String(n), String(reps)], { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20 }, (error, out, err) => {
      if (!error) return resolve(out);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        console.error('bench: python3 not found on PATH; skipping the Python baseline rows');
        return resolve(undefined);
      }
      const why = error.killed ? `killed after ${timeoutMs} ms` : `exit ${String(error.code ?? error.signal)}`;
      reject(new Error(`python3 ${path.relative(process.cwd(), script)} ${n} ${reps} failed (${why}): ${err.trim()}`));
    });
  });
  if (stdout === undefined) return undefined;
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as PythonLine);
  for (const method of Object.keys(METHODS) as Method[]) {
    for (const op of OPS) {
      if (!lines.some((l) => l.method === method && l.op === op && l.best > 0)) throw new Error(`regs_bench.py printed no ${method} ${op} figure:\n${stdout}`);
    }
  }
  return lines;
}

export async function runPythonBaseline(opts: PythonOptions): Promise<PythonRow[]> {
  const n = opts.n ?? (opts.quick ? 200_000 : 2_000_000);
  const reps = opts.reps ?? (opts.quick ? 3 : 7);
  // ~100 ns per op at most, 7 loops (warm-up included) per op and method, and a wide margin for load.
  const lines = await runPython(n, reps, Math.ceil(60_000 + n * reps * 6 * 2e-3));
  if (!lines) return [];
  const ts = opts.ts ?? (await measureTsAccessor(opts.quick ? 1_000_000 : 10_000_000, reps));
  return (Object.keys(METHODS) as Method[]).map((method) => {
    const get = (op: (typeof OPS)[number]): PythonLine => lines.find((l) => l.method === method && l.op === op)!;
    const best = { read: get('read').best, write: get('write').best, modify: get('modify').best };
    return {
      impl: METHODS[method],
      ...best,
      median: { read: get('read').median, write: get('write').median, modify: get('modify').median },
      tsTimesFaster: { read: best.read / ts.read, write: best.write / ts.write, modify: best.modify / ts.modify },
    };
  });
}

const fmt = (ns: number): string => (ns >= 100 ? ns.toFixed(0) : ns >= 10 ? ns.toFixed(1) : ns.toFixed(2));

/** Table lines: ns/op per Python path, and how many times faster the TS accessor is (target ≥ 20×). */
export function formatPythonRows(rows: readonly PythonRow[], ts: RegisterOps): string[] {
  const lines = ['Python mmap baseline (PYNQ style), ns/op (best of reps); × = how many times faster the generated TS accessor is (target ≥ 20×)', ''];
  lines.push('| implementation | read | write | modify |', '|---|---:|---:|---:|');
  lines.push(`| TS generated accessor | ${fmt(ts.read)} | ${fmt(ts.write)} | ${fmt(ts.modify)} |`);
  for (const r of rows) lines.push(`| ${r.impl} | ${OPS.map((op) => `${fmt(r[op])} (TS ${r.tsTimesFaster[op].toFixed(1)}×)`).join(' | ')} |`);
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  try {
    const ts = await measureTsAccessor(quick ? 1_000_000 : 10_000_000, quick ? 3 : 7);
    const rows = await runPythonBaseline({ quick, ts });
    if (argv.includes('--json')) process.stdout.write(JSON.stringify({ ts, python: rows }, null, 2) + '\n');
    else process.stdout.write(formatPythonRows(rows, ts).join('\n') + '\n');
  } catch (error) {
    console.error(`bench python: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
