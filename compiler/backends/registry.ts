// Which back ends `--emit` can name. Loaded lazily so a plain `check` or `--emit ir` never pays for
// prettier or the AssemblyScript compiler.
import type { Backend } from './backend.js';

export const EMIT_KINDS = ['ts', 'js', 'wasm', 'c', 'docs', 'ir', 'ipxact', 'svd'] as const;
export type EmitKind = (typeof EMIT_KINDS)[number];
/** What `regmill build` emits without --emit: the driver outputs. The description exports (ipxact, svd) and js (it needs the typescript package) are asked for. */
export const DEFAULT_EMIT: readonly EmitKind[] = ['ts', 'wasm', 'c', 'docs', 'ir'];

const loaders: Record<EmitKind, () => Promise<Backend>> = {
  ts: async () => (await import('./typescript/index.js')).typescriptBackend,
  js: async () => (await import('./js/index.js')).jsBackend,
  wasm: async () => (await import('./assemblyscript/index.js')).assemblyscriptBackend,
  c: async () => (await import('./c/index.js')).cBackend,
  docs: async () => (await import('./docs/index.js')).docsBackend,
  ir: async () => (await import('./ir/index.js')).irBackend,
  ipxact: async () => (await import('./ipxact/index.js')).ipxactBackend,
  svd: async () => (await import('./svd/index.js')).svdBackend,
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
