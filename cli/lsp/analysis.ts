// One analysis of an open spec: load it and its imports (open buffers win over the disk), parse, and
// resolve and check even when there are syntax errors, so navigation keeps working on a half-typed file.
// The diagnostics are exactly what `regmill check` reports: syntax and import errors alone when there are
// any (checking a damaged tree would only add echoes), else the checker's.
import path from 'node:path';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { IrSpec } from '../../compiler/ir/ir.js';
import { analyze as analyzeProgram, readSpecFile } from '../../compiler/compile.js';
import { loadProgram } from '../../compiler/resolve/load.js';
import type { Model } from '../../compiler/model/model.js';
import type { Program } from '../../compiler/resolve/program.js';
import { SymbolIndex } from './symbols.js';

export interface Analysis {
  /** The main file's name as used in every span (an absolute path, or the URI of an unsaved buffer). */
  readonly file: string;
  readonly program: Program;
  readonly diagnostics: readonly Diagnostic[];
  /** Undefined only when lowering threw on a damaged tree (then the last good index is kept). */
  readonly model: Model | undefined;
  /** The checked IR, when the spec has no errors. */
  readonly ir: IrSpec | undefined;
  readonly index: SymbolIndex | undefined;
}

/** `overlay(file)`: the text of an open buffer, or undefined to read the disk. */
export function analyze(file: string, overlay: (file: string) => string | undefined): Analysis {
  const readFile = (f: string): string | undefined => overlay(f) ?? (path.isAbsolute(f) ? readSpecFile(f) : undefined);
  const program = loadProgram(file, {
    readFile,
    // Imports of an unsaved buffer (no directory) resolve against the server's working directory.
    resolve: (from, rel) => path.resolve(path.isAbsolute(from) ? path.dirname(from) : process.cwd(), rel),
  });
  const syntaxErrors = program.diagnostics.some((d) => d.severity === 'error');
  let model: Model | undefined;
  let ir: IrSpec | undefined;
  let checked: readonly Diagnostic[] = [];
  try {
    const lowered = analyzeProgram(program);
    model = lowered.model;
    ir = syntaxErrors ? undefined : lowered.ir;
    checked = lowered.diagnostics;
  } catch {
    // Resolving expects a tree the parser accepted; a damaged one may break it. The syntax errors
    // already say what is wrong, so the editor just keeps its previous navigation data.
  }
  const diagnostics = syntaxErrors ? program.diagnostics : [...program.diagnostics, ...checked];
  let index: SymbolIndex | undefined;
  if (model) {
    try {
      index = new SymbolIndex(program, model);
    } catch {
      index = undefined;
    }
  }
  return { file, program, diagnostics, model, ir, index };
}
