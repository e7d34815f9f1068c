#!/usr/bin/env node
// `npm run bench:nic [-- --runs N] [-- --quick] [-- --seconds S] [-- --batches 1,32,256] [-- --rows …] [-- --json]`:
// the NIC benchmark of issue 12 in a QEMU guest. Each run is ONE guest boot (q35, TCG, four e1000e on two
// hubs of two, intel-iommu with interrupt remapping) running bench/nic/guest.ts: the generator and the forwarder at
// each batch size through the TypeScript rings, the wasm rings, the C loop over the generated header and
// the guest kernel's e1000e driver, side by side on the same emulated devices. Prints medians and ranges
// over the runs as a table, and JSON (bench/out/nic.json). Never a test: targets are reported, not asserted.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { boot, setup } from '../../test/vm/boot.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const usage = `usage: npm run bench:nic -- [--runs N] [--quick] [--seconds S] [--batches LIST] [--rows LIST] [--json]

  --runs N        guest boots (default 3); medians and ranges are over the runs
  --quick         one boot, 1 s per measurement, 0.5 s warm-up (a smoke run, about 2 minutes)
  --seconds S     measured seconds per row, mode and batch (default 2; warm-up 1 s)
  --batches LIST  batch sizes (default 1,32,256)
  --rows LIST     of ts,wasm,c,kernel (default all)
  --json          print only the JSON (also written to bench/out/nic.json)
  --from FILE     no boot: print the table of a saved bench/out/nic.json again`;

const argv = process.argv.slice(2);
/** @param {string} name */
const value = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(usage);
  process.exit(0);
}
const withValue = ['--runs', '--seconds', '--batches', '--rows', '--from'];
for (let i = 0; i < argv.length; i++) {
  if (![...withValue, '--quick', '--json'].includes(/** @type {string} */ (argv[i]))) {
    console.error(`bench:nic: unknown argument '${argv[i]}'\n${usage}`);
    process.exit(2);
  }
  if (withValue.includes(/** @type {string} */ (argv[i]))) i++;
}
const quick = argv.includes('--quick');
const jsonOnly = argv.includes('--json');
const runs = Number(value('--runs') ?? (quick ? 1 : 3));
const seconds = Number(value('--seconds') ?? (quick ? 1 : 2));
const warm = quick ? 0.5 : 1;
const batches = value('--batches') ?? '1,32,256';
const rows = value('--rows') ?? 'ts,wasm,c,kernel';
if (!(Number.isInteger(runs) && runs > 0) || !(seconds > 0) || !/^\d+(,\d+)*$/.test(batches) || !/^[a-z]+(,[a-z]+)*$/.test(rows)) {
  console.error(`bench:nic: bad value\n${usage}`);
  process.exit(2);
}
const log = jsonOnly ? () => {} : (/** @type {string} */ s) => console.log(s);

const from = value('--from');
/** @typedef {{ row: string, mode: string, batch: number, fps: number, p99us?: number, p50us?: number, frames?: number, skipped?: string, error?: string }} Sample */
/** @type {Sample[][]} */
const perRun = from ? JSON.parse(readFileSync(from, 'utf8')).raw : await measure();

/** Boots the guest `runs` times; each boot's NICBENCH lines. */
async function measure() {
  const prepared = setup();
  if (!prepared.ok) {
    console.error(`bench:nic: cannot boot a guest: ${prepared.reason}`);
    process.exit(prepared.canRun ? 1 : 2);
  }
  const nBatches = batches.split(',').length;
  const nRows = rows.split(',').length;
  // Per measurement: warm-up + seconds, gen and fwd; plus boot, set-up and the kernel's link-up.
  const timeoutSec = Math.ceil(90 + nRows * nBatches * 2 * (warm + seconds + 1) * 2);
  /** @type {Sample[][]} */
  const all = [];
  for (let run = 0; run < runs; run++) {
    log(`bench:nic: run ${run + 1} of ${runs} (one guest boot; ${rows} × batches ${batches}, ${seconds} s each)…`);
    const r = await boot(prepared, {
      test: 'bench/nic/guest.ts', devices: ['e1000e-2hubs', 'iommu'], timeoutSec, name: 'bench-nic',
      // Unknown key=value kernel parameters become /init's (and so the guest program's) environment.
      append: `NICBENCH_SECONDS=${seconds} NICBENCH_WARM=${warm} NICBENCH_BATCHES=${batches} NICBENCH_ROWS=${rows}${process.env.NICBENCH_E1000E ? ` NICBENCH_E1000E=${process.env.NICBENCH_E1000E}` : ''}`,
    });
    /** @type {Sample[]} */
    const samples = [];
    for (const m of r.output.matchAll(/NICBENCH (\{.*\})/g)) samples.push(JSON.parse(/** @type {string} */ (m[1])));
    for (const s of samples) if (s.error || s.skipped) log(`bench:nic: ${s.row}: ${s.error ?? s.skipped}`);
    if (!r.ok) {
      console.error(`bench:nic: run ${run + 1} failed: ${r.reason} (log: ${r.logPath})`);
      if (samples.length === 0) process.exit(1);
    }
    all.push(samples);
  }
  return all;
}

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? /** @type {number} */ (s[(s.length - 1) / 2]) : (/** @type {number} */ (s[s.length / 2 - 1]) + /** @type {number} */ (s[s.length / 2])) / 2;
};
/** @param {string} row @param {string} mode @param {number} batch @param {'fps' | 'p99us' | 'p50us'} key */
const values = (row, mode, batch, key) => perRun.flatMap((samples) => samples.filter((s) => s.row === row && s.mode === mode && s.batch === batch && typeof s[key] === 'number').map((s) => /** @type {number} */ (s[key])));
/** Per-run ratio of `row` to `base`, for the runs that measured both. @param {string} row @param {string} base @param {string} mode @param {number} batch */
const ratios = (row, base, mode, batch) => perRun.flatMap((samples) => {
  const find = (/** @type {string} */ r) => samples.find((s) => s.row === r && s.mode === mode && s.batch === batch && typeof s.fps === 'number' && s.fps > 0);
  const x = find(row);
  const b = find(base);
  return x && b ? [x.fps / b.fps] : [];
});
/** @param {number[]} xs */
const stat = (xs) => (xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length } : undefined);

const rowList = rows.split(',');
const batchList = batches.split(',').map(Number);
/** @type {Record<string, unknown>[]} */
const table = [];
for (const mode of ['gen', 'fwd']) {
  for (const batch of batchList) {
    for (const row of rowList) {
      const fps = stat(values(row, mode, batch, 'fps'));
      if (!fps) continue;
      table.push({
        mode, batch, row, fps, p50us: stat(values(row, mode, batch, 'p50us')), p99us: stat(values(row, mode, batch, 'p99us')),
        // Ratios within each run (the same boot, minutes apart at most), then their median and range.
        toC: stat(ratios(row, 'c', mode, batch)), toKernel: stat(ratios(row, 'kernel', mode, batch)),
      });
    }
  }
}
/** @type {Record<string, string>} */
const skipped = {};
for (const s of perRun.flat()) if (s.skipped || s.error) skipped[s.row] = /** @type {string} */ (s.skipped ?? s.error);

const fmt = (/** @type {number} */ n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));
const range = (/** @type {{ median: number, min: number, max: number } | undefined} */ s, /** @type {(n: number) => string} */ f) => (s ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : '—');
const ratio = (/** @type {{ median: number, min: number, max: number } | undefined} */ x) => (x === undefined ? '—' : x.min === x.max ? `${x.median.toFixed(2)}×` : `${x.median.toFixed(2)}× (${x.min.toFixed(2)}–${x.max.toFixed(2)})`);
const json = { date: new Date().toISOString(), runs: perRun.length, seconds, batches: batchList, rows: rowList, table, skipped, raw: perRun };
if (!from) {
  mkdirSync(path.join(root, 'bench/out'), { recursive: true });
  writeFileSync(path.join(root, 'bench/out/nic.json'), `${JSON.stringify(json, null, 2)}\n`);
}
if (jsonOnly) {
  console.log(JSON.stringify(json));
} else {
  console.log(`\nNIC frames/s in a QEMU guest (TCG, e1000e ×4 on two hubs, intel-iommu), 60-byte frames; median (min–max) of ${perRun.length} run(s); ratios per run`);
  console.log('| mode | batch | path | frames/s | × C | × kernel | p50 latency µs | p99 latency µs |');
  console.log('|---|---:|---|---:|---:|---:|---:|---:|');
  for (const t of /** @type {any[]} */ (table)) {
    console.log(`| ${t.mode} | ${t.batch} | ${t.row} | ${range(t.fps, fmt)} | ${ratio(t.toC)} | ${ratio(t.toKernel)} | ${range(t.p50us, (n) => n.toFixed(0))} | ${range(t.p99us, (n) => n.toFixed(0))} |`);
  }
  for (const [row, why] of Object.entries(skipped)) console.log(`${row}: ${why}`);
  const target = (/** @type {string} */ row, /** @type {number} */ want) => {
    const t = /** @type {any} */ (table.find((x) => x.row === row && x.batch === 32 && x.mode === 'fwd'));
    return t?.toC === undefined ? `${row}: not measured` : `${row} ${ratio(t.toC)} of C (target ≥ ${want}×: ${t.toC.median >= want ? 'met' : 'missed'})`;
  };
  console.log(`targets (forwarder, batch 32): ${target('wasm', 0.7)}; ${target('ts', 0.4)}`);
  console.log('JSON: bench/out/nic.json');
}
