// `regmill check <spec…>`: diagnostics only. Exit 1 when any spec has an error.
import path from 'node:path';
import type { Command } from '../command.js';
import { compile } from '../../compiler/compile.js';
import { parseCommandArgs, usageError } from '../usage.js';
import { lineColOf } from '../../compiler/source/source.js';

const usage = `Usage: regmill check <spec.regs…> [--json]

Parses and checks each spec and prints every diagnostic as file:line:col: severity: message.
Warnings a spec acknowledges with \`allow CODE "reason";\` are not printed; the summary counts them.
Exit status: 0 no errors (warnings allowed), 1 errors, 2 bad usage.

Options:
  --json       print diagnostics as JSON (one array for all specs)
  -h, --help   show this help`;

export const checkCommand: Command = {
  name: 'check',
  summary: 'check specs and print diagnostics (exit 1 on error)',
  usage,
  async run(argv, io) {
    const parsed = parseCommandArgs<{ json?: boolean }>(io, 'check', usage, argv, { json: { type: 'boolean' } });
    if (typeof parsed === 'number') return parsed;
    const { values, positionals } = parsed;
    if (positionals.length === 0) return usageError(io, 'check', 'no spec given', usage);
    let errors = 0;
    let warnings = 0;
    let allowed = 0;
    const json: unknown[] = [];
    for (const spec of positionals) {
      const r = await compile({ path: path.resolve(io.cwd, spec) }, { emit: [] });
      allowed += r.suppressed.length;
      for (const d of r.diagnostics) {
        if (d.severity === 'error') errors++;
        else if (d.severity === 'warning') warnings++;
      }
      if (values.json) {
        json.push(
          ...r.diagnostics.map((d) => {
            const src = r.sources.get(d.span.file);
            return { ...d, ...(src ? lineColOf(src, d.span.start) : {}) };
          }),
        );
      } else if (r.diagnostics.length) io.stderr(r.format() + '\n');
    }
    if (values.json) io.stdout(JSON.stringify(json, null, 2) + '\n');
    else {
      const note = allowed ? ` (${allowed} more allowed by the spec)` : '';
      io.stderr(`${positionals.length} spec${positionals.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${note}\n`);
    }
    return errors ? 1 : 0;
  },
};
