// bench/run.ts output: a table with every figure as a ratio to C in the same run, and the same as JSON.
import type { Bench, RegisterOps } from './measure.js';

export interface Results {
  readonly machine: Record<string, string | number>;
  readonly parameters: Bench;
  readonly registers: ({ readonly impl: string } & RegisterOps)[];
  readonly rings: { readonly impl: string; readonly batch: number; readonly nsPerDescriptor: number }[];
  /** Implementation → error message, for paths that could not be measured (their figures are NaN). */
  readonly failures?: Record<string, string>;
}

const fmt = (ns: number): string => (ns >= 100 ? ns.toFixed(0) : ns >= 10 ? ns.toFixed(1) : ns.toFixed(2));
const ratio = (x: number, c: number): string => `${(x / c).toFixed(2)}×`;

/** Prints the table (or only JSON with `jsonOnly`) and returns the JSON text. */
export function printTable(r: Results, jsonOnly: boolean): string {
  const c = r.registers[0]!;
  const registers = r.registers.map((row) => ({
    ...row,
    readVsC: row.read / c.read,
    writeVsC: row.write / c.write,
    modifyVsC: row.modify / c.modify,
  }));
  const rings = r.rings.map((row) => {
    const cRow = r.rings.find((x) => x.batch === row.batch && x.impl === r.rings[0]!.impl)!;
    return { ...row, descriptorsPerSecond: 1e9 / row.nsPerDescriptor, timeVsC: row.nsPerDescriptor / cRow.nsPerDescriptor, throughputVsC: cRow.nsPerDescriptor / row.nsPerDescriptor };
  });
  const json = JSON.stringify({ machine: r.machine, parameters: r.parameters, registers, rings, failures: r.failures ?? {} }, null, 2) + '\n';
  if (jsonOnly) {
    process.stdout.write(json);
    return json;
  }
  const lines: string[] = [];
  lines.push(`regmill bench — ${r.machine['cpu']}, ${r.machine['cores']} cores, Node ${r.machine['node']}, gcc ${r.machine['gcc']}`);
  lines.push('', 'Register access, ns/op (ratio to C in this run); read/write/modify rotate over 1024 32-bit registers', '');
  lines.push('| implementation | read | write | modify |', '|---|---:|---:|---:|');
  for (const row of registers) {
    lines.push(`| ${row.impl} | ${fmt(row.read)} (${ratio(row.read, c.read)}) | ${fmt(row.write)} (${ratio(row.write, c.write)}) | ${fmt(row.modify)} (${ratio(row.modify, c.modify)}) |`);
  }
  lines.push('', 'Descriptor ring (submit: fill, fence, ownership, fence, one doorbell; then reap by done bit), per batch size', '');
  lines.push('| implementation | batch | ns/descriptor | Mdescriptors/s | throughput vs C |', '|---|---:|---:|---:|---:|');
  for (const row of rings) {
    lines.push(`| ${row.impl} | ${row.batch} | ${fmt(row.nsPerDescriptor)} | ${(row.descriptorsPerSecond / 1e6).toFixed(2)} | ${(row.throughputVsC * 100).toFixed(0)}% |`);
  }
  for (const [impl, message] of Object.entries(r.failures ?? {})) lines.push('', `not measured: ${impl}: ${message}`);
  lines.push('', 'JSON (also in bench/out/results.json):', json);
  process.stdout.write(lines.join('\n') + '\n');
  return json;
}
