// 64-bit registers: one 8-byte access per call, values as unsigned bigints. Same contract as
// register.ts (which documents the masks); kept separate so the 32-bit path never touches a bigint.
import type { Mmio } from './mmio.js';
import { Field64, type FieldRead } from './fields.js';
import type { FieldInput } from './register.js';

export type FieldSet64 = { readonly [name: string]: Field64<unknown, unknown> };

export interface Masks64 {
  readonly keep: bigint;
  readonly writeBase: bigint;
  readonly modifyBase: bigint;
  readonly ackBase: bigint;
  readonly ack1: bigint;
  readonly ack0: bigint;
  readonly readEffect: boolean;
  /**
   * The spec's `split`: the device takes this register only as two 32-bit accesses, low half first
   * (`lo_hi`) or high half first (`hi_lo`); every read and write is then those two accesses, in that
   * order (NVMe 1.4 section 3.1, CAP/ASQ/ACQ). Absent: one 64-bit access.
   */
  readonly split?: 'lo_hi' | 'hi_lo';
}

export interface RegisterLayout64<F extends FieldSet64 = FieldSet64> extends Masks64 {
  readonly name: string;
  readonly width: 64;
  readonly fields: F;
}

const U64 = (1n << 64n) - 1n;

/** A 64-bit register's static description; masks left out are 0. Each property written once (see layout()). */
export function layout64<F extends FieldSet64>(name: string, fields: F, masks: Partial<Masks64> = {}): RegisterLayout64<F> {
  return Object.freeze({
    name,
    width: 64 as const,
    fields,
    keep: masks.keep ?? 0n,
    writeBase: masks.writeBase ?? 0n,
    modifyBase: masks.modifyBase ?? 0n,
    ackBase: masks.ackBase ?? 0n,
    ack1: masks.ack1 ?? 0n,
    ack0: masks.ack0 ?? 0n,
    readEffect: masks.readEffect ?? false,
    ...(masks.split !== undefined ? { split: masks.split } : {}),
  });
}

/** One 64-bit read as the layout says: one access, or two 32-bit halves in the declared order. */
function load64(io: Mmio, offset: number, l: Masks64): bigint {
  if (l.split === undefined) return io.read64(offset);
  if (l.split === 'lo_hi') {
    const lo = io.read32(offset);
    return (BigInt(io.read32(offset + 4)) << 32n) | BigInt(lo);
  }
  const hi = io.read32(offset + 4);
  return (BigInt(hi) << 32n) | BigInt(io.read32(offset));
}

/** One 64-bit write as the layout says: one access, or two 32-bit halves in the declared order. */
function store64(io: Mmio, offset: number, l: Masks64, value: bigint): void {
  if (l.split === undefined) return io.write64(offset, value);
  const lo = Number(value & 0xffff_ffffn);
  const hi = Number((value >> 32n) & 0xffff_ffffn);
  if (l.split === 'lo_hi') {
    io.write32(offset, lo);
    io.write32(offset + 4, hi);
  } else {
    io.write32(offset + 4, hi);
    io.write32(offset, lo);
  }
}

function fieldOf(l: RegisterLayout64, name: string): Field64<unknown, unknown> {
  const f: unknown = l.fields[name];
  if (!(f instanceof Field64)) throw new RangeError(`register ${l.name} has no field '${name}'`);
  return f;
}

export function compose64(l: RegisterLayout64, base: bigint, values: FieldInput): bigint {
  let v = base;
  for (const name in values) {
    const x = values[name];
    if (x === undefined) continue;
    const f = fieldOf(l, name);
    if (!f.writable) throw new RangeError(`${l.name}.${name} is not writable`);
    v = (v & ~f.mask) | f.encode(x, l.name);
  }
  return v & U64;
}

function namedBits(l: RegisterLayout64, names: readonly string[], allowed: bigint, verb: string): bigint {
  let bits = 0n;
  for (const name of names) {
    const f = fieldOf(l, name);
    if ((f.mask & allowed) !== f.mask) throw new RangeError(`${l.name}.${name} cannot be ${verb}ed (not a ${verb === 'ack' ? 'w1c/w1t' : 'w0c'} field)`);
    bits |= f.mask;
  }
  return bits;
}

function keptBits(io: Mmio, offset: number, l: RegisterLayout64): bigint {
  if (l.readEffect) throw new Error(`${l.name}: refusing an implicit read-modify-write, reading it has side effects`);
  return (load64(io, offset, l) & l.keep) | l.modifyBase;
}

export function writeOnes64(io: Mmio, offset: number, l: RegisterLayout64, bits: bigint): void {
  store64(io, offset, l, (l.keep === 0n ? l.ackBase : keptBits(io, offset, l)) | bits);
}

export function writeZeros64(io: Mmio, offset: number, l: RegisterLayout64, bits: bigint): void {
  store64(io, offset, l, (l.keep === 0n ? l.ackBase : keptBits(io, offset, l)) & ~bits & U64);
}

export function modifyBits64(io: Mmio, offset: number, l: RegisterLayout64, set: bigint, clear: bigint): void {
  store64(io, offset, l, (keptBits(io, offset, l) & ~clear & U64) | set);
}

export function raw64(value: bigint, name: string): bigint {
  if (typeof value !== 'bigint' || value < 0n || value > U64) throw new RangeError(`${name}: ${String(value)} is not a 64-bit unsigned bigint`);
  return value;
}

export class Register64<F extends FieldSet64 = FieldSet64> {
  constructor(
    readonly io: Mmio,
    readonly offset: number,
    readonly layout: RegisterLayout64<F>,
  ) {}

  get fields(): F {
    return this.layout.fields;
  }
  read(): bigint {
    return load64(this.io, this.offset, this.layout);
  }
  readAndClear(): bigint {
    return load64(this.io, this.offset, this.layout);
  }
  readAndSet(): bigint {
    return load64(this.io, this.offset, this.layout);
  }
  readWithSideEffects(): bigint {
    return load64(this.io, this.offset, this.layout);
  }
  get<K extends keyof F & string>(field: K): FieldRead<F[K]> {
    return fieldOf(this.layout, field).get(load64(this.io, this.offset, this.layout)) as FieldRead<F[K]>;
  }
  write(value: bigint | FieldInput): void {
    const l = this.layout;
    store64(this.io, this.offset, l, typeof value === 'bigint' ? raw64(value, l.name) : compose64(l, l.writeBase, value));
  }
  modify(values: FieldInput): void {
    const l = this.layout;
    store64(this.io, this.offset, l, compose64(l, keptBits(this.io, this.offset, l), values));
  }
  ack(...fields: string[]): void {
    writeOnes64(this.io, this.offset, this.layout, namedBits(this.layout, fields, this.layout.ack1, 'ack'));
  }
  clear(...fields: string[]): void {
    writeZeros64(this.io, this.offset, this.layout, namedBits(this.layout, fields, this.layout.ack0, 'clear'));
  }
}

export class Register64Array<F extends FieldSet64 = FieldSet64> {
  constructor(
    readonly io: Mmio,
    readonly offset: number,
    readonly length: number,
    readonly stride: number,
    readonly layout: RegisterLayout64<F>,
  ) {}

  get fields(): F {
    return this.layout.fields;
  }
  offsetOf(index: number): number {
    if (!(typeof index === 'number' && index >= 0 && index < this.length && index % 1 === 0)) {
      throw new RangeError(`${this.layout.name}[${String(index)}]: index out of range (${this.length} registers)`);
    }
    return this.offset + index * this.stride;
  }
  read(index: number): bigint {
    return load64(this.io, this.offsetOf(index), this.layout);
  }
  readAndClear(index: number): bigint {
    return load64(this.io, this.offsetOf(index), this.layout);
  }
  readAndSet(index: number): bigint {
    return load64(this.io, this.offsetOf(index), this.layout);
  }
  readWithSideEffects(index: number): bigint {
    return load64(this.io, this.offsetOf(index), this.layout);
  }
  get<K extends keyof F & string>(index: number, field: K): FieldRead<F[K]> {
    return fieldOf(this.layout, field).get(load64(this.io, this.offsetOf(index), this.layout)) as FieldRead<F[K]>;
  }
  write(index: number, value: bigint | FieldInput): void {
    const l = this.layout;
    store64(this.io, this.offsetOf(index), l, typeof value === 'bigint' ? raw64(value, l.name) : compose64(l, l.writeBase, value));
  }
  modify(index: number, values: FieldInput): void {
    const l = this.layout;
    const at = this.offsetOf(index);
    store64(this.io, at, l, compose64(l, keptBits(this.io, at, l), values));
  }
  ack(index: number, ...fields: string[]): void {
    writeOnes64(this.io, this.offsetOf(index), this.layout, namedBits(this.layout, fields, this.layout.ack1, 'ack'));
  }
  clear(index: number, ...fields: string[]): void {
    writeZeros64(this.io, this.offsetOf(index), this.layout, namedBits(this.layout, fields, this.layout.ack0, 'clear'));
  }
}
