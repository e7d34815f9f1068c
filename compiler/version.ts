// The regmill version, read once from package.json (named in generated headers and `--version`).
import { readFileSync } from 'node:fs';

function findVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'regmill' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate (source tree vs dist/ layout)
    }
  }
  return '0.0.0';
}

export const VERSION: string = findVersion();
