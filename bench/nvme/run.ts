// `npm run bench:vm [-- --runs N] [-- --quick] [-- --seconds S] [-- --json]`: the NVMe benchmark in a
// QEMU guest (issue 11, item 7). Each run is ONE guest boot (q35, TCG, `-device nvme` on a raw image
// filled with the test pattern, intel-iommu with interrupt remapping) that measures 4 KiB random reads
// at QD1 and QD32 through five paths side by side (bench/nvme/guest.ts): this driver polled (TypeScript;
// wasm), this driver on MSI-X, the C loop over the generated header, and the guest kernel's nvme driver.
// Prints medians and ranges over the runs as a table and JSON (bench/out/nvme.json). Never a test:
// timing targets are reported, not asserted; the data of every read is checked (a bad block fails).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { boot, setup } from '../../test/vm/boot.mjs';
import { HOST_SEED, NVME_LBA_BYTES, patternBlock } from '../../test/vm/nvme-image.mjs';
import { nvmeBenchPrograms } from './c-programs.js';
import { summarize, formatTable, type Sample } from './report.js';
import { PROFILE_FILE, profileLines } from './profile.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const out = path.join(root, 'bench/out');
/** The VM cache test/vm/initramfs.mjs uses (kernel, busybox, base archives; REGMILL_VM_CACHE shares one). */
const cacheDir = process.env.REGMILL_VM_CACHE ?? path.join(root, 'test/vm/cache');

const usage = `usage: npm run bench:vm -- [--runs N] [--rounds R] [--quick] [--seconds S] [--warm S] [--rows a,b,…] [--json]

  --runs N      guest boots (default 3); medians and ranges are over the runs
  --rounds R    rounds per boot (default 3): each runs every row once, so the host's load changes hit
                every row alike; a run's figure is the median of its rounds
  --quick       one boot, one round, 1 s per row and QD (a smoke run, under a minute)
  --seconds S   measured seconds per row, QD and round (default 2)
  --warm S      unreported seconds each row first runs at QD32 (default 5; --quick 2)
  --rows LIST   rows to run, of kernel,ts,wasm,irq,c (default all); micro adds what the pieces of the
                TypeScript hot path cost in the guest (a call, performance.now(), BigInt, the entry writes…)
  --profile LIST  rows (ts, wasm, irq, micro: the ones in node) to run under V8's sampling profiler;
                  prints their top functions after the table and writes them to ${PROFILE_FILE}
  --node-flags 'F…'  extra node/V8 flags for the guest's node (experiments; the default is none)
  --json        print only the JSON (also written to bench/out/nvme.json)`;

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const value = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
if (flag('--help') || flag('-h')) {
  console.log(usage);
  process.exit(0);
}
const known = new Set(['--runs', '--rounds', '--quick', '--seconds', '--warm', '--rows', '--profile', '--node-flags', '--json']);
for (let i = 0; i < argv.length; i++) {
  if (!known.has(argv[i]!)) {
    console.error(`bench:vm: unknown argument '${argv[i]}'\n${usage}`);
    process.exit(2);
  }
  if (['--runs', '--rounds', '--seconds', '--warm', '--rows', '--profile', '--node-flags'].includes(argv[i]!)) i++;
}
const quick = flag('--quick');
const runs = Number(value('--runs') ?? (quick ? 1 : 3));
const seconds = Number(value('--seconds') ?? (quick ? 1 : 2));
const rounds = Number(value('--rounds') ?? (quick ? 1 : 3));
/**
 * Unmeasured warm-up: each row first runs `rowWarmSeconds` at its largest QD, then each QD runs
 * `warmSeconds` before it is measured. Under TCG V8 takes seconds to get the TypeScript hot path to
 * optimized code (bench/README.md), so the same warm-up, given to every row, keeps tier-up out of the figures.
 */
const rowWarmSeconds = Number(value('--warm') ?? (quick ? 2 : 5));
const warmSeconds = quick ? 0.5 : 1;
const rows = (value('--rows') ?? 'kernel,ts,wasm,irq,c').split(',');
const jsonOnly = flag('--json');
const profile = value('--profile')?.split(',') ?? [];
const nodeFlags = value('--node-flags')?.split(/\s+/).filter(Boolean) ?? [];
const allRows = ['kernel', 'ts', 'wasm', 'irq', 'c'];
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) throw new Error(`bench:vm: --rounds needs an integer in 1..20, got '${value('--rounds')}'`);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`bench:vm: --runs needs a positive integer, got '${value('--runs')}'`);
if (!(rowWarmSeconds >= 0 && rowWarmSeconds <= 60)) throw new Error(`bench:vm: --warm needs a number in [0, 60], got '${value('--warm')}'`);
if (!(seconds > 0 && seconds <= 60)) throw new Error(`bench:vm: --seconds needs a number in (0, 60], got '${value('--seconds')}'`);
if (rows.some((r) => !allRows.includes(r) && r !== 'micro')) throw new Error(`bench:vm: --rows takes ${allRows.join(',')}, got '${rows.join(',')}'`);
const say = (line: string) => {
  if (!jsonOnly) console.log(line);
};

/** 64 MiB: random 4 KiB reads over 16384 places; the host fills it with the pattern the guest checks. */
const IMAGE_BYTES = 64 << 20;
const QDS = [1, 32];

const prepared = setup();
if (!prepared.ok) {
  console.log(`bench:vm: cannot boot a guest: ${prepared.reason}`);
  process.exit(prepared.canRun ? 1 : 0);
}

// The C rows, static (the busybox guest has no libc), against the generated header.
const work = path.join(cacheDir, 'runs', `bench-nvme-work-${process.pid}`);
const binDir = path.join(work, 'bin');
mkdirSync(binDir, { recursive: true });
for (const tool of nvmeBenchPrograms) {
  const includes = (tool.generatedIncludes ?? []).map((d) => `-I${path.join(root, 'generated', d)}`);
  const r = spawnSync('gcc', ['-O2', '-static', '-Wall', '-Wextra', '-Werror', ...includes, '-o', path.join(binDir, tool.name), ...tool.sources.map((s) => path.join(root, s))], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench:vm: gcc ${tool.sources.join(' ')} failed (a static build needs gcc and libc6-dev):\n${r.stderr}`);
}
const randomSeed = 0x2545f491;
writeFileSync(path.join(binDir, 'params.json'), JSON.stringify({ rowWarmSeconds, warmSeconds, seconds, rounds, qds: QDS, patternSeed: HOST_SEED, randomSeed, rows, profile }));

const image = path.join(work, 'nvme.img');
{
  const buf = Buffer.alloc(IMAGE_BYTES);
  for (let lba = 0; lba < IMAGE_BYTES / NVME_LBA_BYTES; lba++) buf.set(patternBlock(lba, HOST_SEED), lba * NVME_LBA_BYTES);
  writeFileSync(image, buf);
}

const samples: Sample[] = [];
const notes: Record<string, string> = {};
const errors: string[] = [];
const infos: Record<string, unknown>[] = [];
/** The guests' profile lines (--profile), by run. */
const profiles: string[] = [];
const started = Date.now();
say(`bench:vm: ${runs} run${runs === 1 ? '' : 's'} of ${rounds} round${rounds === 1 ? '' : 's'}, ${seconds} s per row, QD and round, rows ${rows.join(', ')}; host load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
try {
  for (let run = 1; run <= runs; run++) {
    const timeoutSec = Math.ceil(150 + rows.length * (rowWarmSeconds + rounds * (QDS.length * (seconds + warmSeconds) + 10)) * 2);
    const r = await boot(prepared, {
      test: 'bench/nvme/guest.ts',
      name: 'bench-nvme',
      devices: ['nvme', 'iommu'],
      timeoutSec,
      nvmePath: image,
      nodeArgs: nodeFlags,
      extraTrees: [
        { host: here, archive: 'bench/nvme' },
        { host: binDir, archive: 'bench/nvme/bin' },
      ],
    });
    const lines = r.output.split('\n').flatMap((l) => {
      const m = /REGMILL-BENCH (\{.*\})\s*$/.exec(l);
      return m ? [JSON.parse(m[1]!) as Record<string, unknown>] : [];
    });
    for (const l of lines) {
      if (l['row'] === 'info') infos.push({ run, ...(l['info'] as object) });
      else if (typeof l['error'] === 'string') errors.push(`run ${run}: ${String(l['row'])}${l['qd'] ? ` QD${String(l['qd'])}` : ''}: ${l['error']}`);
      else if (l['row'] === 'micro') say(`micro: ${String(l['note'])}`);
      else if (typeof l['note'] === 'string') notes[String(l['row'])] = l['note'];
      else if (typeof l['iops'] === 'number') {
        samples.push({ run, ...(l as unknown as Omit<Sample, 'run'>) });
        if (Number(l['bad']) > 0) errors.push(`run ${run} round ${String(l['round'])}: ${String(l['row'])} QD${String(l['qd'])}: ${String(l['bad'])} reads did not return the image pattern`);
      }
    }
    const prof = profileLines(r.output);
    if (prof.length > 0) profiles.push(`run ${run}:`, ...prof);
    else if (r.ok && profile.some((p) => rows.includes(p))) errors.push(`run ${run}: no profile in the guest's output (log: ${path.relative(root, r.logPath)})`);
    if (!r.ok) errors.push(`run ${run}: guest: ${r.reason ?? 'failed'} (log: ${path.relative(root, r.logPath)})`);
    else if (!lines.some((l) => l['row'] === 'done')) errors.push(`run ${run}: the guest did not finish every row (log: ${path.relative(root, r.logPath)})`);
    say(`bench:vm: run ${run}/${runs} done in ${(r.ms / 1000).toFixed(0)} s${r.ok ? '' : ` (${r.reason})`}`);
  }
} finally {
  if (!process.env.REGMILL_VM_KEEP) rmSync(work, { recursive: true, force: true });
}

const summary = summarize(samples, rows, QDS);
const result = {
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadAverageAtStart: os.loadavg()[0]!.toFixed(2), node: process.version, qemu: qemuVersion() },
  setup: {
    qemu: 'q35, TCG, -cpu max, 1 vCPU, 1 GiB; -device nvme on a 64 MiB raw image (cache=writeback, aio=threads: QEMU defaults); intel-iommu,intremap=on',
    rounds,
    workload: `4 KiB random reads (xorshift32 LBAs, the same stream in every row), QD ${QDS.join(' and ')}, ${seconds} s per row and QD, measured after ${rowWarmSeconds} s of unmeasured reads at QD ${Math.max(...QDS)} per row and ${warmSeconds} s per QD; every read checked against the image pattern`,
    runs,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  },
  rows: summary.rows,
  targets: summary.targets,
  notes,
  errors,
  guest: Object.assign({}, ...infos.filter((i) => i['run'] === 1)) as Record<string, unknown>,
  samples,
};
const json = JSON.stringify(result, null, 2) + '\n';
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'nvme.json'), json);
// A profile of an earlier run would pass for this one's.
if (profiles.length > 0) writeFileSync(path.join(root, PROFILE_FILE), profiles.join('\n') + '\n');
else rmSync(path.join(root, PROFILE_FILE), { force: true });
if (jsonOnly) process.stdout.write(json);
else {
  console.log(formatTable(summary, notes));
  if (profiles.length > 0) console.log(`\n${profiles.join('\n')}\n(also in ${PROFILE_FILE})`);
  for (const e of errors) console.log(`error: ${e}`);
  console.log(`\nJSON: bench/out/nvme.json`);
}
process.exitCode = errors.length > 0 ? 1 : 0;

function qemuVersion(): string {
  const r = spawnSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' });
  return (r.stdout ?? '').split('\n')[0]?.trim() ?? 'unknown';
}
