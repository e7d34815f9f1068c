// bench/nvme/run.ts output: per row and QD the median and range over the runs of IOPS and p50/p99
// latency, the ratios the targets of issue 11 name, and the table.
import type { RowResult } from './stats.js';

/** One row's result (what the guest prints, stats.ts) from run `run`, round `round` of the benchmark. */
export interface Sample extends RowResult {
  readonly run: number;
  readonly round?: number;
}

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface SummaryRow {
  readonly row: string;
  readonly label: string;
  readonly qd: number;
  readonly runs: number;
  readonly iops: Spread;
  readonly p50Us: Spread;
  readonly p99Us: Spread;
}

export interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface Summary {
  readonly rows: SummaryRow[];
  readonly targets: Target[];
  readonly order: readonly string[];
  readonly qds: readonly number[];
}

export const LABELS: Record<string, string> = {
  ts: 'a. this driver, polled, TypeScript',
  wasm: 'b. this driver, polled, wasm engine',
  irq: 'c. this driver, MSI-X per queue (TypeScript)',
  c: 'd. C loop on the generated header, VFIO',
  kernel: 'e. guest kernel nvme, O_DIRECT + Linux AIO',
};

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};
const spread = (v: number[]): Spread => ({ median: median(v), min: Math.min(...v), max: Math.max(...v) });

export function summarize(samples: readonly Sample[], rows: readonly string[], qds: readonly number[]): Summary {
  const order = ['ts', 'wasm', 'irq', 'c', 'kernel'].filter((r) => rows.includes(r));
  const out: SummaryRow[] = [];
  for (const row of order) {
    for (const qd of qds) {
      const s = samples.filter((x) => x.row === row && x.qd === qd);
      if (s.length === 0) continue;
      // A run's figure is the median of its rounds; the spread is over the runs.
      const runs = [...new Set(s.map((x) => x.run))].map((run) => s.filter((x) => x.run === run));
      const per = (k: 'iops' | 'p50Us' | 'p99Us') => spread(runs.map((r) => median(r.map((x) => x[k]))));
      out.push({ row, label: LABELS[row] ?? row, qd, runs: runs.length, iops: per('iops'), p50Us: per('p50Us'), p99Us: per('p99Us') });
    }
  }
  const iops = (row: string, qd: number) => out.find((r) => r.row === row && r.qd === qd)?.iops.median ?? NaN;
  const targets: Target[] = [];
  for (const qd of qds) {
    const ts = iops('ts', qd);
    const k = iops('kernel', qd);
    targets.push({ target: `polled TypeScript driver ≥ kernel driver IOPS, QD${qd}`, measured: Number.isNaN(ts / k) ? 'not measured' : `${(ts / k).toFixed(2)}× (${fmt(ts)} vs ${fmt(k)})`, met: ts >= k });
  }
  for (const qd of qds) {
    const w = iops('wasm', qd);
    const c = iops('c', qd);
    targets.push({ target: `wasm path ≥ 0.8× the C loop IOPS, QD${qd}`, measured: Number.isNaN(w) ? 'wasm row not measured (see errors)' : Number.isNaN(c) ? 'C row not measured' : `${(w / c).toFixed(2)}× (${fmt(w)} vs ${fmt(c)})`, met: w >= 0.8 * c });
  }
  return { rows: out, targets, order, qds };
}

const fmt = (x: number): string => (Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const cell = (s: Spread, runs: number): string => (runs > 1 ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median));

export function formatTable(summary: Summary, notes: Record<string, string>): string {
  const lines: string[] = [];
  const head = ['path', ...summary.qds.flatMap((q) => [`QD${q} IOPS`, `QD${q} p50 µs`, `QD${q} p99 µs`]), ...summary.qds.map((q) => `QD${q} vs kernel`)];
  lines.push('', 'NVMe 4 KiB random reads in the guest: median (range) over the runs; each run is the median of its rounds', '', `| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  const kernel = (qd: number) => summary.rows.find((r) => r.row === 'kernel' && r.qd === qd)?.iops.median ?? NaN;
  for (const row of summary.order) {
    const rs = summary.qds.map((qd) => summary.rows.find((r) => r.row === row && r.qd === qd));
    if (rs.every((r) => r === undefined)) {
      lines.push(`| ${LABELS[row] ?? row} | ${notes[row] ?? 'not measured (see errors)'} |`);
      continue;
    }
    const cells = rs.flatMap((r) => (r ? [cell(r.iops, r.runs), cell(r.p50Us, r.runs), cell(r.p99Us, r.runs)] : ['–', '–', '–']));
    const ratios = summary.qds.map((qd, i) => (rs[i] ? `${(rs[i]!.iops.median / kernel(qd)).toFixed(2)}×` : '–'));
    lines.push(`| ${LABELS[row] ?? row} | ${[...cells, ...ratios].join(' | ')} |`);
  }
  // Notes of measured rows (e.g. who wrote the wasm engine's doorbells) go under the table.
  const measured = summary.order.filter((row) => notes[row] !== undefined && summary.rows.some((r) => r.row === row));
  if (measured.length) lines.push('', ...measured.map((row) => `${LABELS[row] ?? row}: ${notes[row]}`));
  lines.push('', 'Targets (issue 11; not tests)', '', '| target | measured | met |', '|---|---|---|');
  for (const t of summary.targets) lines.push(`| ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'NO'} |`);
  return lines.join('\n');
}
