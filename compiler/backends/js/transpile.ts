// Generated TypeScript → JavaScript + .d.ts, by the TypeScript compiler (the `typescript` package, a
// build-time tool: the output needs no TypeScript to run). The files are compiled together in a
// scratch folder, with regmill's own module specifiers (regmill/registers, regmill/window) resolved to
// this installation's declarations, and without type checking (the generator's output is checked by
// regmill's own tests; here only the emit matters).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutputFile } from '../backend.js';

/** The regmill package folder (the nearest package.json named regmill above this module). */
export function regmillRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'regmill') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('regmill: cannot find the regmill package folder above the compiler');
    dir = up;
  }
}

function tscPath(root: string): string {
  // Resolved from the project running regmill first, then from regmill's own dependencies.
  for (const from of [path.join(process.cwd(), 'package.json'), path.join(root, 'package.json')]) {
    try {
      return path.join(path.dirname(createRequire(from).resolve('typescript/package.json')), 'bin', 'tsc');
    } catch {
      // try the next place
    }
  }
  throw Object.assign(new Error("--emit js compiles the generated TypeScript with the 'typescript' package, which is not installed; add it to your build tools: npm install --save-dev typescript"), { code: 'ENOTSC' });
}

/** Declarations of a regmill entry point in this installation (dist/ when built, else the sources). */
function typesOf(root: string, entry: string): string {
  const built = path.join(root, 'dist', entry, 'index.d.ts');
  return existsSync(built) ? built : path.join(root, entry, 'index.ts');
}

/** Compiles the `.ts` files (AssemblyScript `.as.ts` excluded) to `.js` + `.d.ts` with the same paths. */
export function transpileTs(files: readonly OutputFile[]): OutputFile[] {
  const sources = files.filter((f) => f.path.endsWith('.ts') && !f.path.endsWith('.as.ts') && !f.path.endsWith('.d.ts'));
  if (sources.length === 0) return [];
  const root = regmillRoot();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'regmill-js-'));
  try {
    for (const f of sources) {
      const file = path.join(tmp, 'src', ...f.path.split('/'));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, f.contents);
    }
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        declaration: true,
        noCheck: true,
        skipLibCheck: true,
        types: [],
        rootDir: 'src',
        outDir: 'out',
        paths: {
          'regmill/registers': [typesOf(root, 'runtime/registers')],
          'regmill/window': [typesOf(root, 'runtime/window')],
          'regmill/runtime': [typesOf(root, 'runtime')],
        },
      },
      files: sources.map((f) => `src/${f.path}`),
    };
    writeFileSync(path.join(tmp, 'tsconfig.json'), JSON.stringify(tsconfig));
    // package.json "type": "module" so NodeNext emits ES modules, like the rest of regmill.
    writeFileSync(path.join(tmp, 'package.json'), '{ "type": "module" }');
    const r = spawnSync(process.execPath, [tscPath(root), '-p', tmp], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`regmill: compiling the generated TypeScript to JavaScript failed (a regmill bug):\n${r.stdout}${r.stderr}`);
    const out: OutputFile[] = [];
    for (const f of sources) {
      const base = f.path.replace(/\.ts$/, '');
      for (const ext of ['.js', '.d.ts']) out.push({ path: base + ext, contents: readFileSync(path.join(tmp, 'out', ...(base + ext).split('/')), 'utf8') });
    }
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
