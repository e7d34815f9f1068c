// The one size limit the wasm back end keeps: routines per module. asc and binaryen -O3 grow faster
// than linearly in the number of functions (measured, bench/README.md: ~4,300 routines ≈ 13 s, ~17,000
// ≈ 66 s on the 2-core machine, 10,000 registers did not finish in 9 minutes and 100,000 ran out of
// heap), so past the limit the build stops at once with a located error naming the way around it
// instead of running for minutes or crashing.
import type { IrDevice } from '../../ir/ir.js';
import { BackendError } from '../backend.js';

/** Default routines per module: ~2,300 registers of 4 fields, ~30 s to build on the bench machine. */
export const MAX_WASM_ROUTINES = 10_000;

/** The limit in force: REGMILL_WASM_MAX_ROUTINES (a positive integer) raises or lowers it. */
export function maxWasmRoutines(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['REGMILL_WASM_MAX_ROUTINES'];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : MAX_WASM_ROUTINES;
}

/**
 * Register accesses written out one by one in a module (snapshot$/restore$ of registers outside arrays
 * whose runs do not repeat, snapshot.ts): ~10,000 registers of distinct shapes, ~5 s of asc + binaryen
 * on the bench machine (bench/README.md, "Compiler at scale, third pass").
 */
export const MAX_WASM_ACCESSES = 20_000;

/** The access limit in force: REGMILL_WASM_MAX_ACCESSES (a positive integer) raises or lowers it. */
export function maxWasmAccesses(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['REGMILL_WASM_MAX_ACCESSES'];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : MAX_WASM_ACCESSES;
}

export class WasmTooLargeError extends BackendError {
  constructor(device: IrDevice, count: number, limit: number, set: 'loops' | 'all' = 'loops', what: 'routines' | 'accesses' = 'routines') {
    // RM0313 (codes.wasmModuleTooLarge): back ends do not import the checker.
    super(
      'RM0313',
      what === 'routines'
        ? `device ${device.name} needs ${count} wasm routines, more than the ${limit} one module is built with ` +
            `(asc and binaryen take minutes beyond that); ${set === 'all' ? 'build without --wasm-routines all (only the routines with loops), ' : ''}` +
            `leave wasm out of --emit (e.g. --emit ts,c,docs,ir) or set REGMILL_WASM_MAX_ROUTINES`
        : `device ${device.name}'s BAR snapshot$/restore$ routines need ${count} register accesses written out one by one ` +
            `(registers outside arrays whose layout does not repeat), more than the ${limit} one module is built with ` +
            `(asc and binaryen grow faster than linearly beyond that); declare repeated registers as arrays, ` +
            `leave wasm out of --emit (e.g. --emit ts,c,docs,ir) or set REGMILL_WASM_MAX_ACCESSES`,
      device.at,
    );
    this.name = 'WasmTooLargeError';
  }
}
