// The hand-written AssemblyScript core (assembly/*.as.ts), read from the package so generated modules
// can carry a verbatim copy beside them (regmill-as/) and build without a path back into regmill.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORE_DIR = 'regmill-as';

function findAssemblyDir(): string {
  // compiler/backends/assemblyscript/ in the source tree, dist/compiler/backends/assemblyscript/ when built.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'assembly');
    if (existsSync(path.join(candidate, 'volatile.as.ts'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('regmill: cannot find the AssemblyScript core (assembly/volatile.as.ts) above the compiler');
}

/** Core file name → contents, sorted by name (output order must not depend on the file system). */
export function coreSources(): Map<string, string> {
  const dir = findAssemblyDir();
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.as.ts'))
    .sort();
  return new Map(names.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}
