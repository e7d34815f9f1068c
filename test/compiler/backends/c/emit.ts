// Test helpers shared by the C and docs back-end tests: the specs they run over (every spec in
// specs/ plus the ones under ./specs; the C tests add ./c-only) compiled to IR with no back end, and a temp dir.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../../compiler/index.js';
import type { IrSpec } from '../../../../compiler/ir/ir.js';

export const root = fileURLToPath(new URL('../../../../', import.meta.url));

const list = (dir: string): string[] =>
  readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.regs'))
    .sort()
    .map((f) => `${dir}/${f}`);

/** Spec paths relative to the repo root (as headers name them), the repo's first. */
export function allSpecs(): string[] {
  return [...list('specs'), ...list('test/compiler/backends/c/specs')];
}

/** allSpecs() plus the C back end's own shapes (./c-only: interrupt helpers), which only the C tests run. */
export function cSpecs(): string[] {
  return [...allSpecs(), ...list('test/compiler/backends/c/c-only')];
}

export async function irOf(spec: string): Promise<IrSpec> {
  const r = await compile({ path: path.join(root, spec) }, { emit: [] });
  if (!r.ok || r.ir === undefined) throw new Error(`${spec} does not compile:\n${r.format()}`);
  return r.ir;
}

export const options = (spec: string) => ({ version: '0.1.0', specName: spec });

export const tempDir = (tag: string): string => mkdtempSync(path.join(tmpdir(), `regmill-${tag}-`));

/**
 * Where an emitted file's expected text lives. For a spec under specs/ that is its committed output in
 * generated/ (kept fresh by test/generated.test.ts, rewritten by `npm run gen`), so the golden is not a
 * second copy; for the back-end tests' own specs it is `goldenDir`, rewritten with UPDATE_GOLDEN=1.
 */
export function goldenPath(spec: string, goldenDir: string, file: string): { path: string; updatable: boolean } {
  if (spec.startsWith('specs/')) return { path: path.join(root, 'generated', path.basename(spec, '.regs'), file), updatable: false };
  return { path: path.join(goldenDir, file), updatable: true };
}
