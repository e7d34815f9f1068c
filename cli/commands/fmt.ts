// `regmill fmt <spec…>`: rewrite specs in the canonical style (compiler/format). `--check` writes
// nothing and fails when a file is not formatted; `--stdout` prints instead of rewriting. A file is
// replaced atomically (temporary file in the same folder, then rename) and only when it changes, so
// a file watcher sees one complete new version or nothing.
import { chmodSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command, CliIO } from '../command.js';
import { formatSpec } from '../../compiler/format/index.js';
import { readErrorText, readSpecFile } from '../../compiler/resolve/read.js';
import { renderDiagnostics } from '../../compiler/diagnostics/render.js';
import { parseCommandArgs, usageError } from '../usage.js';

const usage = `Usage: regmill fmt <spec.regs…> [--check | --stdout]

Rewrites each spec in regmill's one canonical style: two-space indentation, one declaration per
line, canonical spacing, lower-case hex, long lines broken before their doc string; every comment
is kept. A spec with syntax errors is reported and left alone.

Options:
  --check      write nothing; list the files that are not formatted (exit 1 if any)
  --stdout     print the formatted specs instead of rewriting them
  -h, --help   show this help

Exit status: 0 done (with --check: everything formatted), 1 a file would change (--check), has
syntax errors or cannot be read or written, 2 bad usage.`;

type Outcome = 'unchanged' | 'changed' | 'failed';

export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'print specs in the canonical style (--check: exit 1 if any is not)',
  usage,
  async run(argv, io) {
    const parsed = parseCommandArgs<{ check?: boolean; stdout?: boolean }>(io, 'fmt', usage, argv, { check: { type: 'boolean' }, stdout: { type: 'boolean' } });
    if (typeof parsed === 'number') return parsed;
    const { values, positionals } = parsed;
    if (positionals.length === 0) return usageError(io, 'fmt', 'no spec given', usage);
    if (values.check && values.stdout) return usageError(io, 'fmt', '--check and --stdout cannot be combined', usage);
    const mode = values.check ? 'check' : values.stdout ? 'stdout' : 'write';

    const counts: Record<Outcome, number> = { unchanged: 0, changed: 0, failed: 0 };
    for (const spec of positionals) counts[formatOne(spec, mode, io)]++;

    const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`;
    const failed = counts.failed ? `, ${n(counts.failed, 'file')} with errors` : '';
    if (mode === 'check') {
      if (counts.changed) io.stderr(`regmill fmt --check: ${n(counts.changed, 'file')} not formatted${failed}; run regmill fmt ${positionals.join(' ')}\n`);
      else if (counts.failed) io.stderr(`regmill fmt --check: ${n(counts.failed, 'file')} with errors\n`);
      return counts.changed || counts.failed ? 1 : 0;
    }
    if (mode === 'write') io.stderr(`regmill fmt: ${n(counts.changed, 'file')} reformatted, ${counts.unchanged} already formatted${failed}\n`);
    return counts.failed ? 1 : 0;
  },
};

function formatOne(spec: string, mode: 'check' | 'stdout' | 'write', io: CliIO): Outcome {
  const file = path.resolve(io.cwd, spec);
  let text: string | undefined;
  try {
    // The compiler's reader: regular files only (a FIFO would block, /dev/zero never end).
    text = readSpecFile(file);
  } catch (e) {
    io.stderr(`regmill fmt: error: cannot read ${spec}: ${readErrorText(e)}\n`);
    return 'failed';
  }
  if (text === undefined) {
    io.stderr(`regmill fmt: error: cannot read ${spec}: ENOENT (open ${spec})\n`);
    return 'failed';
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1); // a BOM is not part of the spec (docs/language.md)
  const bad = text.search(/[\u0000\uFFFD]/);
  if (bad >= 0) {
    io.stderr(`regmill fmt: error: ${spec} is not a text file (${text[bad] === '\u0000' ? 'a NUL byte' : 'invalid UTF-8'} at character ${bad + 1}); left as it was\n`);
    return 'failed';
  }
  let result;
  try {
    result = formatSpec(text, spec);
  } catch (e) {
    // A formatter bug caught by its own check: the file is left as it is.
    io.stderr(`regmill fmt: internal error: ${(e as Error).message}\n`);
    return 'failed';
  }
  if (!('text' in result)) {
    const source = { file: spec, text };
    io.stderr(renderDiagnostics(result.diagnostics, { sourceOf: (f) => (f === spec ? source : undefined) }) + '\n');
    io.stderr(`regmill fmt: ${spec} has syntax errors; not formatted\n`);
    return 'failed';
  }
  const changed = result.text !== text;
  if (mode === 'stdout') {
    io.stdout(result.text);
    return changed ? 'changed' : 'unchanged';
  }
  if (mode === 'check') {
    if (changed) io.stdout(`${spec}\n`);
    return changed ? 'changed' : 'unchanged';
  }
  if (!changed) return 'unchanged';
  try {
    replaceFile(file, result.text);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.stderr(`regmill fmt: error: cannot write ${spec}: ${err.code ?? 'error'} (${err.syscall ?? 'write'} ${err.path ?? spec}); left as it was\n`);
    return 'failed';
  }
  return 'changed';
}

/** Writes a sibling temporary file with the same mode, then renames it over the file (through a symlink to its target). */
function replaceFile(file: string, text: string): void {
  const target = realpathSync(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.regmill-fmt-${process.pid}-${Date.now()}`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    chmodSync(tmp, statSync(target).mode & 0o7777);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
