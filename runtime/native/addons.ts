// Loads a Node-API addon built from runtime/native/<name>.c by scripts/build-native.mjs into
// dist/native/<name>.node. Addons are optional: when one is missing (no compiler at install time) or
// fails to load, the caller gets the reason and falls back (docs/runtime.md, "Native addons").
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Loaded<T> = { readonly addon: T; readonly path: string } | { readonly addon?: undefined; readonly reason: string };

const require = createRequire(import.meta.url);

/** The package root: the nearest directory above this file whose package.json is regmill's. */
function packageRoot(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'regmill') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function loadAddon<T>(name: string): Loaded<T> {
  if (process.env.REGMILL_NO_NATIVE === '1') return { reason: 'REGMILL_NO_NATIVE=1 turns the native addons off' };
  const root = packageRoot();
  if (!root) return { reason: `the regmill package root (package.json) was not found above ${fileURLToPath(import.meta.url)}` };
  const file = path.join(root, 'dist/native', `${name}.node`);
  if (!existsSync(file)) return { reason: `${file} is not built (run \`npm run build:native\`; it needs a C compiler)` };
  try {
    return { addon: require(file) as T, path: file };
  } catch (error) {
    return { reason: `${file} did not load: ${(error as Error).message}` };
  }
}
