// Writing a build's output without ever leaving a half-written folder: every spec's files go to a
// temporary sibling folder first, and only when all of them are written does each replace its
// target folder (rename is atomic within one filesystem). Also compares output with what is on disk
// for `build --check`.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { OutputFile } from './backends/backend.js';

export interface SpecOutput {
  /** Folder name under the output directory (the spec's base name). */
  readonly name: string;
  readonly files: readonly OutputFile[];
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

function bytesOf(c: string | Uint8Array): Buffer {
  return typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

/**
 * mkdir -p without `recursive: true`: Node 20's recursive mkdir retries forever (100% CPU) where the
 * kernel answers ENOENT for a parent that exists, as under /proc. Walk up to the nearest existing
 * ancestor, require a directory there, and create each missing level once, so any failure is one
 * error naming its syscall and path.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    let st;
    try {
      st = statSync(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || path.dirname(at) === at) throw e;
      missing.push(at);
      at = path.dirname(at);
      continue;
    }
    if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: at });
    break;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}

/** Writes all outputs under outDir, replacing each spec's folder whole. Throws (with nothing changed) on failure. */
export function writeOutputs(outDir: string, outputs: readonly SpecOutput[]): string[] {
  makeDirs(outDir);
  const stamp = `.regmill-tmp-${process.pid}-${Date.now()}`;
  const staged: { tmp: string; target: string }[] = [];
  const written: string[] = [];
  try {
    for (const o of outputs) {
      const tmp = path.join(outDir, `${o.name}${stamp}`);
      staged.push({ tmp, target: path.join(outDir, o.name) });
      for (const f of o.files) {
        const file = path.join(tmp, ...f.path.split('/'));
        makeDirs(path.dirname(file));
        // A string is written as it is (writeFileSync encodes it straight into the file): copying a
        // 50 MB module into a Buffer first doubled the peak memory of a large build.
        writeFileSync(file, f.contents);
        written.push(path.join(outDir, o.name, ...f.path.split('/')));
      }
      if (o.files.length === 0) makeDirs(tmp);
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { recursive: true, force: true });
    throw e;
  }
  // All staged: swap each folder in. A crash here leaves complete old or complete new folders.
  for (const s of staged) {
    const old = `${s.target}${stamp}-old`;
    if (existsSync(s.target)) renameSync(s.target, old);
    renameSync(s.tmp, s.target);
    rmSync(old, { recursive: true, force: true });
  }
  return written;
}

export interface StaleReport {
  /** Files whose content differs, missing files and unexpected extra files, as paths under outDir. */
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  readonly extra: readonly string[];
}

/** Compares outputs with outDir on disk (for `build --check`): an empty report means fresh. */
export function compareOutputs(outDir: string, outputs: readonly SpecOutput[]): StaleReport {
  const changed: string[] = [];
  const missing: string[] = [];
  const extra: string[] = [];
  for (const o of outputs) {
    const dir = path.join(outDir, o.name);
    const expected = new Set(o.files.map((f) => f.path));
    for (const f of o.files) {
      const file = path.join(dir, ...f.path.split('/'));
      if (!existsSync(file) || !statSync(file).isFile()) missing.push(path.join(outDir, o.name, f.path));
      else if (!readFileSync(file).equals(bytesOf(f.contents))) changed.push(path.join(outDir, o.name, f.path));
    }
    for (const rel of listFiles(dir)) if (!expected.has(rel)) extra.push(path.join(outDir, o.name, rel));
  }
  return { changed, missing, extra };
}
