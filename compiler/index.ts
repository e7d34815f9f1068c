// regmill's public compiler API, for build scripts and bundler plugins:
//   import { compile } from 'regmill';
//   const r = await compile({ path: 'specs/edu.regs' }, { emit: ['ts'] });
//   if (!r.ok) throw new Error(r.format());
//   for (const f of r.files) …
export { compile, type CompileInput, type CompileOptions, type CompileResult } from './compile.js';
export { writeOutputs, compareOutputs, type SpecOutput, type StaleReport } from './write.js';
export type { Diagnostic, Severity } from './diagnostics/diagnostic.js';
export type { OutputFile, Backend, BackendOptions } from './backends/backend.js';
export type { EmitKind } from './backends/registry.js';
export { EMIT_KINDS } from './backends/registry.js';
export { allCodes, type CodeInfo } from './diagnostics/codes.js';
export * from './ir/ir.js';
export { VERSION } from './version.js';
export { formatSpec } from './format/index.js';
