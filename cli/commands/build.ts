// `regmill build <spec…> -o <dir>`: compile each spec and write its outputs to <dir>/<spec-name>/,
// all or nothing. `--check` writes nothing and fails when <dir> is stale.
import path from 'node:path';
import type { Command, CliIO } from '../command.js';
import { compile, type CompileResult } from '../../compiler/compile.js';
import { DEFAULT_EMIT, EMIT_KINDS, isEmitKind, type EmitKind } from '../../compiler/backends/registry.js';
import { compareOutputs, StagedOutput } from '../../compiler/write.js';
import type { OutputFile } from '../../compiler/backends/backend.js';
import { fsErrorText } from '../../compiler/source/fsError.js';
import { parseCommandArgs, usageError } from '../usage.js';
import { PROGRESS_MODES, Progress, type ProgressMode } from '../progress.js';

const usage = `Usage: regmill build <spec.regs…> -o <dir> [options]

Compiles each spec and writes its outputs to <dir>/<spec-name>/ (e.g. generated/edu/edu.ts).
Nothing is written when any spec has an error; a spec's folder is replaced whole.

Options:
  -o, --out <dir>      output directory (required)
  --emit <kinds>       comma-separated: ${EMIT_KINDS.join(', ')} (default: ${DEFAULT_EMIT.join(', ')});
                       ipxact is IP-XACT 2014 <spec>.ipxact.xml, svd is CMSIS-SVD 1.3 <spec>.svd;
                       js is the TypeScript accessors compiled to .js + .d.ts, for plain-JS
                       projects (needs the typescript package at build time only)
  --check              write nothing; exit 1 if <dir> differs from what would be written
  --watch              build, then rebuild whenever a spec or an imported file changes
                       (Ctrl-C stops)
  --progress <when>    auto (default), always or never: a progress line on stderr (spec and
                       step) for a build longer than about a second; auto shows it only when
                       stderr is a terminal, in place, erased at the end; always prints one
                       line per step even to a pipe or file. Never on stdout.
  --registers-import <specifier>
                       module generated TypeScript imports the register core from
                       (default: regmill/registers)
  -h, --help           show this help`;

/**
 * Compiles every spec; undefined (diagnostics printed) when any has an error. With `staged`, each
 * file is written to the staging folder as its back end finishes instead of kept in the result (the
 * caller commits or aborts it); a write error is thrown.
 */
export async function compileAll(specs: readonly string[], emit: readonly EmitKind[], io: CliIO, registersImport?: string, progressMode: ProgressMode = 'auto', staged?: StagedOutput): Promise<CompileResult[] | undefined> {
  const results: CompileResult[] = [];
  const progress = new Progress({ mode: progressMode, write: io.stderr, isTTY: io.stderrIsTTY === true });
  for (const spec of specs) {
    const name = path.basename(spec).replace(/\.regs$/, '');
    const output = staged ? (f: OutputFile) => staged.add(name, f) : undefined;
    const r = await compile({ path: path.resolve(io.cwd, spec) }, { emit, progress: (what, slow) => progress.step(what, slow), ...(registersImport ? { registersImport } : {}), ...(output ? { output } : {}) });
    progress.clear();
    if (r.diagnostics.length) io.stderr(r.format() + '\n');
    results.push(r);
  }
  const errors = results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'error').length, 0);
  if (errors > 0) {
    io.stderr(`regmill: ${errors} error${errors === 1 ? '' : 's'}; nothing written\n`);
    return undefined;
  }
  const names = new Map<string, string>();
  for (let i = 0; i < results.length; i++) {
    const prev = names.get(results[i]!.name);
    if (prev) {
      io.stderr(`regmill build: error: ${specs[i]} and ${prev} would both write to '${results[i]!.name}/'; rename one of them\n`);
      return undefined;
    }
    names.set(results[i]!.name, specs[i]!);
  }
  return results;
}

/** An error of a file-system call (it names its syscall), as opposed to a bug. */
const isFsError = (e: unknown): boolean => typeof (e as NodeJS.ErrnoException | undefined)?.syscall === 'string';

export const buildCommand: Command = {
  name: 'build',
  summary: 'compile specs to TypeScript accessors, WebAssembly hot paths, C headers, docs and JSON IR (IP-XACT and SVD on request)',
  usage,
  async run(argv, io) {
    const parsed = parseCommandArgs<{ out?: string; emit?: string; check?: boolean; watch?: boolean; progress?: string; 'registers-import'?: string }>(io, 'build', usage, argv, {
      out: { type: 'string', short: 'o' },
      emit: { type: 'string' },
      check: { type: 'boolean' },
      watch: { type: 'boolean' },
      progress: { type: 'string' },
      'registers-import': { type: 'string' },
    });
    if (typeof parsed === 'number') return parsed;
    const { values, positionals } = parsed;
    if (positionals.length === 0) return usageError(io, 'build', 'no spec given', usage);
    if (!values.out) return usageError(io, 'build', 'missing -o <dir>', usage);
    const kinds = (values.emit ?? DEFAULT_EMIT.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
    const bad = kinds.filter((k) => !isEmitKind(k));
    if (bad.length) return usageError(io, 'build', `unknown --emit kind '${bad[0]}' (expected ${EMIT_KINDS.join(', ')})`, usage);

    const progress = (values.progress ?? 'auto') as ProgressMode;
    if (!PROGRESS_MODES.includes(progress)) return usageError(io, 'build', `unknown --progress '${values.progress}' (expected ${PROGRESS_MODES.join(', ')})`, usage);

    if (values.watch) {
      if (values.check) return usageError(io, 'build', '--watch and --check cannot be combined', usage);
      const { watchBuild } = await import('../watch.js');
      return watchBuild({
        specs: positionals,
        out: values.out,
        emit: kinds as EmitKind[],
        io,
        ...(values['registers-import'] ? { registersImport: values['registers-import'] } : {}),
      });
    }
    const outDir = path.resolve(io.cwd, values.out);
    if (!values.check) {
      // Each file is written to a staging folder as its back end finishes (a 100,000-register build
      // never holds every back end's output at once); nothing replaces the output unless all succeed.
      const staged = new StagedOutput(outDir);
      try {
        const results = await compileAll(positionals, kinds as EmitKind[], io, values['registers-import'], progress, staged);
        if (!results) {
          staged.abort();
          return 1;
        }
        // A spec without a device (warning RM0223) has nothing to write: not even an empty folder.
        for (const r of results) if (r.ir?.devices.length !== 0) staged.folder(r.name);
        const written = staged.commit();
        io.stdout(`regmill build: wrote ${written.length} files for ${results.length} spec${results.length === 1 ? '' : 's'} to ${values.out}\n`);
        return 0;
      } catch (e) {
        staged.abort();
        if (!isFsError(e)) throw e;
        io.stderr(`regmill build: error: cannot write ${values.out}: ${fsErrorText(e)}; nothing written\n`);
        return 1;
      }
    }
    const results = await compileAll(positionals, kinds as EmitKind[], io, values['registers-import'], progress);
    if (!results) return 1;
    const outputs = results.filter((r) => r.ir?.devices.length !== 0).map((r) => ({ name: r.name, files: r.files }));
    // --check: compared in memory, nothing written.
    const report = compareOutputs(outDir, outputs);
    const rel = (f: string) => path.relative(io.cwd, f);
    const stale = [
      ...report.changed.map((f) => `changed: ${rel(f)}`),
      ...report.missing.map((f) => `missing: ${rel(f)}`),
      ...report.extra.map((f) => `extra:   ${rel(f)}`),
    ];
    if (stale.length) {
      const rerun = `regmill build ${positionals.join(' ')} -o ${values.out}${values.emit ? ` --emit ${values.emit}` : ''}`;
      io.stderr(`regmill build --check: ${values.out} is stale:\n  ${stale.join('\n  ')}\nto refresh it, run: ${rerun}\n`);
      return 1;
    }
    io.stdout(`regmill build --check: ${values.out} is up to date (${results.length} spec${results.length === 1 ? '' : 's'})\n`);
    return 0;
  },
};
