// `regmill build --watch`: build once, then rebuild whenever a spec or a file it imports changes,
// printing diagnostics or "rebuilt N files" and never exiting on a bad spec. A build is all or
// nothing (write.ts), so a spec that fails keeps the last good output on disk.
//
// Folders are watched, not files: editors (and `regmill fmt`) save by writing a temporary file and
// renaming it over the old one, and a watch on the old file would see nothing after the first save.
// Every file the compiler asked for is watched, including an import that does not exist yet (through
// its nearest existing folder), so creating it triggers the rebuild that picks it up.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { CliIO } from './command.js';
import { compile, readSpecFile, type CompileResult } from '../compiler/compile.js';
import type { EmitKind } from '../compiler/backends/registry.js';
import { writeOutputs } from '../compiler/write.js';
import { fsErrorText } from '../compiler/source/fsError.js';

export interface WatchOptions {
  /** Spec files, relative to `io.cwd` or absolute. */
  readonly specs: readonly string[];
  /** Output directory, relative to `io.cwd` or absolute: outputs go to <out>/<spec-name>/. */
  readonly out: string;
  readonly emit: readonly EmitKind[];
  readonly io: CliIO;
  readonly registersImport?: string;
  /** regmill build --wasm-routines. */
  readonly wasmRoutines?: 'loops' | 'all';
  /** Ends the loop. Without one, the loop ends on SIGINT (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Quiet time after the last change before a rebuild starts (default 100 ms). */
  readonly debounceMs?: number;
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Runs until the signal (or SIGINT) stops it; resolves to the exit code, 0 on a clean stop. */
export async function watchBuild(options: WatchOptions): Promise<number> {
  const { io } = options;
  const sigint = options.signal ? undefined : new AbortController();
  const onSigint = (): void => sigint?.abort();
  if (sigint) process.once('SIGINT', onSigint);
  const signal = options.signal ?? sigint!.signal;
  const loop = new WatchLoop(options, signal);
  try {
    await loop.run();
  } finally {
    if (sigint) process.removeListener('SIGINT', onSigint);
  }
  io.stderr('regmill build --watch: stopped\n');
  return 0;
}

class WatchLoop {
  private readonly io: CliIO;
  private readonly outDir: string;
  private readonly specFiles: string[];
  private readonly watchers = new Map<string, FSWatcher>();
  /** Absolute paths of every spec and import the last build read or looked for. */
  private files = new Set<string>();
  /** Folder → names in it that matter: a watched file, or the first missing folder on its path. */
  private targets = new Map<string, Set<string>>();
  /** A build has written output (later ones are "rebuilt"; a failure keeps it). */
  private written = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private pending = false;

  constructor(
    private readonly options: WatchOptions,
    private readonly signal: AbortSignal,
  ) {
    this.io = options.io;
    this.outDir = path.resolve(options.io.cwd, options.out);
    this.specFiles = options.specs.map((s) => path.resolve(options.io.cwd, s));
  }

  async run(): Promise<void> {
    if (this.signal.aborted) return;
    // Watch the specs first, so that a save during the first build is not missed.
    this.files = new Set(this.specFiles);
    this.updateWatchers();
    const stopped = new Promise<void>((resolve) => this.signal.addEventListener('abort', () => resolve(), { once: true }));
    this.start();
    await stopped;
    clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    // Let a build in progress finish its write: output folders are never left half replaced.
    while (this.current) await this.current;
  }

  /** A file in `dir` changed: rebuild (after the quiet time) when it is one the build read. */
  private changed(dir: string, name: string | null): void {
    if (this.signal.aborted) return;
    if (name !== null && !this.targets.get(dir)?.has(name)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.start(), this.options.debounceMs ?? 100);
  }

  /** Starts a build, or queues one for when the running build ends. */
  private start(): void {
    if (this.signal.aborted) return;
    if (this.current) {
      this.pending = true;
      return;
    }
    this.current = this.build()
      .catch((e: unknown) => this.io.stderr(`regmill build --watch: internal error: ${(e as Error).message}; still watching\n`))
      .finally(() => {
        this.current = undefined;
        if (this.pending) {
          this.pending = false;
          this.start();
        }
      });
  }

  private async build(): Promise<void> {
    const { io, options } = this;
    const began = performance.now();
    const results: CompileResult[] = [];
    // Every file the compiler asks for, found or not; names are relative to the process's directory.
    const asked = new Set<string>(this.specFiles);
    const readFile = (f: string): string | undefined => {
      asked.add(path.resolve(f));
      return readSpecFile(f);
    };
    for (const file of this.specFiles) {
      results.push(await compile({ path: file }, { emit: options.emit, readFile, ...(options.registersImport ? { registersImport: options.registersImport } : {}), ...(options.wasmRoutines ? { wasmRoutines: options.wasmRoutines } : {}) }));
    }
    this.files = asked;
    if (!this.signal.aborted) this.updateWatchers();

    for (const r of results) if (r.diagnostics.length) io.stderr(r.format() + '\n');
    const errors = results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'error').length, 0);
    const clash = results.findIndex((r, i) => results.findIndex((o) => o.name === r.name) !== i);
    if (errors || clash >= 0) {
      if (clash >= 0) io.stderr(`regmill build --watch: error: two specs would both write to '${results[clash]!.name}/'; rename one of them\n`);
      this.fail(errors ? `${plural(errors, 'error')}` : 'an output folder clash');
      return;
    }
    try {
      const written = writeOutputs(this.outDir, results.filter((r) => r.ir?.devices.length !== 0).map((r) => ({ name: r.name, files: r.files })));
      const ms = Math.round(performance.now() - began);
      io.stdout(`regmill build --watch: ${this.written ? 'rebuilt' : 'built'} ${plural(written.length, 'file')} for ${plural(results.length, 'spec')} in ${ms} ms; watching ${plural(this.files.size, 'file')}\n`);
      this.written = true;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      io.stderr(`regmill build --watch: error: cannot write ${options.out}: ${fsErrorText(err)}\n`);
      this.fail('a write error');
    }
  }

  private fail(what: string): void {
    const kept = this.written ? `kept the last good output in ${this.options.out}` : 'nothing written';
    this.io.stderr(`regmill build --watch: ${what}; ${kept}; waiting for changes\n`);
  }

  /** One watcher per folder holding a watched file; folders no longer needed are let go. */
  private updateWatchers(): void {
    const targets = new Map<string, Set<string>>();
    for (const file of this.files) {
      let dir = path.dirname(file);
      let name = path.basename(file);
      while (!existsSync(dir) && path.dirname(dir) !== dir) {
        name = path.basename(dir);
        dir = path.dirname(dir);
      }
      if (!targets.has(dir)) targets.set(dir, new Set());
      targets.get(dir)!.add(name);
    }
    this.targets = targets;
    const dirs = new Set(targets.keys());
    for (const [dir, w] of this.watchers) {
      if (!dirs.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: true }, (_event, name) => this.changed(dir, name === null ? null : String(name)));
        w.on('error', (e: NodeJS.ErrnoException) => {
          // The folder went away; the next build that finds the files again watches it anew.
          this.io.stderr(`regmill build --watch: stopped watching ${dir}: ${e.code ?? e.message}\n`);
          w.close();
          this.watchers.delete(dir);
        });
        this.watchers.set(dir, w);
      } catch (e) {
        // A folder that does not exist (yet): the build reports the missing file.
        const err = e as NodeJS.ErrnoException;
        if (err.code !== 'ENOENT' && err.code !== 'ENOTDIR') this.io.stderr(`regmill build --watch: cannot watch ${dir}: ${err.code ?? err.message} (inotify_add_watch ${dir})\n`);
      }
    }
  }
}
