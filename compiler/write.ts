// Writing a build's output without ever leaving a half-written folder: every spec's files go to a
// temporary sibling folder first, and only when all of them are written does each replace its
// target folder (rename is atomic within one filesystem). Also compares output with what is on disk
// for `build --check`.
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync, existsSync, statSync } from 'node:fs';
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

/** Bytes gathered per write(2). */
const WRITE_BATCH = 1 << 20;

/**
 * Writes a streamed text file (OutputFile.chunks) in batches; returns its size in bytes. Each piece
 * is encoded into one reused buffer as it comes, so it is garbage at once: gathering pieces into a
 * string first kept each batch alive across young-generation collections, and the promoted pieces
 * were most of a 100,000-register build's old-generation garbage (bench/README.md, fifth pass).
 */
function writeChunks(file: string, chunks: Iterable<string>): number {
  const fd = openSync(file, 'w');
  let bytes = 0;
  try {
    const buf = Buffer.allocUnsafe(WRITE_BATCH);
    let used = 0;
    // write(2) may write less than asked: loop until it is all out.
    const out = (b: Buffer, n: number): void => {
      for (let at = 0; at < n; ) at += writeSync(fd, b, at, n - at);
      bytes += n;
    };
    // A high surrogate ending a piece waits for the low one starting the next (one 4-byte character).
    let held = '';
    for (let c of chunks) {
      if (held !== '') {
        c = held + c;
        held = '';
      }
      const last = c.charCodeAt(c.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        held = c.slice(-1);
        c = c.slice(0, -1);
      }
      // At most 3 bytes of UTF-8 per UTF-16 unit.
      if (used + c.length * 3 > WRITE_BATCH) {
        out(buf, used);
        used = 0;
        if (c.length * 3 > WRITE_BATCH) {
          const big = Buffer.from(c, 'utf8');
          out(big, big.length);
          continue;
        }
      }
      used += buf.write(c, used, 'utf8');
    }
    if (held !== '') {
      if (used + 3 > WRITE_BATCH) {
        out(buf, used);
        used = 0;
      }
      used += buf.write(held, used, 'utf8');
    }
    out(buf, used);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/**
 * A build's output being written: each file goes to a temporary sibling of its spec's folder as soon
 * as it is produced (so a large build never holds every back end's output in memory at once), and
 * commit() swaps the folders in; abort() removes what was staged, leaving the output folder as it was.
 */
export class StagedOutput {
  private readonly stamp = `.regmill-tmp-${process.pid}-${Date.now()}`;
  /** Spec name → its temporary folder, in staging order. */
  private readonly staged = new Map<string, string>();
  private readonly written: string[] = [];

  constructor(readonly outDir: string) {}

  private folderOf(spec: string): string {
    let tmp = this.staged.get(spec);
    if (tmp === undefined) {
      if (this.staged.size === 0) makeDirs(this.outDir);
      tmp = path.join(this.outDir, `${spec}${this.stamp}`);
      this.staged.set(spec, tmp);
      makeDirs(tmp);
    }
    return tmp;
  }

  /** Writes one file of `spec`'s folder (throws the fs error; abort() then cleans up); returns its size in bytes. */
  add(spec: string, f: OutputFile): number {
    const file = path.join(this.folderOf(spec), ...f.path.split('/'));
    makeDirs(path.dirname(file));
    let bytes: number;
    if (f.chunks) bytes = writeChunks(file, f.chunks());
    else {
      // A string is written as it is (writeFileSync encodes it straight into the file): copying a
      // 50 MB module into a Buffer first doubled the peak memory of a large build.
      writeFileSync(file, f.contents);
      bytes = typeof f.contents === 'string' ? Buffer.byteLength(f.contents) : f.contents.byteLength;
    }
    this.written.push(path.join(this.outDir, spec, ...f.path.split('/')));
    return bytes;
  }

  /** `spec`'s folder exists after commit() even if it has no files. */
  folder(spec: string): void {
    this.folderOf(spec);
  }

  /** Replaces each staged spec's folder whole; returns the files written. A crash here leaves complete old or complete new folders. */
  commit(): string[] {
    for (const [spec, tmp] of this.staged) {
      const target = path.join(this.outDir, spec);
      const old = `${target}${this.stamp}-old`;
      if (existsSync(target)) renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    }
    this.staged.clear();
    return this.written;
  }

  abort(): void {
    for (const tmp of this.staged.values()) rmSync(tmp, { recursive: true, force: true });
    this.staged.clear();
  }
}

/** Writes all outputs under outDir, replacing each spec's folder whole. Throws (with nothing changed) on failure. */
export function writeOutputs(outDir: string, outputs: readonly SpecOutput[]): string[] {
  const staged = new StagedOutput(outDir);
  try {
    makeDirs(outDir);
    for (const o of outputs) {
      staged.folder(o.name);
      for (const f of o.files) staged.add(o.name, f);
    }
  } catch (e) {
    staged.abort();
    throw e;
  }
  return staged.commit();
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
