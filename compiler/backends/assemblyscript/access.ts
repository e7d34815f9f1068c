// The instructions every generated routine touches a register with, written as AssemblyScript source:
// an atomic load to read and a plain store of the register's width to write (assembly/volatile.as.ts
// vread*/vwrite*), with the register's offset as the instruction's offset immediate, which a helper
// parameter cannot be (it must be a compile-time constant). Shared by the per-register routines and
// the bulk array routines so the two cannot drift apart.
import { hex } from '../../ir/bits.js';

export type Width = 8 | 16 | 32 | 64;

export const valueType = (w: Width): string => (w === 64 ? 'u64' : 'u32');

export const lit = (w: Width, value: string | bigint): string => {
  const v = typeof value === 'bigint' ? value : BigInt(value);
  return `<${valueType(w)}>${hex(v)}`;
};

export const barBase = (index: number): string => `BAR${index}`;

/** A plain (non-volatile) load of ordinary memory (snapshot buffers, staging descriptors); `off` an immediate. */
export function plainLoad(w: Width, addr: string, off?: string): string {
  const o = off === undefined ? '' : `, ${off}`;
  return w === 64 ? `load<u64>(${addr}${o})` : w === 32 ? `load<u32>(${addr}${o})` : `<u32>load<u${w}>(${addr}${o})`;
}

/** A plain store of ordinary memory (buffers); `off` an immediate. */
export function plainStore(w: Width, addr: string, value: string, off?: string): string {
  const o = off === undefined ? '' : `, ${off}`;
  return w === 32 || w === 64 ? `store<${valueType(w)}>(${addr}, ${value}${o})` : `store<u${w}>(${addr}, <u${w}>(${value})${o})`;
}

/** vread<w>(ptr + off) of assembly/volatile.as.ts with `off` as the immediate offset. */
export function readAt(w: Width, ptr: string, off: string): string {
  return w === 32 || w === 64 ? `atomic.load<${valueType(w)}>(${ptr}, ${off})` : `<u32>atomic.load<u${w}>(${ptr}, ${off})`;
}

/** vwrite<w>(ptr + off, value) of assembly/volatile.as.ts with `off` as the immediate offset. */
export function writeAt(w: Width, ptr: string, off: string, value: string): string {
  return plainStore(w, ptr, value, off);
}

/**
 * A `split` 64-bit register (IrRegister.split) is two 32-bit accesses in the declared order, never one
 * 64-bit access. The halves are statements of a module-level helper (SPLIT_HELPERS, inlined). wasm-opt
 * treats two atomic loads as free to reorder (it sinks them into one `|` and swaps its operands), so the
 * two reads have fence() between them: an atomic read-modify-write, which no load crosses. Two stores
 * are never reordered.
 */
export function splitRead(order: 'lo_hi' | 'hi_lo', ptr: string, off: number | string): string {
  return `vread64$${order}(${ptr} + ${typeof off === 'number' ? hex(off) : off})`;
}

export function splitWrite(order: 'lo_hi' | 'hi_lo', ptr: string, off: number | string, value: string): string {
  return `vwrite64$${order}(${ptr} + ${typeof off === 'number' ? hex(off) : off}, ${value})`;
}

/** The helpers splitRead/splitWrite call; emitted only into a module with split registers. */
export const SPLIT_HELPERS = [
  '// Split 64-bit registers: two 32-bit accesses, in the order the spec declares (split lo_hi / hi_lo).',
  '@inline function vread64$lo_hi(a: usize): u64 {',
  '  const lo = atomic.load<u32>(a);',
  '  fence();',
  '  const hi = atomic.load<u32>(a + 4);',
  '  return (<u64>hi << 32) | <u64>lo;',
  '}',
  '@inline function vread64$hi_lo(a: usize): u64 {',
  '  const hi = atomic.load<u32>(a + 4);',
  '  fence();',
  '  const lo = atomic.load<u32>(a);',
  '  return (<u64>hi << 32) | <u64>lo;',
  '}',
  '@inline function vwrite64$lo_hi(a: usize, v: u64): void {',
  '  store<u32>(a, <u32>v);',
  '  store<u32>(a + 4, <u32>(v >> 32));',
  '}',
  '@inline function vwrite64$hi_lo(a: usize, v: u64): void {',
  '  store<u32>(a + 4, <u32>(v >> 32));',
  '  store<u32>(a, <u32>v);',
  '}',
  '',
];

/** What regRead/regWrite need of a register: its width and, for a split 64-bit one, the half order. */
export interface AccessedRegister {
  readonly width: Width;
  readonly split?: 'lo_hi' | 'hi_lo' | undefined;
}

/** A register's read as the spec declares it (one access, or a split register's two), at `ptr` + `off`. */
export function regRead(reg: AccessedRegister, ptr: string, off: number | string): string {
  return reg.split ? splitRead(reg.split, ptr, off) : readAt(reg.width, ptr, typeof off === 'number' ? hex(off) : off);
}

export function regWrite(reg: AccessedRegister, ptr: string, off: number | string, value: string): string {
  return reg.split ? splitWrite(reg.split, ptr, off, value) : writeAt(reg.width, ptr, typeof off === 'number' ? hex(off) : off, value);
}
