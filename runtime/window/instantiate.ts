// Instantiates a module over a device window: the module must import the window's Memory as env.memory
// and pass the grow guard. Compilation is synchronous: hot-path modules are small.
import type { DeviceWindow } from './deviceWindow.js';
import { ModuleRefusedError, assertWindowSafe } from './growGuard.js';

export interface InstantiateOptions {
  /** Name for errors, e.g. "e1000e.wasm". */
  readonly what?: string;
  /** Extra imports besides env.memory. */
  readonly imports?: WebAssembly.Imports;
}

export function instantiateOnWindow(bytes: Uint8Array, window: DeviceWindow, options: InstantiateOptions = {}): WebAssembly.Instance {
  const what = options.what ?? 'module';
  if (window.closed) throw new Error(`device window: cannot instantiate ${what}: the window is closed`);
  const info = assertWindowSafe(bytes, what);
  const limits = info.imports.find((i) => i.kind === 'memory')!.memory!;
  if (limits.shared !== window.shared) {
    throw new ModuleRefusedError(
      what,
      `it imports a ${limits.shared ? 'shared' : 'non-shared'} memory but the window is ${window.shared ? 'shared' : 'not shared'}`,
    );
  }
  if (limits.min > window.pages || (limits.max !== undefined && limits.max < window.pages)) {
    throw new ModuleRefusedError(what, `its memory import (${limits.min}..${limits.max ?? '∞'} pages) does not accept a ${window.pages}-page window`);
  }
  const imports: WebAssembly.Imports = { ...options.imports, env: { ...options.imports?.['env'], memory: window.memory } };
  return new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), imports);
}
