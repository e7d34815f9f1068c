// The 'wasm' back end: per device, an AssemblyScript module of hot-path routines (`<device>.as.ts`),
// its WebAssembly builds (`<device>.wasm`, and `<device>.shared.wasm` for shared windows) and a typed
// TypeScript wrapper (`<device>.wasm.ts`); plus the AssemblyScript core they import (regmill-as/).
import type { Backend, BackendOptions, OutputFile } from '../backend.js';
import type { IrSpec } from '../../ir/ir.js';
import { buildWasm, LARGE_ROUTINE_LINES } from './build.js';
import { CORE_DIR, coreSources } from './core.js';
import { deviceRoutines, emitModule } from './emitModule.js';
import { maxWasmRoutines, WasmTooLargeError } from './limits.js';
import { emitWrapper } from './emitWrapper.js';
import { withSharedMemory } from './sharedMemory.js';

/** Where the wrapper imports runtime/window from: a sibling of the registers import. */
export function windowImportFor(options: BackendOptions): string {
  const registers = options.registersImport ?? 'regmill/registers';
  return registers.replace(/registers(\/index(\.[jt]s)?)?$/, (_m, rest: string | undefined) => `window${rest ?? ''}`);
}

export const assemblyscriptBackend: Backend = {
  name: 'wasm',
  async emit(ir: IrSpec, options: BackendOptions): Promise<OutputFile[]> {
    const header = { version: options.version, specName: options.specName };
    const core = coreSources();
    const out: OutputFile[] = [...core].map(([name, contents]) => ({ path: `${CORE_DIR}/${name}`, contents }));
    for (const device of ir.devices) {
      const set = options.wasmRoutines ?? 'loops';
      const routines = deviceRoutines(device, set);
      const limit = maxWasmRoutines();
      if (routines.length > limit) throw new WasmTooLargeError(device, routines.length, limit, set);
      options.progress?.(`${device.name}: asc + binaryen, ${routines.length} routines`, true);
      const source = emitModule(device, header, routines);
      const entry = `${device.name}.as.ts`;
      const files = new Map([[entry, source], ...[...core].map(([n, c]) => [`${CORE_DIR}/${n}`, c] as [string, string])]);
      out.push({ path: entry, contents: source });
      // One build: the shared variant differs only in the memory import's limits (sharedMemory.ts).
      const large = routines.some((r) => r.body.length > LARGE_ROUTINE_LINES);
      const wasm = await buildWasm(files, entry, { large });
      out.push({ path: `${device.name}.wasm`, contents: wasm });
      out.push({ path: `${device.name}.shared.wasm`, contents: withSharedMemory(wasm) });
      out.push({ path: `${device.name}.wasm.ts`, contents: emitWrapper(device, { ...header, windowImport: windowImportFor(options) }, routines) });
    }
    return out;
  },
};

export { MAX_WASM_ROUTINES, maxWasmRoutines, MAX_WASM_ACCESSES, maxWasmAccesses, WasmTooLargeError } from './limits.js';
export { withSharedMemory, SHARED_MAX_PAGES } from './sharedMemory.js';
export { buildWasm, type WasmBuildOptions, type WasmOptimize, WasmBuildError } from './build.js';
export { emitModule, deviceRoutines, publishWord, strideReadRoutines, WASM_ROUTINE_SETS, type Routine, type WasmRoutineSet } from './emitModule.js';
export { arrayRoutines, UNROLL_MAX_ELEMENTS, UNROLL_BUDGET } from './arrays.js';
export { emitWrapper, className, CORE_ROUTINES } from './emitWrapper.js';
export { registerSites, routineName, mappedBars, type RegisterSite, type IndexParam } from './sites.js';
export { windowLayout, LayoutError, WINDOW_RESERVED, BAR_ALIGN, type BarPlacement } from './layout.js';
