// A loaded program: the main spec and every file it imports, parsed, with their sources for rendering.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Source } from '../source/source.js';
import type { SpecFile } from '../syntax/ast.js';

export interface LoadedFile {
  /** The file's name as the host resolved it (also the `file` of every span in it). */
  readonly path: string;
  readonly source: Source;
  readonly ast: SpecFile;
  /** Paths of the files this one imports that were loaded (in import order). */
  readonly imports: readonly string[];
}

export interface Program {
  readonly main: string;
  /** Main file first, then imports in load order (depth first). */
  readonly files: readonly LoadedFile[];
  readonly sources: ReadonlyMap<string, Source>;
  /** Syntax and import diagnostics. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface LoadHost {
  /** The file's text, or undefined when it does not exist. May throw for other I/O errors. */
  readFile(path: string): string | undefined;
  /** The path of `rel` imported from file `from`. */
  resolve(from: string, rel: string): string;
  readonly maxErrors?: number | undefined;
}
