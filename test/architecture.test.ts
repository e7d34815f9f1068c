// The layering of compiler/, runtime/, cli/ and assembly/ (docs/architecture.md): every import — static,
// re-export, dynamic, type-only — is parsed (oxc-parser) and must go to a lower layer of its own stack or
// stay in its layer; the runtime knows nothing of the DSL (only runtime/sim reads the IR types); cli/ sits
// on top of both. No import cycle, at file level, anywhere. Failures name file:line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from 'oxc-parser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['compiler', 'runtime', 'cli', 'assembly'];

type Stack = 'compiler' | 'runtime' | 'cli' | 'assembly';

interface Layer {
  /** A folder (`compiler/syntax/`) or a file (`compiler/compile.ts`), relative to the repository. */
  readonly path: string;
  readonly stack: Stack;
  /** Low → high within the stack; an import must go to a lower rank (or stay in its layer). */
  readonly rank: number;
  /** If set, the only layers (paths) this one may import besides itself. */
  readonly only?: readonly string[];
}

// Ranks are the real dependencies, lowest first. Equal ranks are siblings: they may not import each other.
const IR_ONLY = ['compiler/ir/', 'compiler/backends/backend.ts', 'compiler/backends/shared/'];
const LAYERS: readonly Layer[] = [
  { path: 'compiler/source/', stack: 'compiler', rank: 0 },
  { path: 'compiler/ir/', stack: 'compiler', rank: 0, only: [] },
  { path: 'compiler/version.ts', stack: 'compiler', rank: 0 },
  { path: 'compiler/diagnostics/', stack: 'compiler', rank: 1 },
  { path: 'compiler/syntax/', stack: 'compiler', rank: 2 },
  { path: 'compiler/model/', stack: 'compiler', rank: 3 },
  { path: 'compiler/resolve/', stack: 'compiler', rank: 4 },
  { path: 'compiler/check/', stack: 'compiler', rank: 5 },
  { path: 'compiler/lower/', stack: 'compiler', rank: 6 },
  { path: 'compiler/backends/backend.ts', stack: 'compiler', rank: 7, only: ['compiler/ir/'] },
  { path: 'compiler/backends/shared/', stack: 'compiler', rank: 7, only: ['compiler/ir/'] },
  { path: 'compiler/backends/typescript/', stack: 'compiler', rank: 8, only: IR_ONLY },
  { path: 'compiler/backends/assemblyscript/', stack: 'compiler', rank: 8, only: IR_ONLY },
  { path: 'compiler/backends/c/', stack: 'compiler', rank: 8, only: IR_ONLY },
  { path: 'compiler/backends/docs/', stack: 'compiler', rank: 8, only: IR_ONLY },
  { path: 'compiler/backends/ir/', stack: 'compiler', rank: 8, only: IR_ONLY },
  { path: 'compiler/backends/ipxact/', stack: 'compiler', rank: 8, only: IR_ONLY },
  { path: 'compiler/backends/svd/', stack: 'compiler', rank: 8, only: IR_ONLY },
  { path: 'compiler/format/', stack: 'compiler', rank: 8 },
  // Compiles the typescript back end's output to JS + .d.ts, so it sits between the back ends and the registry.
  { path: 'compiler/backends/js/', stack: 'compiler', rank: 8.5, only: [...IR_ONLY, 'compiler/backends/typescript/'] },
  { path: 'compiler/backends/registry.ts', stack: 'compiler', rank: 9 },
  { path: 'compiler/write.ts', stack: 'compiler', rank: 9 },
  { path: 'compiler/memory.ts', stack: 'compiler', rank: 9 },
  { path: 'compiler/compile.ts', stack: 'compiler', rank: 10 },
  // An importer compiles the spec it wrote before writing it, so it sits above the pipeline.
  { path: 'compiler/import/', stack: 'compiler', rank: 11 },
  { path: 'compiler/index.ts', stack: 'compiler', rank: 11 },

  { path: 'runtime/registers/', stack: 'runtime', rank: 0 },
  { path: 'runtime/ffi/', stack: 'runtime', rank: 0 },
  { path: 'runtime/device-types.ts', stack: 'runtime', rank: 1 },
  { path: 'runtime/pci/', stack: 'runtime', rank: 1 },
  { path: 'runtime/native/', stack: 'runtime', rank: 1 },
  { path: 'runtime/mappings/', stack: 'runtime', rank: 2 },
  { path: 'runtime/irq/', stack: 'runtime', rank: 3 },
  { path: 'runtime/vfio/', stack: 'runtime', rank: 4 },
  { path: 'runtime/dma/', stack: 'runtime', rank: 5 },
  { path: 'runtime/window/', stack: 'runtime', rank: 6 },
  { path: 'runtime/sim/', stack: 'runtime', rank: 7 },
  { path: 'runtime/open-device.ts', stack: 'runtime', rank: 8 },
  { path: 'runtime/index.ts', stack: 'runtime', rank: 9 },

  { path: 'cli/', stack: 'cli', rank: 0 },
  { path: 'assembly/', stack: 'assembly', rank: 0 },
];

/** Imports across stacks: the CLI uses both; the simulated device reads the IR (types and ir/ helpers). */
function crossStackAllowed(from: Layer, to: Layer): boolean {
  if (from.stack === 'cli') return to.stack === 'compiler' || to.stack === 'runtime';
  return from.path === 'runtime/sim/' && to.path === 'compiler/ir/';
}

function layerOf(file: string, layers: readonly Layer[] = LAYERS): Layer | undefined {
  // The most specific match wins (compiler/backends/backend.ts before a compiler/backends/ folder).
  let best: Layer | undefined;
  for (const l of layers) {
    const hit = l.path.endsWith('/') ? file.startsWith(l.path) : file === l.path;
    if (hit && (!best || l.path.length > best.path.length)) best = l;
  }
  return best;
}

interface Edge {
  readonly from: string;
  readonly line: number;
  readonly to: string;
}

/** Every import whose specifier is a path or the package's own name, resolved to a repository file. */
function importsOf(file: string, source: string): { edges: Edge[]; unresolved: string[] } {
  // AssemblyScript decorates functions (`@inline`), which TypeScript does not allow: blank them out
  // (same length, so offsets and lines stay) before parsing.
  const text = file.endsWith('.as.ts') ? source.replace(/^(\s*)@\w+/gm, (m, lead: string) => lead + ' '.repeat(m.length - lead.length)) : source;
  const parsed = parseSync(file, text);
  if (parsed.errors.length > 0) return { edges: [], unresolved: [`${file}: does not parse: ${parsed.errors[0]!.message}`] };
  const m = parsed.module;
  const found: { spec: string; at: number }[] = [
    ...m.staticImports.map((i) => ({ spec: i.moduleRequest.value, at: i.start })),
    ...m.staticExports.flatMap((e) => e.entries.filter((x) => x.moduleRequest).map((x) => ({ spec: x.moduleRequest!.value, at: e.start }))),
    ...m.dynamicImports.flatMap((d) => {
      const text = source.slice(d.moduleRequest.start, d.moduleRequest.end);
      return /^(['"]).*\1$/.test(text) ? [{ spec: text.slice(1, -1), at: d.start }] : [];
    }),
  ];
  const edges: Edge[] = [];
  const unresolved: string[] = [];
  const seen = new Set<string>();
  for (const { spec, at } of found) {
    const line = source.slice(0, at).split('\n').length;
    const target = resolveSpecifier(file, spec);
    if (target === null) continue; // a package or node: builtin
    if (target === undefined) unresolved.push(`${file}:${line}: '${spec}' names no file`);
    else if (!seen.has(`${target}@${line}`)) {
      seen.add(`${target}@${line}`);
      edges.push({ from: file, line, to: target });
    }
  }
  return { edges, unresolved };
}

/** The package's own names ('regmill/registers' …), as tsconfig.json maps them. */
const tsPaths = (JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths?: Record<string, string[]> } }).compilerOptions.paths ?? {};
const SELF: Record<string, string> = Object.fromEntries(Object.entries(tsPaths).map(([k, v]) => [k, path.normalize(v[0]!)]));

/** Repository-relative target, null for packages and builtins, undefined when no file matches. */
function resolveSpecifier(from: string, spec: string): string | null | undefined {
  if (SELF[spec]) return SELF[spec];
  if (!spec.startsWith('.')) return null;
  const base = path.normalize(path.join(path.dirname(from), spec));
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, base.replace(/\.mjs$/, '.mts')];
  return candidates.find((c) => existsSync(path.join(root, c)) && !c.endsWith('/'));
}

function layerViolations(edges: readonly Edge[], layers: readonly Layer[] = LAYERS): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const a = layerOf(e.from, layers);
    const b = layerOf(e.to, layers);
    if (!a || !b || a === b) continue;
    let why: string | undefined;
    if (a.stack !== b.stack) {
      if (!crossStackAllowed(a, b)) why = `${a.stack} must not import ${b.stack}`;
    } else if (a.only && !a.only.includes(b.path)) {
      why = `${a.path} may import only ${a.only.length ? a.only.join(', ') : 'itself'}`;
    } else if (b.rank >= a.rank) {
      why = `${b.path} (rank ${b.rank}) is not below ${a.path} (rank ${a.rank})`;
    }
    if (why) out.push(`${e.from}:${e.line}: imports ${e.to}: ${why}`);
  }
  return out;
}

/** Each cycle once, as its edges `file:line → file`. */
function cycles(edges: readonly Edge[]): string[] {
  const next = new Map<string, Edge[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e]);
  const out: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: Edge[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    for (const e of next.get(file) ?? []) {
      const s = state.get(e.to);
      if (s === 'open') {
        const start = stack.findIndex((x) => x.from === e.to);
        const loop = [...(start < 0 ? [] : stack.slice(start)), e];
        out.push(loop.map((x) => `${x.from}:${x.line} → ${x.to}`).join(', '));
      } else if (s === undefined) {
        stack.push(e);
        visit(e.to);
        stack.pop();
      }
    }
    state.set(file, 'done');
  };
  for (const f of [...next.keys()].sort()) if (!state.has(f)) visit(f);
  return out;
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const d of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = `${rel}/${d.name}`;
      if (d.isDirectory()) walk(r);
      else if (/\.(ts|mts|js|mjs)$/.test(d.name) && !d.name.endsWith('.d.ts')) out.push(r);
    }
  };
  for (const d of SOURCE_DIRS) walk(d);
  return out.sort();
}

const files = sourceFiles();
const graph = files.map((f) => importsOf(f, readFileSync(path.join(root, f), 'utf8')));
const edges = graph.flatMap((g) => g.edges);

test('the graph is real: every source file parses and every path import names a file', () => {
  assert.ok(files.length > 150 && edges.length > 300, `${files.length} files, ${edges.length} imports`);
  assert.equal(graph.flatMap((g) => g.unresolved), []);
});

test('every source file belongs to a layer (a new folder goes into LAYERS and docs/architecture.md)', () => {
  assert.equal(files.filter((f) => !layerOf(f)), []);
});

test('no import from a lower layer to a higher one, none across stacks but cli → both and runtime/sim → compiler/ir', () => {
  assert.equal(layerViolations(edges), []);
});

test('no import cycle', () => {
  assert.equal(cycles(edges), []);
});

test('docs/architecture.md names every layer', () => {
  const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
  assert.equal(LAYERS.filter((l) => !doc.includes(`\`${l.path.replace(/\/$/, '')}`)).map((l) => l.path), []);
});

test('controls: the checks catch an upward import, a sibling import, a stack crossing and a cycle', () => {
  const e = (from: string, line: number, to: string): Edge => ({ from, line, to });
  assert.equal(layerViolations([e('compiler/syntax/parse.ts', 3, 'compiler/check/check.ts')]), [
    'compiler/syntax/parse.ts:3: imports compiler/check/check.ts: compiler/check/ (rank 5) is not below compiler/syntax/ (rank 2)',
  ]);
  assert.equal(layerViolations([e('compiler/backends/docs/x.ts', 4, 'compiler/backends/c/sites.ts')]), [
    'compiler/backends/docs/x.ts:4: imports compiler/backends/c/sites.ts: compiler/backends/docs/ may import only compiler/ir/, compiler/backends/backend.ts, compiler/backends/shared/',
  ]);
  assert.equal(layerViolations([e('runtime/pci/a.ts', 1, 'runtime/window/b.ts'), e('compiler/compile.ts', 2, 'runtime/ffi/libc.ts'), e('runtime/irq/x.ts', 5, 'compiler/ir/ir.ts')]).length, 3);
  assert.equal(layerViolations([e('cli/main.ts', 1, 'runtime/open-device.ts'), e('runtime/sim/a.ts', 1, 'compiler/ir/ir.ts'), e('runtime/vfio/a.ts', 1, 'runtime/irq/b.ts')]), []);
  assert.equal(cycles([e('a.ts', 1, 'b.ts'), e('b.ts', 2, 'c.ts'), e('c.ts', 3, 'a.ts'), e('c.ts', 4, 'd.ts')]), ['a.ts:1 → b.ts, b.ts:2 → c.ts, c.ts:3 → a.ts']);
});

test.run();
