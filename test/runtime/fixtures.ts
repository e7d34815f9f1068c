// Temp directories and files for runtime tests, removed at exit.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dirs: string[] = [];
process.on('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'regmill-rt-'): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** Writes a tree: keys are relative paths; string/Buffer = file content, { link } = symlink, null = directory. */
export function writeTree(root: string, tree: Readonly<Record<string, string | Buffer | { link: string } | null>>): void {
  for (const [rel, content] of Object.entries(tree)) {
    const p = path.join(root, rel);
    mkdirSync(content === null ? p : path.dirname(p), { recursive: true });
    if (content === null) continue;
    if (typeof content === 'object' && !Buffer.isBuffer(content)) symlinkSync(content.link, p);
    else writeFileSync(p, content);
  }
}

/** A file of `size` bytes where byte i holds (i * 7 + 3) & 0xff, so every offset has a known value. */
export function patternFile(dir: string, name: string, size: number): string {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 7 + 3) & 0xff;
  const p = path.join(dir, name);
  writeFileSync(p, b);
  return p;
}
