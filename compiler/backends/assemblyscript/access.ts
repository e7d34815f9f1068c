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
