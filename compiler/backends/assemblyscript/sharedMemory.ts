// The shared-memory variant of a built module, derived from its bytes instead of a second asc +
// binaryen build: the two differ only in the memory import's limits (WebAssembly core spec 5.3.2
// "Limits", threads proposal: flag 0x03 = has maximum + shared). asc's `--sharedMemory
// --maximumMemory 65536` produces exactly `03 <min> <65536>` there, and nothing else in the module
// depends on it (test/compiler/backends/assemblyscript/sharedMemory.test.ts compares the two builds).
import { WasmBuildError } from './build.js';

/** The maximum asc writes for `--maximumMemory 65536`: the whole 4 GiB of a 32-bit memory. */
export const SHARED_MAX_PAGES = 65536;

const IMPORT_SECTION = 2;
const KIND_MEMORY = 2;

function readU32(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  for (let i = at; i < bytes.length && shift < 35; i++, shift += 7) {
    const b = bytes[i]!;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return { value, next: i + 1 };
  }
  throw new WasmBuildError(`malformed LEB128 at byte ${at} of a built module`);
}

function u32Leb(value: number): number[] {
  const out: number[] = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) b |= 0x80;
    out.push(b);
  } while (value !== 0);
  return out;
}

/**
 * Returns `wasm` with its imported memory made shared with a maximum of SHARED_MAX_PAGES.
 * Throws when the module imports no memory or already imports a shared one.
 */
export function withSharedMemory(wasm: Uint8Array): Uint8Array {
  let at = 8; // magic + version
  while (at < wasm.length) {
    const id = wasm[at]!;
    const size = readU32(wasm, at + 1);
    const start = size.next;
    const end = start + size.value;
    if (id !== IMPORT_SECTION) {
      at = end;
      continue;
    }
    let p = start;
    const count = readU32(wasm, p);
    p = count.next;
    for (let i = 0; i < count.value; i++) {
      const mod = readU32(wasm, p);
      p = mod.next + mod.value;
      const field = readU32(wasm, p);
      p = field.next + field.value;
      const kind = wasm[p++]!;
      if (kind === KIND_MEMORY) {
        const flags = wasm[p]!;
        if (flags !== 0x00 && flags !== 0x01) throw new WasmBuildError(`the built module's memory import already has flags 0x${flags.toString(16)}`);
        const min = readU32(wasm, p + 1);
        const limitsEnd = flags === 0x01 ? readU32(wasm, min.next).next : min.next;
        const limits = [0x03, ...u32Leb(min.value), ...u32Leb(SHARED_MAX_PAGES)];
        const body = [...wasm.subarray(start, p), ...limits, ...wasm.subarray(limitsEnd, end)];
        const header = [IMPORT_SECTION, ...u32Leb(body.length)];
        const out = new Uint8Array(at + header.length + body.length + (wasm.length - end));
        out.set(wasm.subarray(0, at), 0);
        out.set(header, at);
        out.set(body, at + header.length);
        out.set(wasm.subarray(end), at + header.length + body.length);
        return out;
      }
      // Skip the import's description (core spec 5.5.5): func typeidx, table, memory, global.
      if (kind === 0) p = readU32(wasm, p).next;
      else if (kind === 1) {
        const flags = wasm[p + 1]!;
        const min = readU32(wasm, p + 2);
        p = flags & 1 ? readU32(wasm, min.next).next : min.next;
      } else if (kind === 3) p += 2;
      else throw new WasmBuildError(`unknown import kind ${kind} in a built module`);
    }
    break;
  }
  throw new WasmBuildError('the built module imports no memory, so it has no shared-memory variant');
}
