// Generates a bench spec's TypeScript accessors into a temp dir and imports them, as bench/run.ts does.
// The files go outside the repo: bench/ is in tsconfig's include, and stale generated files there would
// break everyone's type-check. A package.json there makes tsx load them as ESM.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from '../../compiler/compile.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface GeneratedModule<T> {
  readonly module: T;
  /** The imported file, for importing it again elsewhere (a worker thread); gone after cleanup(). */
  readonly path: string;
  /** Removes the temp dir. */
  cleanup(): void;
}

/**
 * Compiles `spec` (relative to the repo root) with `--emit ts` and imports `<device>.ts`. The caller
 * states the shape it uses as `T`: the generated file only exists at run time, so there is no type import.
 */
export async function generateTs<T>(spec: string, device: string): Promise<GeneratedModule<T>> {
  const compiled = await compile({ path: path.join(root, spec) }, { emit: ['ts'], registersImport: path.join(root, 'runtime/registers/index.js') });
  if (!compiled.ok) throw new Error(`${spec}:\n${compiled.format()}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), `regmill-bench-${device}-`));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    for (const f of compiled.files) {
      mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      writeFileSync(path.join(dir, f.path), f.contents);
    }
    const file = path.join(dir, `${device}.ts`);
    const module = (await import(pathToFileURL(file).href)) as T;
    return { module, path: file, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
