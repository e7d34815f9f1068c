// What every back end is: IR in, files out. Back ends import compiler/ir only — never the AST or the
// checker — and do no validation: a fact they need is added to the IR.
import type { IrSourceRef, IrSpec } from '../ir/ir.js';

export interface OutputFile {
  /** Path relative to the output directory, '/'-separated. */
  readonly path: string;
  readonly contents: string | Uint8Array;
  /**
   * A large text file piece by piece (contents joins the pieces): a writer that streams (compiler/
   * write.ts StagedOutput) writes them as they come and never holds the whole file as one string.
   */
  readonly chunks?: () => Iterable<string>;
}

/** A text file made piece by piece: `chunks` for writers that stream, `contents` (joined on each read) for the rest. */
export function streamedText(path: string, chunks: () => Iterable<string>): OutputFile {
  return {
    path,
    chunks,
    get contents(): string {
      let s = '';
      for (const c of chunks()) s += c;
      return s;
    },
  };
}

export interface BackendOptions {
  /** Module specifier generated TypeScript imports the register core from (default 'regmill/registers'). */
  readonly registersImport?: string;
  /** regmill version, for generated headers. */
  readonly version: string;
  /** The spec's main file as it should be named in headers (relative path). */
  readonly specName: string;
  /**
   * The wasm back end's per-register routines: 'loops' (default) only those that keep a loop in wasm,
   * 'all' also a single-access routine per register operation (compiler/backends/assemblyscript/emitModule.ts).
   */
  readonly wasmRoutines?: 'loops' | 'all';
  /** Told what the back end is about to do, for `regmill build`'s progress line; `slow`: a second or more. */
  readonly progress?: (what: string, slow?: boolean) => void;
  /** Told what a back end's format cannot say (the output is still written); compile() makes it a warning. */
  readonly warn?: BackendWarn;
}

/** The warnings a back end may give, by diagnostic code name (compiler/diagnostics/codes.ts). */
export type BackendWarning = 'enumByNotExported';
export type BackendWarn = (name: BackendWarning, message: string, at: IrSourceRef) => void;

export interface Backend {
  readonly name: string;
  emit(ir: IrSpec, options: BackendOptions): Promise<OutputFile[]>;
}

/**
 * A spec the IR allows but a back end cannot build (a BAR too large for a wasm32 window): compile()
 * turns it into an error diagnostic at `at`, never an internal error.
 */
export class BackendError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly at: IrSourceRef,
  ) {
    super(`${at.file}:${at.line}:${at.col}: error: ${detail}`);
    this.name = 'BackendError';
  }
}
