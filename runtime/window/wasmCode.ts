// A small WebAssembly binary reader: imports, exports and every function body decoded instruction by
// instruction (MVP, sign-extension, saturating truncation, bulk memory, threads). Enough to prove what a
// module does to memory — the grow guard refuses `memory.grow`, the access-count tests count loads and
// stores per routine — without trusting a text disassembler. Unknown opcodes (SIMD, GC) are an error,
// so nothing is ever skipped unseen.

export interface MemoryLimits {
  readonly min: number;
  readonly max?: number;
  readonly shared: boolean;
}

export interface WasmImport {
  readonly module: string;
  readonly name: string;
  readonly kind: 'func' | 'table' | 'memory' | 'global' | 'tag';
  readonly memory?: MemoryLimits;
}

export interface WasmExport {
  readonly name: string;
  readonly kind: 'func' | 'table' | 'memory' | 'global' | 'tag';
  readonly index: number;
}

export interface MemoryAccess {
  /** Text-format name, e.g. `i32.atomic.load8_u`, `i64.store`. */
  readonly op: string;
  readonly kind: 'load' | 'store' | 'rmw';
  /** Bytes moved: 1, 2, 4 or 8. */
  readonly bytes: number;
  readonly atomic: boolean;
  /** The memarg's static offset. */
  readonly offset: number;
  /**
   * The value of the last `i32.const` before this access in the function (undefined: none yet). For
   * an access at a constant address whose value needs no i32 constant, that is the address.
   */
  readonly lastConst?: number;
}

export interface WasmFunction {
  /** Function index (imports first, as wasm numbers them). */
  readonly index: number;
  /** Every load, store and atomic read-modify-write, in code order. */
  readonly accesses: MemoryAccess[];
  /** Other memory-level instructions by name: memory.grow, memory.size, memory.copy, memory.fill, memory.init, atomic.fence, … */
  readonly memoryOps: string[];
  /** Indices of directly called functions (call, return_call). */
  readonly calls: number[];
  /** Count of call_indirect/return_call_indirect. */
  indirectCalls: number;
}

export interface WasmModuleInfo {
  readonly imports: WasmImport[];
  readonly exports: WasmExport[];
  /** Memories defined by the module itself (not imported). */
  readonly definedMemories: MemoryLimits[];
  readonly importedFunctions: number;
  readonly functions: WasmFunction[];
}

export class WasmDecodeError extends Error {
  constructor(message: string, readonly at: number) {
    super(`wasm: ${message} at byte ${at}`);
    this.name = 'WasmDecodeError';
  }
}

const KINDS = ['func', 'table', 'memory', 'global', 'tag'] as const;
const PLAIN_LOADS: Record<number, [string, number]> = {
  0x28: ['i32.load', 4], 0x29: ['i64.load', 8], 0x2a: ['f32.load', 4], 0x2b: ['f64.load', 8],
  0x2c: ['i32.load8_s', 1], 0x2d: ['i32.load8_u', 1], 0x2e: ['i32.load16_s', 2], 0x2f: ['i32.load16_u', 2],
  0x30: ['i64.load8_s', 1], 0x31: ['i64.load8_u', 1], 0x32: ['i64.load16_s', 2], 0x33: ['i64.load16_u', 2],
  0x34: ['i64.load32_s', 4], 0x35: ['i64.load32_u', 4],
};
const PLAIN_STORES: Record<number, [string, number]> = {
  0x36: ['i32.store', 4], 0x37: ['i64.store', 8], 0x38: ['f32.store', 4], 0x39: ['f64.store', 8],
  0x3a: ['i32.store8', 1], 0x3b: ['i32.store16', 2], 0x3c: ['i64.store8', 1], 0x3d: ['i64.store16', 2], 0x3e: ['i64.store32', 4],
};
// Atomic loads (0x10..), stores (0x17..) and each RMW group (0x1e.., 7 each) share this width order.
const ATOMIC_SHAPES: [string, string, number][] = [
  ['i32', '', 4], ['i64', '', 8], ['i32', '8', 1], ['i32', '16', 2], ['i64', '8', 1], ['i64', '16', 2], ['i64', '32', 4],
];
const RMW_NAMES = ['add', 'sub', 'and', 'or', 'xor', 'xchg', 'cmpxchg'];

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new WasmDecodeError('unexpected end', this.pos);
    return this.bytes[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new WasmDecodeError('LEB128 too long', this.pos);
    }
  }
  /** A signed LEB128 i32 (an `i32.const` immediate), as the unsigned 32-bit value it stands for. */
  i32(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.byte();
      if (shift < 32) result |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80 && shift < 70);
    if (shift < 32 && b & 0x40) result |= -1 << shift;
    return result >>> 0;
  }
  /** Signed LEB128 of any width: only skipped (i64 constants are never needed). */
  skipLeb(): void {
    while (this.byte() & 0x80);
  }
  skip(n: number): void {
    this.pos += n;
    if (this.pos > this.bytes.length) throw new WasmDecodeError('unexpected end', this.pos);
  }
  name(): string {
    const n = this.u32();
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + n));
    this.skip(n);
    return s;
  }
  limits(): MemoryLimits {
    const flags = this.byte();
    const min = this.u32();
    const max = flags & 1 ? this.u32() : undefined;
    return max === undefined ? { min, shared: (flags & 2) !== 0 } : { min, max, shared: (flags & 2) !== 0 };
  }
}

export function decodeWasm(bytes: Uint8Array): WasmModuleInfo {
  const r = new Reader(bytes);
  const magic = bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d && bytes[4] === 1;
  if (!magic) throw new WasmDecodeError('not a WebAssembly module (bad magic or version)', 0);
  r.pos = 8;
  const imports: WasmImport[] = [];
  const exports: WasmExport[] = [];
  const definedMemories: MemoryLimits[] = [];
  const functions: WasmFunction[] = [];
  let importedFunctions = 0;
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (end > bytes.length) throw new WasmDecodeError(`section ${id} runs past the end`, r.pos);
    if (id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        const module = r.name();
        const name = r.name();
        const kind = KINDS[r.byte()];
        if (!kind) throw new WasmDecodeError('bad import kind', r.pos - 1);
        if (kind === 'func') {
          r.u32();
          importedFunctions++;
          imports.push({ module, name, kind });
        } else if (kind === 'table') {
          r.byte();
          r.limits();
          imports.push({ module, name, kind });
        } else if (kind === 'memory') {
          imports.push({ module, name, kind, memory: r.limits() });
        } else if (kind === 'global') {
          r.byte();
          r.byte();
          imports.push({ module, name, kind });
        } else {
          r.byte();
          r.u32();
          imports.push({ module, name, kind });
        }
      }
    } else if (id === 5) {
      for (let n = r.u32(); n > 0; n--) definedMemories.push(r.limits());
    } else if (id === 7) {
      for (let n = r.u32(); n > 0; n--) {
        const name = r.name();
        const kind = KINDS[r.byte()];
        if (!kind) throw new WasmDecodeError('bad export kind', r.pos - 1);
        exports.push({ name, kind, index: r.u32() });
      }
    } else if (id === 10) {
      for (let n = r.u32(), i = 0; i < n; i++) {
        const bodySize = r.u32();
        const bodyEnd = r.pos + bodySize;
        for (let groups = r.u32(); groups > 0; groups--) {
          r.u32();
          r.byte();
        }
        functions.push(decodeBody(r, bodyEnd, importedFunctions + i));
      }
    }
    r.pos = end;
  }
  return { imports, exports, definedMemories, importedFunctions, functions };
}

function decodeBody(r: Reader, end: number, index: number): WasmFunction {
  const fn: WasmFunction = { index, accesses: [], memoryOps: [], calls: [], indirectCalls: 0 };
  let lastConst: number | undefined;
  const memarg = (): number => {
    const align = r.u32();
    if (align & 0x40) r.u32(); // multi-memory index
    return r.u32();
  };
  const push = (a: Omit<MemoryAccess, 'lastConst'>): void => void fn.accesses.push(lastConst === undefined ? a : { ...a, lastConst });
  while (r.pos < end) {
    const at = r.pos;
    const op = r.byte();
    if (op === 0x02 || op === 0x03 || op === 0x04) {
      const t = r.bytes[r.pos]!;
      if (t === 0x40 || (t >= 0x6f && t <= 0x7f)) r.pos++;
      else r.skipLeb();
    } else if (op === 0x0c || op === 0x0d) r.u32();
    else if (op === 0x0e) {
      for (let n = r.u32(); n >= 0; n--) r.u32();
    } else if (op === 0x10 || op === 0x12) fn.calls.push(r.u32());
    else if (op === 0x11 || op === 0x13) {
      r.u32();
      r.u32();
      fn.indirectCalls++;
    } else if (op === 0x1c) {
      for (let n = r.u32(); n > 0; n--) r.byte();
    } else if (op >= 0x20 && op <= 0x26) r.u32();
    else if (PLAIN_LOADS[op]) {
      const [name, bytes] = PLAIN_LOADS[op]!;
      push({ op: name, kind: 'load', bytes, atomic: false, offset: memarg() });
    } else if (PLAIN_STORES[op]) {
      const [name, bytes] = PLAIN_STORES[op]!;
      push({ op: name, kind: 'store', bytes, atomic: false, offset: memarg() });
    } else if (op === 0x3f || op === 0x40) {
      r.u32();
      fn.memoryOps.push(op === 0x3f ? 'memory.size' : 'memory.grow');
    } else if (op === 0x41) lastConst = r.i32();
    else if (op === 0x42) r.skipLeb();
    else if (op === 0x43) r.skip(4);
    else if (op === 0x44) r.skip(8);
    else if (op === 0xd0) r.byte();
    else if (op === 0xd2) r.u32();
    else if (op === 0xfc) decodeFc(r, fn);
    else if (op === 0xfe) decodeAtomic(r, push, fn, memarg, at);
    else if (op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || (op >= 0x45 && op <= 0xc4) || op === 0xd1) {
      // no immediates
    } else throw new WasmDecodeError(`unsupported opcode 0x${op.toString(16)} in function ${index}`, at);
  }
  return fn;
}

function decodeFc(r: Reader, fn: WasmFunction): void {
  const sub = r.u32();
  if (sub <= 7) return; // saturating truncations
  const names: Record<number, [string, number]> = {
    8: ['memory.init', 2], 9: ['data.drop', 1], 10: ['memory.copy', 2], 11: ['memory.fill', 1],
    12: ['table.init', 2], 13: ['elem.drop', 1], 14: ['table.copy', 2], 15: ['table.grow', 1], 16: ['table.size', 1], 17: ['table.fill', 1],
  };
  const entry = names[sub];
  if (!entry) throw new WasmDecodeError(`unsupported 0xfc ${sub}`, r.pos);
  for (let i = 0; i < entry[1]; i++) r.u32();
  if (entry[0].startsWith('memory.') || entry[0] === 'data.drop') fn.memoryOps.push(entry[0]);
}

function decodeAtomic(r: Reader, push: (a: Omit<MemoryAccess, 'lastConst'>) => void, fn: WasmFunction, memarg: () => number, at: number): void {
  const sub = r.u32();
  if (sub === 0x03) {
    r.byte();
    fn.memoryOps.push('atomic.fence');
  } else if (sub <= 0x02) {
    memarg();
    fn.memoryOps.push(['memory.atomic.notify', 'memory.atomic.wait32', 'memory.atomic.wait64'][sub]!);
  } else if (sub >= 0x10 && sub <= 0x4e) {
    const group = Math.floor((sub - 0x10) / 7);
    const [type, narrow, bytes] = ATOMIC_SHAPES[(sub - 0x10) % 7]!;
    const suffix = narrow ? `${narrow}_u` : '';
    const kind = group === 0 ? 'load' : group === 1 ? 'store' : 'rmw';
    const op =
      kind === 'load' ? `${type}.atomic.load${suffix}` : kind === 'store' ? `${type}.atomic.store${narrow}` : `${type}.atomic.rmw${narrow}.${RMW_NAMES[group - 2]}${narrow ? '_u' : ''}`;
    push({ op, kind, bytes, atomic: true, offset: memarg() });
  } else throw new WasmDecodeError(`unsupported atomic opcode 0xfe ${sub}`, at);
}

/** Functions reachable from `start` through direct calls, `start` included. */
export function reachable(info: WasmModuleInfo, start: number): WasmFunction[] {
  const byIndex = new Map(info.functions.map((f) => [f.index, f]));
  const seen = new Set<number>();
  const out: WasmFunction[] = [];
  const visit = (i: number): void => {
    const f = byIndex.get(i);
    if (seen.has(i) || !f) return;
    seen.add(i);
    out.push(f);
    f.calls.forEach(visit);
  };
  visit(start);
  return out;
}
