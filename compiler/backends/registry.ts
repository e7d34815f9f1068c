// Which back ends `--emit` can name. Loaded lazily so a plain `check` or `--emit ir` never pays for
// prettier or the AssemblyScript compiler.
import type { Backend } from './backend.js';

export const EMIT_KINDS = ['ts', 'wasm', 'c', 'docs', 'ir'] as const;
export type EmitKind = (typeof EMIT_KINDS)[number];

const loaders: Record<EmitKind, () => Promise<Backend>> = {
  ts: async () => (await import('./typescript/index.js')).typescriptBackend,
  wasm: async () => (await import('./assemblyscript/index.js')).assemblyscriptBackend,
  c: async () => (await import('./c/index.js')).cBackend,
  docs: async () => (await import('./docs/index.js')).docsBackend,
  ir: async () => (await import('./ir/index.js')).irBackend,
};

export function isEmitKind(s: string): s is EmitKind {
  return (EMIT_KINDS as readonly string[]).includes(s);
}

/** Each back end is imported once: a dynamic import() per compile() costs a module-loader round trip. */
const loaded = new Map<EmitKind, Promise<Backend>>();

export async function loadBackends(kinds: readonly EmitKind[]): Promise<Backend[]> {
  return Promise.all(
    [...new Set(kinds)].map((k) => {
      let p = loaded.get(k);
      if (!p) loaded.set(k, (p = loaders[k]()));
      return p;
    }),
  );
}
