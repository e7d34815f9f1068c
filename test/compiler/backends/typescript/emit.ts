// Test helpers: emit an IR fixture with the ts backend, into memory or into a temp dir importable at
// run time (the core is imported by absolute file URL, which tsx loads as TypeScript).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { IrSpec } from '../../../../compiler/ir/ir.js';
import type { OutputFile } from '../../../../compiler/backends/backend.js';
import { typescriptBackend } from '../../../../compiler/backends/typescript/index.js';

export const root = fileURLToPath(new URL('../../../../', import.meta.url));
export const goldenDir = path.join(root, 'test/compiler/backends/typescript/golden');

export function fixture(name: string): IrSpec {
  return JSON.parse(readFileSync(path.join(root, 'test/fixtures/ir', `${name}.json`), 'utf8')) as IrSpec;
}

export function emit(ir: IrSpec, specName: string, registersImport?: string): Promise<OutputFile[]> {
  return typescriptBackend.emit(ir, { version: '0.1.0', specName, ...(registersImport ? { registersImport } : {}) });
}

/** Emits a fixture into a fresh temp dir and imports the device module. */
export async function load<M>(ir: IrSpec, device: string): Promise<M> {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-ts-'));
  const core = pathToFileURL(path.join(root, 'runtime/registers/index.ts')).href;
  for (const f of await emit(ir, 'fixture.regs', core)) writeFileSync(path.join(dir, f.path), f.contents);
  try {
    return (await import(pathToFileURL(path.join(dir, `${device}.ts`)).href)) as M;
  } finally {
    rmSync(dir, { recursive: true, force: true }); // the module stays loaded
  }
}
