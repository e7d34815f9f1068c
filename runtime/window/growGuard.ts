// A device window must never grow: growth could move or detach the buffer that device memory is mapped
// into. The Memory's maximum already forbids it at run time; this refuses, before instantiation, any
// module whose code could even try, and any module that brings its own memory instead of the window.
import { decodeWasm, type WasmModuleInfo } from './wasmCode.js';

export class ModuleRefusedError extends Error {
  constructor(what: string, reason: string) {
    super(`device window: refusing module ${what}: ${reason}`);
    this.name = 'ModuleRefusedError';
  }
}

/** Decodes the module and throws ModuleRefusedError unless it is safe to run over a device window. */
export function assertWindowSafe(bytes: Uint8Array, what: string): WasmModuleInfo {
  let info: WasmModuleInfo;
  try {
    info = decodeWasm(bytes);
  } catch (e) {
    throw new ModuleRefusedError(what, `cannot decode it (${(e as Error).message})`);
  }
  for (const f of info.functions) {
    if (f.memoryOps.includes('memory.grow')) {
      throw new ModuleRefusedError(what, `function ${f.index} contains memory.grow (build with --runtime stub and allocate nothing)`);
    }
  }
  if (info.definedMemories.length > 0) throw new ModuleRefusedError(what, 'it defines its own memory (build with --importMemory)');
  const memories = info.imports.filter((i) => i.kind === 'memory');
  if (memories.length !== 1 || memories[0]!.module !== 'env' || memories[0]!.name !== 'memory') {
    throw new ModuleRefusedError(what, 'it must import exactly one memory, as env.memory');
  }
  return info;
}
