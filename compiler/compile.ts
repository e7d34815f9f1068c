// The programmatic entry point: spec text or path in; diagnostics, IR and emitted files out. Nothing is
// written to disk unless `outDir` is given (see write.ts for how a build replaces its output atomically).
// The pipeline, one folder per phase:
//   load + parse (resolve/load.ts, syntax/) → resolve (AST → model) → check (rules over the model)
//   → apply allows → lower (model → IR, only without errors) → backends (IR → files).
import path from 'node:path';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { renderDiagnostics } from './diagnostics/render.js';
import type { Source } from './source/source.js';
import type { IrSpec } from './ir/ir.js';
import { BackendError, streamedText, type Backend, type BackendWarn, type OutputFile } from './backends/backend.js';
import { Reporter } from './diagnostics/reporter.js';
import { codes, severityOf } from './diagnostics/codes.js';
import { loadProgram } from './resolve/load.js';
import { readSpecFile } from './resolve/read.js';
import type { Program } from './resolve/program.js';
import { resolve } from './resolve/resolve.js';
import type { Model } from './model/model.js';
import { check } from './check/check.js';
import { applyAllows, type SuppressedDiagnostic } from './check/allows.js';
import { toIr } from './lower/toIr.js';
import { loadBackends, type EmitKind } from './backends/registry.js';
import { VERSION } from './version.js';
import { releaseGarbage } from './memory.js';
import { BIDI_CONTROL, escapeBidi } from './source/bidi.js';
import { span } from './source/source.js';

export { readSpecFile };

export type CompileInput =
  /** A spec file on disk (imports resolve relative to it). */
  | { readonly path: string }
  /** Spec text; `file` names it in diagnostics and resolves imports (default '<input>.regs' in cwd). */
  | { readonly text: string; readonly file?: string };

export interface CompileOptions {
  /** What to emit (default ['ts', 'ir']). 'wasm' runs asc and wasm-opt. */
  readonly emit?: readonly EmitKind[];
  /** Read a file; return undefined when it does not exist. Default: node:fs, UTF-8. */
  readonly readFile?: (file: string) => string | undefined;
  /** Module specifier generated TypeScript imports the register core from. */
  readonly registersImport?: string;
  /** The wasm back end's per-register routines: 'loops' (default) or 'all' (BackendOptions.wasmRoutines). */
  readonly wasmRoutines?: 'loops' | 'all';
  /** Stop reporting errors after this many (default 100). */
  readonly maxErrors?: number;
  /** Told each step as it starts (`edu.regs: wasm edu`), for a progress line; `slow`: a second or more. */
  readonly progress?: (what: string, slow?: boolean) => void;
  /**
   * Receives each emitted file as soon as its back end has finished, instead of `files` (then empty),
   * so a large build can write and drop each back end's output before the next one runs. A throw
   * (a write error) ends compile() with that error.
   */
  readonly output?: (file: OutputFile) => void;
}

export interface CompileResult {
  /** No errors (warnings allowed). */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Warnings the spec acknowledged with `allow` (not in `diagnostics`), each with its allow and reason. */
  readonly suppressed: readonly SuppressedDiagnostic[];
  /** The checked IR; undefined when there were errors. */
  readonly ir?: IrSpec;
  /** Emitted files, paths relative to the spec's output folder (e.g. `edu.ts`, `edu.ir.json`); empty with `output`. */
  readonly files: readonly OutputFile[];
  /** Base name of the spec (`edu` for specs/edu.regs): the output folder name `regmill build` uses. */
  readonly name: string;
  /** Every file read (main spec and imports), for locating diagnostics. */
  readonly sources: ReadonlyMap<string, Source>;
  /** Diagnostics rendered as `file:line:col: error: …` with source excerpts. */
  format(): string;
}

/** How a file name appears in diagnostics and generated headers: relative to cwd when inside it. */
export function displayName(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file).split(path.sep).join('/');
}

export async function compile(input: CompileInput, options: CompileOptions = {}): Promise<CompileResult> {
  const emit = options.emit ?? ['ts', 'ir'];
  const baseRead = options.readFile ?? readSpecFile;
  let mainFile: string;
  let readFile = baseRead;
  if ('path' in input) {
    mainFile = displayName(path.resolve(input.path));
  } else {
    mainFile = input.file ?? '<input>.regs';
    const text = input.text;
    readFile = (f) => (f === mainFile ? text : baseRead(f));
  }
  const name = path.basename(mainFile).replace(/\.regs$/, '');

  options.progress?.(`${mainFile}: parse and check`);
  const { sources, diagnostics, ir, suppressed } = frontEnd(mainFile, readFile, options.maxErrors);
  let ok = ir !== undefined;
  const files: OutputFile[] = [];
  if (ir && ir.devices.length === 0) {
    // An empty file (or one of only constants, enums, blocks and layouts) has nothing to generate:
    // say so instead of writing an IR with no devices (docs/language.md, "Lexical structure").
    diagnostics.push({ severity: 'warning', code: codes.noDevice, message: `no device in '${mainFile}': nothing to generate (a file without a device is only useful to import)`, span: span(mainFile, 0, 0) });
  } else if (ir) {
    const backends = await loadBackends(emit);
    const escaping = bidiIn(sources, [mainFile, options.registersImport ?? '']);
    // Files in --emit order whatever order the back ends run in.
    const byBackend = new Map<Backend, OutputFile[]>(backends.map((b) => [b, []]));
    // What a format cannot say, once per place and message (a block type's fields are written once per instance).
    const warned = new Set<string>();
    const warn: BackendWarn = (name, message, at) => {
      const key = `${at.file}:${at.line}:${at.col}:${message}`;
      if (warned.has(key)) return;
      warned.add(key);
      diagnostics.push({ severity: severityOf(name), code: codes[name], message, span: spanAt(sources.get(at.file), at) });
    };
    for (const backend of runOrder(backends)) {
      // The front end's data (first) or the previous back end's strings are garbage by now.
      releaseGarbage();
      options.progress?.(`${mainFile}: ${backend.name}`);
      try {
        let first = true;
        for (const f of await runBackend(backend, ir, mainFile, options, warn)) {
          const safe = escapeBidiIn(f, options.output !== undefined, escaping);
          // A streamed file after another (docs: .md, then .html) is generated as it is written:
          // what the one before it left is garbage.
          if (options.output && f.chunks && !first) releaseGarbage();
          first = false;
          if (options.output) options.output(safe);
          else byBackend.get(backend)!.push(safe);
        }
      } catch (e) {
        if (!(e instanceof BackendError)) throw e;
        diagnostics.push({ severity: 'error', code: e.code, message: e.detail, span: spanAt(sources.get(e.at.file), e.at) });
        ok = false;
      }
    }
    for (const fs of byBackend.values()) files.push(...fs);
  }
  const sourceOf = (f: string): Source | undefined => sources.get(f);
  return {
    ok,
    diagnostics,
    suppressed,
    ...(ir ? { ir } : {}),
    files,
    name,
    sources,
    format: () => renderDiagnostics(diagnostics, { sourceOf }),
  };
}

export interface AnalyzeOptions {
  /** Stop recording errors after this many (default 100). */
  readonly maxErrors?: number | undefined;
}

export interface Analysis {
  /** Undefined when there were errors. */
  readonly ir?: IrSpec;
  /** Sorted by file (program order) and position; warnings an `allow` covers are not here. */
  readonly diagnostics: Diagnostic[];
  /** The warnings `allow` statements took out of `diagnostics`, with the allow that did it. */
  readonly suppressed: readonly SuppressedDiagnostic[];
  /** The resolved model (for tools and tests); present even with errors. */
  readonly model: Model;
}

/**
 * Load, parse and analyze, keeping only what the back ends need: in its own (synchronous) function so
 * that the ASTs and the model are garbage once it returns, not held by compile()'s frame through every
 * back end (~400 MB at 100,000 registers; bench/README.md, "Compiler at scale").
 */
function frontEnd(mainFile: string, readFile: (file: string) => string | undefined, maxErrors: number | undefined): { sources: ReadonlyMap<string, Source>; diagnostics: Diagnostic[]; ir: IrSpec | undefined; suppressed: readonly SuppressedDiagnostic[] } {
  const program = loadProgram(mainFile, {
    readFile,
    resolve: (from, rel) => displayName(path.resolve(path.dirname(from), rel)),
    maxErrors,
  });
  const diagnostics: Diagnostic[] = [...program.diagnostics];
  if (diagnostics.some((d) => d.severity === 'error')) return { sources: program.sources, diagnostics, ir: undefined, suppressed: [] };
  // The tokens are garbage once parsed.
  releaseGarbage();
  const lowered = analyze(program, { maxErrors });
  diagnostics.push(...lowered.diagnostics);
  const ir = lowered.diagnostics.some((d) => d.severity === 'error') ? undefined : lowered.ir;
  return { sources: program.sources, diagnostics, ir, suppressed: lowered.suppressed };
}

/** A loaded program's phases after parsing: resolve → check → apply allows → lower (when error-free). */
export function analyze(program: Program, options: AnalyzeOptions = {}): Analysis {
  const reporter = new Reporter(options.maxErrors ?? 100);
  const model = resolve(program, reporter);
  check(model, reporter);
  const { reported, suppressed } = applyAllows(model.allows, reporter);

  const order = new Map(program.files.map((f, i) => [f.path, i]));
  const diagnostics = reported.sort(
    (a, b) => (order.get(a.span.file) ?? 1e9) - (order.get(b.span.file) ?? 1e9) || a.span.start - b.span.start,
  );
  const ir = reporter.hasErrors ? undefined : toIr(model, program);
  return { ...(ir ? { ir } : {}), diagnostics, suppressed, model };
}

/**
 * The wasm back end last: after asc and binaryen have run, the process's other JavaScript runs slower
 * for a while (the c back end took ~1.9 s CPU after wasm at 10,000 registers, ~1.0 s before it;
 * bench/README.md, "Compiler at scale, fifth pass"), and nothing else depends on its output.
 */
function runOrder(backends: readonly Backend[]): Backend[] {
  return [...backends.filter((b) => b.name !== 'wasm'), ...backends.filter((b) => b.name === 'wasm')];
}

async function runBackend(backend: Backend, ir: IrSpec, specName: string, options: CompileOptions, warn?: BackendWarn): Promise<OutputFile[]> {
  return backend.emit(ir, {
    version: VERSION,
    specName,
    ...(options.registersImport ? { registersImport: options.registersImport } : {}),
    ...(options.wasmRoutines ? { wasmRoutines: options.wasmRoutines } : {}),
    ...(warn ? { warn } : {}),
    ...(options.progress ? { progress: (what: string, slow?: boolean) => options.progress!(`${specName}: ${backend.name}: ${what}`, slow) } : {}),
  });
}

/**
 * Whether any input of the build has a bidirectional control character: every text a back end
 * writes comes from the spec files (their text and names), the spec's name and the registers import,
 * so without one there is nothing to escape, and the output (~40× the input) is not scanned.
 */
function bidiIn(sources: ReadonlyMap<string, Source>, names: readonly string[]): boolean {
  for (const [file, s] of sources) if (BIDI_CONTROL.test(file) || BIDI_CONTROL.test(s.text)) return true;
  return names.some((n) => BIDI_CONTROL.test(n));
}

/**
 * No generated text file carries a bidirectional control character (Trojan Source): see source/bidi.ts.
 * `escape`: false when no input has one (bidiIn); a streamed file is then handed over as it is.
 */
function escapeBidiIn(f: OutputFile, streaming: boolean, escape: boolean): OutputFile {
  const chunks = f.chunks;
  if (chunks) {
    if (streaming && !escape) return f;
    // Escaping works character by character, so piece by piece is the same as on the whole text.
    const escaped = streamedText(f.path, function* () {
      for (const c of chunks()) yield escapeBidi(c);
    });
    // Without a streaming writer the caller gets plain text (CompileResult.files hold strings). Joined
    // from the escaped pieces even when there is nothing to escape: the 10,000-register IR joined from
    // its raw pieces took twice as long and ~90 MB more (measured, not explained).
    return streaming ? escaped : { path: f.path, contents: escaped.contents };
  }
  return escape && typeof f.contents === 'string' ? { ...f, contents: escapeBidi(f.contents) } : f;
}

/** The span of a 1-based line:col the IR recorded (one character; the whole file start if unknown). */
function spanAt(source: Source | undefined, at: { file: string; line: number; col: number }): Diagnostic['span'] {
  let start = 0;
  if (source) {
    for (let l = 1; l < at.line; l++) {
      const nl = source.text.indexOf('\n', start);
      if (nl < 0) break;
      start = nl + 1;
    }
    start += at.col - 1;
  }
  return { file: at.file, start, end: start + 1 };
}
