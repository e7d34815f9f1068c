// Compiler throughput: parse + check + IR + TypeScript emit on generated specs, each case in a fresh
// child process so peak memory (maxRSS) belongs to that case alone. Prints a table and, with --json, JSON.
//   node --import tsx bench/compile.ts [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** 10,000 registers: 100 distinct blocks of 100 registers, each with fields and an enum. */
export function spec10k(): string {
  const out: string[] = [];
  for (let b = 0; b < 100; b++) {
    out.push(`block blk${b} {`);
    for (let r = 0; r < 100; r++) {
      out.push(`  register r${r} @ 0x${(r * 4).toString(16)} : 32 rw reset 0x${(r * 7).toString(16)} "Register ${r} of block ${b}" {`);
      out.push(`    field en [0]; field mode [3:1] enum { a = 0, b = 1, c = 2 }; field st [8] ro; field val [31:16];`);
      out.push(`  }`);
    }
    out.push(`}`);
  }
  out.push(`device big10k { pci { vendor = 0x1234; device = 0x5678; }`);
  out.push(`  bar 0 regs mmio size 0x100000 {`);
  for (let b = 0; b < 100; b++) out.push(`    block b${b} @ 0x${(b * 0x400).toString(16)} : blk${b};`);
  out.push(`  }`, `}`);
  return out.join('\n') + '\n';
}

/**
 * `n` distinct registers of 3–4 mixed-access fields (w1c, pulse, enum, ro, rw) in blocks of 100: the
 * shape of issue 13's compiler table.
 */
export function specDistinct(n: number): string {
  const out: string[] = [];
  const blocks = Math.ceil(n / 100);
  const fields = [
    'field irq [1] w1c; field st [8] ro; field cnt [31:16] ro;',
    'field go [0] pulse; field mode [3:1] enum { a = 0, b = 1, c = 2 }; field val [31:16];',
    'field en [0]; field mode [3:1]; field st [8] ro; field val [31:16];',
  ];
  for (let b = 0; b < blocks; b++) {
    out.push(`block blk${b} {`);
    for (let r = 0; r < Math.min(100, n - b * 100); r++) out.push(`  register r${r} @ 0x${(r * 4).toString(16)} : 32 rw reset 0x${(r * 7).toString(16)} "Register ${r}" { ${fields[r % 3]} }`);
    out.push('}');
  }
  out.push(`device big { pci { vendor = 0x1234; device = 0x5678; }`, `  bar 0 regs mmio size 0x${(2 ** Math.ceil(Math.log2(blocks * 0x400))).toString(16)} {`);
  for (let b = 0; b < blocks; b++) out.push(`    block b${b} @ 0x${(b * 0x400).toString(16)} : blk${b};`);
  out.push('  }', '}');
  return out.join('\n') + '\n';
}

/** 1,000,000 registers declared through arrays: 1000 instances of a block holding a 1000-register array. */
export function spec1m(): string {
  return `block lane {
  register data[1000] @ 0 : 32 rw { field lo [15:0]; field hi [31:16]; }
  register ctl @ 0x1000 : 32 rw { field go [0] pulse; field done [1] w1c; }
}
device big1m { pci { vendor = 0x1234; device = 0x5679; }
  bar 0 regs mmio size 8M {
    block lanes[1000] @ 0 stride 0x2000 : lane;
  }
}
`;
}

const child = `
import { compile } from ${JSON.stringify(path.join(root, 'compiler/index.ts'))};
import { DEFAULT_EMIT } from ${JSON.stringify(path.join(root, 'compiler/backends/registry.ts'))};
const t0 = process.hrtime.bigint();
// 'all': regmill build's default (ts, wasm, c, docs, ir), what a user gets without --emit.
const emit = process.argv[3] === 'all' ? DEFAULT_EMIT : ['ts', 'ir'];
const r = await compile({ path: process.argv[2] }, { emit });
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
if (!r.ok) { console.error(r.format()); process.exit(1); }
const bytes = r.files.reduce((n, f) => n + (typeof f.contents === 'string' ? Buffer.byteLength(f.contents) : f.contents.byteLength), 0);
console.log(JSON.stringify({ ms, outputBytes: bytes, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
`;

export interface CompileRow {
  case: string;
  registers: number;
  ms: number;
  registersPerSecond: number;
  outputBytes: number;
  maxRssMiB: number;
  target: string;
  met: boolean;
  /** What was measured when the case did not finish (a timeout). */
  note?: string;
}

/**
 * One case in a fresh process; `all`: the default build's back ends (`regmill build` without --emit) instead of ts+ir.
 * `timeoutMs`: stop a case that cannot meet its target anyway and report how long it ran.
 */
function runCase(name: string, text: string, registers: number, targetMs: number, targetMiB: number, all = false, timeoutMs = 0): CompileRow {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-bench-'));
  try {
    const file = path.join(dir, `${name}.regs`);
    writeFileSync(file, text);
    const script = path.join(dir, 'run.mts');
    writeFileSync(script, child);
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, file, all ? 'all' : 'ts'], { cwd: root, encoding: 'utf8', ...(timeoutMs ? { timeout: timeoutMs, killSignal: 'SIGKILL' as const } : {}) });
    if (r.signal === 'SIGKILL' && timeoutMs) {
      const ms = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
      return { case: name, registers, ms, registersPerSecond: 0, outputBytes: 0, maxRssMiB: 0, target: `< ${targetMs} ms, < ${targetMiB} MiB`, met: false, note: `unfinished, stopped after ${ms} ms` };
    }
    // The wasm back end's module-size limit (RM0313) is a measured outcome, not a bench failure.
    const limit = /error: (device \S+ needs \d+ wasm routines, more than the \d+)/.exec(r.stderr ?? '');
    if (r.status !== 0 && limit) {
      const ms = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
      return { case: name, registers, ms, registersPerSecond: 0, outputBytes: 0, maxRssMiB: 0, target: `< ${targetMs} ms, < ${targetMiB} MiB`, met: false, note: `RM0313 after ${ms} ms (process): ${limit[1]}` };
    }
    if (r.status !== 0) throw new Error(`${name}: compile failed:\n${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; outputBytes: number; maxRssMiB: number };
    return {
      case: name,
      registers,
      ms: Math.round(m.ms),
      registersPerSecond: Math.round(registers / (m.ms / 1000)),
      outputBytes: m.outputBytes,
      maxRssMiB: Math.round(m.maxRssMiB),
      target: `< ${targetMs} ms, < ${targetMiB} MiB`,
      met: m.ms < targetMs && m.maxRssMiB < targetMiB,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** edu end to end from the CLI (compiled dist/), minus a bare `node` start measured in the same run. */
function eduCli(): CompileRow {
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  const time = (args: string[]) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const out = mkdtempSync(path.join(tmpdir(), 'regmill-bench-out-'));
  try {
    const bare: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < 5; i++) {
      bare.push(time(['-e', '0']));
      cli.push(time([path.join(root, 'bin/regmill.js'), 'build', 'specs/edu.regs', '-o', out, '--emit', 'ts,ir']));
    }
    const ms = Math.max(0, median(cli) - median(bare));
    return { case: 'edu via CLI (minus node start)', registers: 0, ms: Math.round(ms), registersPerSecond: 0, outputBytes: 0, maxRssMiB: 0, target: '< 300 ms', met: ms < 300 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export function runCompileBench(): CompileRow[] {
  return [
    runCase('spec10k', spec10k(), 10_000, 2000, 1024),
    // The default build (every backend), issue 13; stopped at 30 s (it took > 560 s before). 10,000
    // registers now end in the wasm back end's RM0313 limit within seconds.
    runCase('spec10k all backends', spec10k(), 10_000, 2000, 1024, true, 30_000),
    runCase('1k distinct all backends', specDistinct(1000), 1000, 2000, 1024, true, 60_000),
    runCase('1k distinct ts+ir', specDistinct(1000), 1000, 1000, 1024),
    runCase('spec1m', spec1m(), 1_000_000, 5000, 1024),
    eduCli(),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = runCompileBench();
  if (process.argv.includes('--json')) console.log(JSON.stringify({ compile: rows }, null, 2));
  else {
    console.log('case                             registers      ms    regs/s   out bytes  maxRSS MiB  target              met');
    for (const r of rows) {
      console.log(`${r.case.padEnd(32)} ${String(r.registers).padStart(9)} ${String(r.ms).padStart(7)} ${String(r.registersPerSecond).padStart(9)} ${String(r.outputBytes).padStart(11)} ${String(r.maxRssMiB).padStart(11)}  ${r.target.padEnd(19)} ${r.met ? 'yes' : 'NO'}${r.note ? `  (${r.note})` : ''}`);
    }
  }
}
