// The device window: a fixed-size wasm Memory with BARs and DMA buffers mmap()ed into it, and the
// guards around running generated wasm over it. See docs/wasm.md.
export * from './deviceWindow.js';
export * from './mapInto.js';
export * from './instantiate.js';
export * from './growGuard.js';
export * from './traps.js';
export * from './wasmDevice.js';
export { decodeWasm, reachable } from './wasmCode.js';
export type { WasmModuleInfo, WasmFunction, MemoryAccess, WasmImport, WasmExport, MemoryLimits } from './wasmCode.js';
