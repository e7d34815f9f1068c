// bench/run.ts output: a table with every figure as a ratio to C in the same run, and the same as JSON.
import type { Bench, RegisterOps } from './measure.js';
import type { IrqRow } from './irq/index.js';
import { formatIrqRows } from './irq/index.js';
import type { CompileRow } from './compile.js';
import type { BulkRow } from './bulk.js';

export interface Results {
  readonly machine: Record<string, string | number>;
  readonly parameters: Bench;
  /** read/write/modify rotating over r[0..1023]: an array register at a computed address. */
  readonly registers: ({ readonly impl: string } & RegisterOps)[];
  /** read/write/modify of one register (ctrl): an address the generated code holds as a constant. */
  readonly registerOne?: ({ readonly impl: string } & RegisterOps)[];
  readonly rings: { readonly impl: string; readonly batch: number; readonly nsPerDescriptor: number }[];
  /** The bulk array routines over r[0..1023], ns per element (issue 13). */
  readonly bulk?: readonly BulkRow[];
  readonly irq?: readonly IrqRow[];
  readonly compile?: readonly CompileRow[];
  /** Implementation → error message, for paths that could not be measured (their figures are NaN). */
  readonly failures?: Record<string, string>;
}

const fmt = (ns: number): string => (ns >= 100 ? ns.toFixed(0) : ns >= 10 ? ns.toFixed(1) : ns.toFixed(2));
const ratio = (x: number, c: number): string => `${(x / c).toFixed(2)}×`;

/** Prints the table (or only JSON with `jsonOnly`) and returns the JSON text. */
export function printTable(r: Results, jsonOnly: boolean): string {
  const vsC = (rows: readonly ({ readonly impl: string } & RegisterOps)[]) =>
    rows.map((row) => ({ ...row, readVsC: row.read / rows[0]!.read, writeVsC: row.write / rows[0]!.write, modifyVsC: row.modify / rows[0]!.modify }));
  const registers = vsC(r.registers);
  const registerOne = vsC(r.registerOne ?? []);
  const rings = r.rings.map((row) => {
    const cRow = r.rings.find((x) => x.batch === row.batch && x.impl === r.rings[0]!.impl)!;
    return { ...row, descriptorsPerSecond: 1e9 / row.nsPerDescriptor, timeVsC: row.nsPerDescriptor / cRow.nsPerDescriptor, throughputVsC: cRow.nsPerDescriptor / row.nsPerDescriptor };
  });
  const bulk = (r.bulk ?? []).map((row) => ({ ...row, vsC: row.nsPerElement / r.registers[0]![row.vs] }));
  const targets = targetsOf(r);
  const json = JSON.stringify({ machine: r.machine, parameters: r.parameters, registers, registerOne, rings, bulk, irq: r.irq ?? [], compile: r.compile ?? [], targets, failures: r.failures ?? {} }, null, 2) + '\n';
  if (jsonOnly) {
    process.stdout.write(json);
    return json;
  }
  const lines: string[] = [];
  lines.push(`regmill bench — ${r.machine['cpu']}, ${r.machine['cores']} cores, Node ${r.machine['node']}, gcc ${r.machine['gcc']}`);
  const table = (rows: typeof registers): void => {
    lines.push('| implementation | read | write | modify |', '|---|---:|---:|---:|');
    for (const row of rows) {
      lines.push(`| ${row.impl} | ${fmt(row.read)} (${ratio(row.read, rows[0]!.read)}) | ${fmt(row.write)} (${ratio(row.write, rows[0]!.write)}) | ${fmt(row.modify)} (${ratio(row.modify, rows[0]!.modify)}) |`);
    }
  };
  lines.push('', 'Register access, ns/op (ratio to C in this run): one register (ctrl), whose address the generated code holds as a constant', '');
  table(registerOne);
  lines.push('', 'Register array, ns/op (ratio to C in this run): read/write/modify rotate over r[i & 1023], a computed address', '');
  table(registers);
  if (bulk.length) {
    lines.push('', 'Register array, bulk routines: one pass over r[0..1023] per call, ns per element (ratio to C\'s read or write of r[i] in this run)', '');
    lines.push('| implementation | routine | ns/element | vs C |', '|---|---|---:|---:|');
    for (const row of bulk) lines.push(`| ${row.impl} | ${row.op} | ${fmt(row.nsPerElement)} | ${row.vsC.toFixed(2)}× C ${row.vs} |`);
  }
  lines.push('', 'Descriptor ring (submit: fill, fence, ownership, fence, one doorbell; then reap by done bit), per batch size', '');
  lines.push('| implementation | batch | ns/descriptor | Mdescriptors/s | throughput vs C |', '|---|---:|---:|---:|---:|');
  for (const row of rings) {
    lines.push(`| ${row.impl} | ${row.batch} | ${fmt(row.nsPerDescriptor)} | ${(row.descriptorsPerSecond / 1e6).toFixed(2)} | ${(row.throughputVsC * 100).toFixed(0)}% |`);
  }
  if (r.irq?.length) lines.push('', 'Interrupt wake-up: eventfd written by another process → handler running', '', ...formatIrqRows(r.irq));
  if (r.compile?.length) {
    lines.push('', 'Compiler (parse + check + IR + TS emit, each case in a fresh process)', '');
    lines.push('| case | registers | ms | registers/s | output bytes | max RSS MiB |', '|---|---:|---:|---:|---:|---:|');
    for (const c of r.compile) lines.push(`| ${c.case} | ${c.registers} | ${c.ms} | ${c.registersPerSecond} | ${c.outputBytes} | ${c.maxRssMiB} |`);
  }
  lines.push('', 'Targets (issues 2, 4, 6 and 13), from this run', '', '| target | measured | met |', '|---|---|---|');
  for (const t of targets) lines.push(`| ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'NO'} |`);
  for (const [impl, message] of Object.entries(r.failures ?? {})) lines.push('', `not measured: ${impl}: ${message}`);
  lines.push('', 'JSON (also in bench/out/results.json):', json);
  process.stdout.write(lines.join('\n') + '\n');
  return json;
}

export interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Every speed target the issues set, checked against this run's figures (NaN → not met). */
export function targetsOf(r: Results): Target[] {
  const row = (impl: string) => r.registers.find((x) => x.impl === impl);
  const one = (impl: string) => r.registerOne?.find((x) => x.impl === impl);
  const c = r.registers[0]!;
  const c1 = r.registerOne?.[0];
  const ts = row('TS generated accessor');
  const wasm = row('wasm generated routine, loop in wasm');
  const ts1 = one('TS generated accessor');
  const wasm1 = one('wasm generated routine, loop in wasm');
  const py = r.registers.filter((x) => /python/i.test(x.impl));
  const fastestPy = py.length ? Math.min(...py.map((x) => x.read)) : NaN;
  const ring = (impl: string, batch: number) => r.rings.find((x) => x.impl === impl && x.batch === batch)?.nsPerDescriptor ?? NaN;
  const out: Target[] = [];
  const x = (v: number) => `${v.toFixed(2)}×`;
  if (ts1 && c1) out.push({ target: 'TS accessor read ≤ 2.5× C (one register)', measured: x(ts1.read / c1.read), met: ts1.read / c1.read <= 2.5 });
  if (ts) out.push({ target: 'TS accessor read ≤ 2.5× C (register array)', measured: x(ts.read / c.read), met: ts.read / c.read <= 2.5 });
  if (wasm1 && c1) out.push({ target: 'wasm loop read ≤ 1.7× C (one register)', measured: x(wasm1.read / c1.read), met: wasm1.read / c1.read <= 1.7 });
  if (wasm) out.push({ target: 'wasm loop read ≤ 1.7× C (register array)', measured: x(wasm.read / c.read), met: wasm.read / c.read <= 1.7 });
  for (const batch of [32, 256]) {
    const w = ring('wasm generated submit/reap', batch);
    const t = ring('TS generated DmaView.publish/isDone', batch);
    const cr = ring(r.rings[0]?.impl ?? '', batch);
    out.push({ target: `wasm ring ≥ 3× TS ring (batch ${batch})`, measured: x(t / w), met: t / w >= 3 });
    out.push({ target: `wasm ring ≥ ½ of C (batch ${batch})`, measured: `${((cr / w) * 100).toFixed(0)}% of C`, met: cr / w >= 0.5 });
  }
  if (ts && py.length) out.push({ target: 'TS accessor read ≥ 20× faster than Python mmap', measured: x(fastestPy / ts.read), met: fastestPy / ts.read >= 20 });
  const irqC = r.irq?.find((i) => i.medianVsC === 1);
  const irqRm = r.irq?.find((i) => /regmill/i.test(i.impl) && i !== irqC);
  if (irqC && irqRm) out.push({ target: 'interrupt wake-up median ≤ 3× C', measured: x(irqRm.medianVsC), met: irqRm.medianVsC <= 3 });
  for (const c of r.compile ?? []) out.push({ target: `compile ${c.case} ${c.target}`, measured: c.note ?? `${c.ms} ms${c.cpuMs === undefined ? '' : ` (${c.cpuMs} ms CPU)`}, ${c.maxRssMiB} MiB`, met: c.met });
  out.push(...issue13Targets(r));
  return out;
}

/** Issue 13's table, one row per path: the ratio to C in this run against the target. */
function issue13Targets(r: Results): Target[] {
  const out: Target[] = [];
  const x = (v: number) => `${v.toFixed(2)}×`;
  const add = (target: string, v: number, limit: number, extra = '') => out.push({ target: `13: ${target} ≤ ${limit}× C`, measured: `${x(v)}${extra}`, met: v <= limit });
  const c = r.registers[0];
  const c1 = r.registerOne?.[0];
  const ts = r.registers.find((x) => x.impl === 'TS generated accessor');
  const ts1 = r.registerOne?.find((x) => x.impl === 'TS generated accessor');
  const wasm = r.registers.find((x) => x.impl === 'wasm generated routine, loop in wasm');
  const call = r.registers.find((x) => x.impl === 'wasm generated routine, one JS call per access');
  add('generated modify({ field }), one register', ts1 && c1 ? ts1.modify / c1.modify : NaN, 3);
  add('generated modify(i, { field }), register array element', ts && c ? ts.modify / c.modify : NaN, 3);
  add('generated write(i, v), register array', ts && c ? ts.write / c.write : NaN, 1.5);
  const ring = (impl: string, batch: number) => r.rings.find((x) => x.impl === impl && x.batch === batch)?.nsPerDescriptor ?? NaN;
  for (const batch of [32, 256]) {
    const cr = ring(r.rings[0]?.impl ?? '', batch);
    const t = ring('TS generated ring publish/reap', batch);
    const hand = ring('TS hand-written typed arrays', batch);
    out.push({
      target: `13: generated TS ring publish/reap ≤ 2.5× C and ≤ hand-written typed arrays (batch ${batch})`,
      measured: `${x(t / cr)} C, ${x(t / hand)} hand-written`,
      met: t / cr <= 2.5 && t <= hand,
    });
  }
  const bulk = (r.bulk ?? []).filter((b) => /one JS/.test(b.impl));
  if (bulk.length && c) {
    const worst = Math.max(...bulk.map((b) => b.nsPerElement / c[b.vs]));
    out.push({
      target: '13: one JS → wasm call per array access: bulk array routines ≤ 2× C',
      measured: `${bulk.map((b) => `${b.op.split('$')[0]} ${x(b.nsPerElement / c[b.vs])}`).join(', ')}${call ? `; a call per element: ${x(call.read / c.read)} (read)` : ''}`,
      met: worst <= 2,
    });
  } else if (call && c) out.push({ target: '13: one JS → wasm call per array access: bulk array routines ≤ 2× C', measured: `no bulk routines measured; a call per access is ${x(call.read / c.read)} (read)`, met: false });
  const inWasm = r.bulk?.find((b) => /loop in wasm/.test(b.impl) && b.op.startsWith('readArray'));
  if (wasm && c) {
    // Reading an array in a wasm loop: readArray$r (constant addresses) is the routine for it; the
    // loop with a computed index (read$r(i & 1023)) is shown too, it keeps V8's alignment check.
    const best = inWasm ? inWasm.nsPerElement / c.read : wasm.read / c.read;
    out.push({
      target: '13: wasm loop, register-array read ≤ 1.2× C',
      measured: `${inWasm ? `readArray$r in a wasm loop ${x(inWasm.nsPerElement / c.read)}; ` : ''}read$r(i & 1023) in a wasm loop ${x(wasm.read / c.read)}`,
      met: best <= 1.2,
    });
  }
  const irq = (re: RegExp) => r.irq?.find((i) => re.test(i.impl));
  const events = irq(/irq\.events\(\)/);
  const handle = irq(/irq\.handle\(\)/);
  // Every row of the issue's table prints, measured or not (NaN: not met).
  add('irq.events() wake-up median', events?.medianVsC ?? NaN, 2, events ? '' : ' (not measured)');
  add('irq.events() wake-up p99', events?.p99VsC ?? NaN, 3, events ? '' : ' (not measured)');
  add('irq.handle() wake-up p99', handle?.p99VsC ?? NaN, 3, handle ? '' : ' (not measured)');
  // The compile rows print from the compile section (targetsOf); left out (--skip compile), say so.
  if (!r.compile?.length) out.push({ target: '13: compile 10,000 registers < 1 s (ts+ir), < 2 s (all back ends)', measured: 'not measured', met: false });
  return out;
}
