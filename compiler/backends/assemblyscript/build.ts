// AssemblyScript source → .wasm, in process (asc's JS API, then binaryen's). The production pipeline
// keeps every register access: asc -O0, then binaryen -O3 with local-cse skipped, because local-cse
// merges two loads of one address (even atomic ones) within a basic block. 'asc-O3' is the unsafe
// build, kept only so a test can show the access-count check catches what it drops.
import asc from 'assemblyscript/asc';
import binaryen from 'binaryen';

export type WasmOptimize = 'keep-accesses' | 'asc-O3';

export interface WasmBuildOptions {
  /** Import a shared memory (for windows created with shared: true). */
  readonly shared?: boolean;
  readonly optimize?: WasmOptimize;
  /**
   * The module has a routine of more than LARGE_ROUTINE_LINES lines (a big BAR's straight-line
   * restore$): binaryen's merge-blocks is skipped, which is superlinear in a block's length (1.8 s of
   * binaryen's 5.1 s for 10,000 registers) for ~5% more bytes. Never the case for the committed specs.
   */
  readonly large?: boolean;
}

/** Lines of one routine's source past which a module counts as large (WasmBuildOptions.large). */
export const LARGE_ROUTINE_LINES = 4096;

export class WasmBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WasmBuildError';
  }
}

// Atomics, no bulk memory: the optimizer must not be able to turn stores into memory.copy/fill.
// NontrappingFPToInt: asc converts a checked f64 batch column to u64 with i64.trunc_sat_f64_u (submitBatch$).
const FEATURES = binaryen.Features.MVP | binaryen.Features.Atomics | binaryen.Features.MutableGlobals | binaryen.Features.SignExt | binaryen.Features.NontrappingFPToInt;

// asc and binaryen keep global optimizer state; one build at a time.
let queue: Promise<unknown> = Promise.resolve();

/** Compiles `entry` (a key of `files`, which holds every user source by '/'-separated path). */
export function buildWasm(files: ReadonlyMap<string, string>, entry: string, options: WasmBuildOptions = {}): Promise<Uint8Array> {
  const run = queue.then(() => buildNow(files, entry, options));
  queue = run.catch(() => undefined);
  return run;
}

async function buildNow(files: ReadonlyMap<string, string>, entry: string, options: WasmBuildOptions): Promise<Uint8Array> {
  const optimize = options.optimize ?? 'keep-accesses';
  const args = [
    entry,
    optimize === 'asc-O3' ? '-O3' : '-O0',
    '--importMemory',
    '--noExportMemory',
    '--runtime', 'stub',
    '--enable', 'threads',
    '--disable', 'bulk-memory',
    '--use', 'abort=',
    '--outFile', 'out.wasm',
    ...(options.shared ? ['--sharedMemory', '--maximumMemory', '65536'] : []),
  ];
  let wasm: Uint8Array | undefined;
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main(args, {
    stdout: asc.createMemoryStream(),
    stderr,
    readFile: (name: string) => files.get(name.replace(/^\.\//, '')) ?? null,
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name.endsWith('.wasm') && typeof contents !== 'string') wasm = contents;
    },
    listFiles: () => [],
  });
  if (error || !wasm) throw new WasmBuildError(`asc failed on ${entry}:\n${stderr.toString().trim() || String(error)}`);
  return optimize === 'asc-O3' ? wasm : optimizeKeepingAccesses(wasm, entry, options.large ?? false);
}

function optimizeKeepingAccesses(bytes: Uint8Array, entry: string, large: boolean): Uint8Array {
  const mod = binaryen.readBinary(bytes);
  try {
    mod.setFeatures(FEATURES);
    binaryen.setOptimizeLevel(3);
    binaryen.setShrinkLevel(0);
    binaryen.setDebugInfo(false);
    binaryen.clearPassesToSkip();
    binaryen.addPassToSkip('local-cse');
    if (large) binaryen.addPassToSkip('merge-blocks');
    mod.optimize();
    if (!mod.validate()) throw new WasmBuildError(`wasm-opt produced an invalid module for ${entry}`);
    return mod.emitBinary();
  } finally {
    binaryen.clearPassesToSkip();
    mod.dispose();
  }
}
