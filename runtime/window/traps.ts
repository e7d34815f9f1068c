// Turns a wasm trap raised while touching the window into an error that says which routine, which
// access and why, instead of V8's bare "RuntimeError: memory access out of bounds".
import { RESERVED_BYTES } from './deviceWindow.js';

export class WindowAccessError extends Error {
  constructor(message: string, override readonly cause: unknown) {
    super(message);
    this.name = 'WindowAccessError';
  }
}

const REASONS: [RegExp, string][] = [
  [/unaligned|misaligned/i, 'misaligned access (atomic loads need natural alignment)'],
  [/out of bounds/i, 'access outside the device window'],
  [/unreachable/i, 'index or argument out of range (checked in wasm)'],
];

/** Rethrows `e` as a WindowAccessError when it is a wasm trap; other errors pass through. */
export function rethrowTrap(e: unknown, routine: string, detail: string): never {
  if (e instanceof WebAssembly.RuntimeError) {
    const reason = REASONS.find(([re]) => re.test(e.message))?.[1] ?? e.message;
    throw new WindowAccessError(`wasm ${routine}(${detail}): ${reason}`, e);
  }
  throw e;
}

/**
 * The checks a wasm access would trap on (or silently get wrong), done in TypeScript first so the error
 * can name the argument: `bytes` at `offset` must lie in the window above the reserved first page and
 * be `align`-aligned.
 */
export function checkWindowOffset(windowSize: number, offset: number, bytes: number, align: number, routine: string, arg = 'offset'): void {
  if (!Number.isInteger(offset) || offset < RESERVED_BYTES || offset + bytes > windowSize) {
    throw new WindowAccessError(
      `wasm ${routine}: ${arg} ${offset} (${bytes} bytes) is outside the usable device window [${RESERVED_BYTES}, ${windowSize})`,
      undefined,
    );
  }
  if (offset % align !== 0) {
    throw new WindowAccessError(`wasm ${routine}: ${arg} 0x${offset.toString(16)} is not ${align}-byte aligned`, undefined);
  }
}
