// Runs load → lower over in-memory files and returns diagnostics as `line:col CODE message` strings
// (file-qualified when not in the main file), so a test states exactly what a user would read.
import path from 'node:path';
import { loadProgram } from '../../../compiler/resolve/load.js';
import { analyze as lower, type Analysis as LowerResult } from '../../../compiler/compile.js';
import type { Program } from '../../../compiler/resolve/program.js';
import { lineColOf } from '../../../compiler/source/source.js';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import type { IrSpec } from '../../../compiler/ir/ir.js';

export interface Run {
  readonly program: Program;
  readonly lowered: LowerResult | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly ir: IrSpec | undefined;
  /** `line:col CODE message` (warnings prefixed `warning `), main file unqualified. */
  readonly lines: string[];
}

export function run(files: string | Readonly<Record<string, string>>, main = 'main.regs'): Run {
  const map: Record<string, string> = typeof files === 'string' ? { [main]: files } : { ...files };
  const program = loadProgram(main, {
    readFile: (p) => map[p],
    resolve: (from, rel) => path.posix.join(path.posix.dirname(from), rel),
  });
  const lowered = program.diagnostics.some((d) => d.severity === 'error') ? undefined : lower(program);
  const diagnostics = [...program.diagnostics, ...(lowered?.diagnostics ?? [])];
  const lines = diagnostics.map((d) => {
    const src = program.sources.get(d.span.file);
    const { line, col } = src ? lineColOf(src, d.span.start) : { line: 0, col: 0 };
    const where = d.span.file === main ? '' : `${d.span.file}:`;
    return `${d.severity === 'warning' ? 'warning ' : ''}${where}${line}:${col} ${d.code} ${d.message}`;
  });
  return { program, lowered, diagnostics, ir: lowered?.ir, lines };
}

/** Wraps register declarations in a device with one 4 KiB BAR; the items start on line 3. */
export function inBar(items: string): string {
  return `device d {\n  bar 0 regs mmio size 0x1000 {\n${items}\n  }\n}\n`;
}
