// Compiler throughput: parse + check + IR + TypeScript emit on generated specs, each case in a fresh
// child process so peak memory (maxRSS) belongs to that case alone. Prints a table and, with --json, JSON.
//   node --import tsx bench/compile.ts [--json] [--quick]   (--quick: without the 100,000-register build)
// The children run the compiled compiler (dist/, rebuilt first with tsc -p tsconfig.build.json), as
// `regmill build` does: under tsx, loading binaryen's 13 MB index.js alone cost ~7 s CPU and ~450 MB,
// which the bench then measured as compile time (bench/README.md, "Compiler at scale, third pass").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
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

const dist = path.join(root, 'dist');
const child = `
import { compile } from ${JSON.stringify(path.join(dist, 'compiler/index.js'))};
import { DEFAULT_EMIT } from ${JSON.stringify(path.join(dist, 'compiler/backends/registry.js'))};
import { StagedOutput } from ${JSON.stringify(path.join(dist, 'compiler/write.js'))};
const [file, kinds, out] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
// 'all': regmill build's default (DEFAULT_EMIT), what a user gets without --emit.
const emit = kinds === 'all' ? DEFAULT_EMIT : kinds.split(',');
// With an output folder, the whole build as regmill build does it: each back end's files written to
// a staging folder as they come, swapped in at the end (nothing when there is an error).
const staged = out ? new StagedOutput(out) : undefined;
let bytes = 0;
const output = staged ? { output: (f) => { bytes += staged.add('spec', f); } } : {};
const r = await compile({ path: file }, { emit, ...output });
if (!r.ok) { staged?.abort(); console.error(r.format()); process.exit(1); }
staged?.commit();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(c0);
for (const f of r.files) bytes += typeof f.contents === 'string' ? Buffer.byteLength(f.contents) : f.contents.byteLength;
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, outputBytes: bytes, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
`;

export interface CompileRow {
  case: string;
  registers: number;
  /** Wall time (the target's measure). */
  ms: number;
  /** CPU time of the process (user + system): on a loaded machine wall time is a multiple of it. */
  cpuMs?: number;
  registersPerSecond: number;
  outputBytes: number;
  maxRssMiB: number;
  target: string;
  met: boolean;
  /** What was measured when the case did not finish (a timeout, a back end's limit). */
  note?: string;
}

/** Targets of one case: wall time, and peak memory when given. */
const targetText = (ms: number, mib: number): string => `< ${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}${mib ? `, < ${mib >= 1024 ? `${mib / 1024} GiB` : `${mib} MiB`}` : ''}`;

/**
 * One case in a fresh process. `emit`: 'all' (the default build: `regmill build` without --emit, its
 * output folder written too) or a comma-separated list (compiled in memory only). `timeoutMs`: stop a
 * case that cannot meet its target anyway and report how long it ran.
 */
function runCase(name: string, text: string, registers: number, targetMs: number, targetMiB: number, emit = 'ts,ir', timeoutMs = 0): CompileRow {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-bench-'));
  const target = targetText(targetMs, targetMiB);
  try {
    const file = path.join(dir, `${name.replace(/[^A-Za-z0-9]+/g, '-')}.regs`);
    writeFileSync(file, text);
    const script = path.join(dir, 'run.mjs');
    writeFileSync(script, child);
    const t0 = process.hrtime.bigint();
    const args = [script, file, emit, ...(emit === 'all' ? [path.join(dir, 'out')] : [])];
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, ...(timeoutMs ? { timeout: timeoutMs, killSignal: 'SIGKILL' as const } : {}) });
    const elapsed = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
    const failed = (note: string): CompileRow => ({ case: name, registers, ms: elapsed, registersPerSecond: 0, outputBytes: 0, maxRssMiB: 0, target, met: false, note });
    if (r.signal === 'SIGKILL' && timeoutMs) return failed(`unfinished, stopped after ${elapsed} ms`);
    // A back end's limit (a located error naming the flag that leaves it out) is a measured outcome.
    const limit = /error: (.*\[RM\d+\])/.exec(r.stderr ?? '');
    if (r.status !== 0 && limit) return failed(`error after ${elapsed} ms (process): ${limit[1]!.slice(0, 160)}`);
    if (r.status !== 0) throw new Error(`${name}: compile failed (${r.signal ?? r.status}):\n${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; cpuMs: number; outputBytes: number; maxRssMiB: number };
    return {
      case: name,
      registers,
      ms: Math.round(m.ms),
      cpuMs: Math.round(m.cpuMs),
      registersPerSecond: Math.round(registers / (m.ms / 1000)),
      outputBytes: m.outputBytes,
      maxRssMiB: Math.round(m.maxRssMiB),
      target,
      met: m.ms < targetMs && (!targetMiB || m.maxRssMiB < targetMiB),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `tsc --noEmit` (strict, noUnusedLocals: what specs.test.ts checks) of the TypeScript generated for
 * `text`, importing the register core's declarations (dist/, else the sources).
 */
function tscCase(name: string, text: string, registers: number, targetMs: number): CompileRow {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-bench-tsc-'));
  const target = targetText(targetMs, 0);
  try {
    const file = path.join(dir, 'spec.regs');
    writeFileSync(file, text);
    const built = path.join(root, 'dist/runtime/registers/index.d.ts');
    const core = existsSync(built) ? path.join(root, 'dist/runtime/registers/index.js') : path.join(root, 'runtime/registers/index.js');
    const gen = `import { compile } from ${JSON.stringify(path.join(dist, 'compiler/index.js'))};
import { writeFileSync } from 'node:fs';
const r = await compile({ path: ${JSON.stringify(file)} }, { emit: ['ts'], registersImport: ${JSON.stringify(core)} });
if (!r.ok) { console.error(r.format()); process.exit(1); }
for (const f of r.files) writeFileSync(${JSON.stringify(dir + '/')} + f.path, f.contents);
console.log(JSON.stringify(r.files.map((f) => f.path)));
`;
    writeFileSync(path.join(dir, 'gen.mjs'), gen);
    const g = spawnSync(process.execPath, [path.join(dir, 'gen.mjs')], { cwd: root, encoding: 'utf8' });
    if (g.status !== 0) throw new Error(`${name}: generating failed:\n${g.stderr}`);
    const files = (JSON.parse(g.stdout.trim().split('\n').pop()!) as string[]).map((f) => path.join(dir, f));
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const args = ['--ignoreConfig', '--noEmit', '--strict', '--noUnusedLocals', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', '--types', 'node', '--typeRoots', path.join(root, 'node_modules/@types')];
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [tsc, ...args, ...files], { cwd: dir, encoding: 'utf8', timeout: 300_000, killSignal: 'SIGKILL' });
    const ms = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.signal === 'SIGKILL') return { case: name, registers, ms, registersPerSecond: 0, outputBytes: 0, maxRssMiB: 0, target, met: false, note: `unfinished, stopped after ${ms} ms` };
    if (r.status !== 0) throw new Error(`${name}: tsc failed:\n${r.stdout}${r.stderr}`);
    return { case: name, registers, ms, registersPerSecond: Math.round(registers / (ms / 1000)), outputBytes: 0, maxRssMiB: 0, target, met: ms < targetMs };
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

/** dist/ from the current sources (tsc -p tsconfig.build.json, a few seconds): the children run it. */
function buildDist(): void {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench: tsc -p tsconfig.build.json failed:\n${r.stdout}${r.stderr}`);
}

export interface CompileBenchOptions {
  /** Leave out the 100,000-register default build (about a minute of CPU): `npm run bench -- --quick`. */
  readonly quick?: boolean;
}

export function runCompileBench(options: CompileBenchOptions = {}): CompileRow[] {
  buildDist();
  const large = options.quick
    ? { case: '13: 100k distinct, default build', registers: 100_000, ms: 0, registersPerSecond: 0, outputBytes: 0, maxRssMiB: 0, target: targetText(15_000, 1024), met: false, note: 'not measured (--quick)' }
    : runCase('13: 100k distinct, default build', specDistinct(100_000), 100_000, 15_000, 1024, 'all', 300_000);
  return [
    // Issue 2: parse, check, IR and TypeScript in memory.
    runCase('spec10k ts+ir', spec10k(), 10_000, 2000, 1024),
    runCase('spec1m ts+ir', spec1m(), 1_000_000, 5000, 1024),
    // Issue 13: the default build (every back end of `regmill build` without --emit, output written)
    // on n distinct registers of 3–4 mixed-access fields; each case stopped at 2–5 minutes.
    runCase('13: 10k distinct ts+ir', specDistinct(10_000), 10_000, 1000, 0),
    runCase('13: 1k distinct, default build', specDistinct(1000), 1000, 2000, 0, 'all', 120_000),
    runCase('13: 10k distinct, default build', specDistinct(10_000), 10_000, 2000, 0, 'all', 300_000),
    large,
    tscCase('13: tsc --noEmit, 10k distinct', specDistinct(10_000), 10_000, 10_000),
    eduCli(),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = runCompileBench({ quick: process.argv.includes('--quick') });
  if (process.argv.includes('--json')) console.log(JSON.stringify({ compile: rows }, null, 2));
  else {
    console.log('case                                 registers      ms  cpu ms    regs/s   out bytes  maxRSS MiB  target            met');
    for (const r of rows) {
      console.log(`${r.case.padEnd(36)} ${String(r.registers).padStart(9)} ${String(r.ms).padStart(7)} ${String(r.cpuMs ?? '').padStart(7)} ${String(r.registersPerSecond).padStart(9)} ${String(r.outputBytes).padStart(11)} ${String(r.maxRssMiB).padStart(11)}  ${r.target.padEnd(17)} ${r.met ? 'yes' : 'NO'}${r.note ? `  (${r.note})` : ''}`);
    }
  }
}
