// The generated accessors the guest sees at /regmill/generated. When the work tree's generated/ holds
// accessors, those are shipped as they are. When it holds none (a fresh clone before `npm run gen`), the
// harness builds them from specs/*.regs with the project's own compiler into the VM cache — never into the
// work tree — so guest tests can always be written against generated accessors. Cached under a hash of the
// specs and the compiler sources; a rebuild takes ~10-20 s (the wasm backends run asc).
// REGMILL_VM_GENERATED=dir ships that directory instead (debugging a build by hand).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, projectRoot } from './initramfs.mjs';

/** @param {string} dir @param {(name: string) => boolean} keep @returns {string[]} */
function walk(dir, keep) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p, keep);
    return e.isFile() && keep(e.name) ? [p] : [];
  }).sort();
}

/**
 * @returns {{ dir: string, source: 'tree' | 'cache' | 'built', ms: number } | { error: string }}
 */
export function generatedAccessors() {
  const started = Date.now();
  if (process.env.REGMILL_VM_GENERATED) return { dir: path.resolve(process.env.REGMILL_VM_GENERATED), source: 'tree', ms: 0 };
  const tree = path.join(projectRoot, 'generated');
  const accessors = walk(tree, (n) => n.endsWith('.ts') && !n.endsWith('.as.ts') && !n.endsWith('.d.ts'));
  if (accessors.length > 0) return { dir: tree, source: 'tree', ms: Date.now() - started };

  const specs = walk(path.join(projectRoot, 'specs'), (n) => n.endsWith('.regs'));
  if (specs.length === 0) return { error: 'generated/ is empty and specs/ has no .regs files' };
  const inputs = [...specs, ...walk(path.join(projectRoot, 'compiler'), () => true), ...walk(path.join(projectRoot, 'cli'), () => true), ...walk(path.join(projectRoot, 'assembly'), () => true)];
  const hash = createHash('sha256');
  for (const f of inputs) hash.update(path.relative(projectRoot, f)).update('\0').update(readFileSync(f)).update('\0');
  const dir = path.join(cacheDir, 'generated', hash.digest('hex').slice(0, 16));
  if (existsSync(path.join(dir, '.complete'))) return { dir, source: 'cache', ms: Date.now() - started };

  const parent = path.dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  const argv = ['build', ...specs.map((s) => path.relative(projectRoot, s)), '-o', tmp];
  const r = spawnSync(process.execPath, [
    '--import', 'tsx', '--input-type=module', '-e',
    `const { main } = await import('./cli/main.ts');
     process.exitCode = await main(JSON.parse(process.env.REGMILL_VM_GEN_ARGV));`,
  ], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, REGMILL_VM_GEN_ARGV: JSON.stringify(argv) } });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    const why = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n').filter((l) => /error/i.test(l)).slice(0, 3).join('; ');
    return { error: `regmill build ${argv.slice(1, -2).join(' ')} failed (exit ${r.status ?? r.signal}): ${why || 'no error line printed'}` };
  }
  if (existsSync(path.join(dir, '.complete'))) {
    // Another run built the same inputs meanwhile and may be copying from it: keep that one.
    rmSync(tmp, { recursive: true, force: true });
    return { dir, source: 'cache', ms: Date.now() - started };
  }
  rmSync(dir, { recursive: true, force: true }); // a half-built one from a run that died
  renameSync(tmp, dir);
  // Written last: a half-built directory is never mistaken for a cached one.
  writeFileSync(path.join(dir, '.complete'), argv.join(' '));
  // Older builds go once they are 10 minutes old: another run may still be copying one into its initrd.
  for (const old of readdirSync(parent)) {
    const p = path.join(parent, old);
    if (p !== dir && Date.now() - statSync(p).mtimeMs > 10 * 60_000) rmSync(p, { recursive: true, force: true });
  }
  return { dir, source: 'built', ms: Date.now() - started };
}
