// 8-, 16- and 32-bit registers: every method is exactly one access of the register's width (modify and
// the keep-preserving acks: one read, then one write). Values are unsigned numbers. The safe-write masks
// come from the compiler (IrMasks, docs/language.md "Safe writes"); this core never derives them.
// Generated code narrows these classes to the operations a register allows (see access.ts).
import type { Mmio } from './mmio.js';
import { Field, type FieldRead } from './fields.js';
import { ProvenMmio } from './proven-mmio.js';

export type FieldSet = { readonly [name: string]: Field<unknown, unknown> };
/** Field name → value for write/modify (undefined entries are skipped). */
export type FieldInput = { readonly [name: string]: unknown };

export interface Masks {
  /** Bits a modify writes back as read (plain rw storage, `preserve` reserved bits). */
  readonly keep: number;
  /** Start value of write({…}): reset of kept/write-only/reserved bits, w0-effect bits 1, reserved ones. */
  readonly writeBase: number;
  /** Constant part of a modify (w0-effect bits 1, write-only and reserved bits per reset/policy). */
  readonly modifyBase: number;
  /** A write that changes nothing when keep is 0 (read-free acks). */
  readonly ackBase: number;
  /** Bits ack() may name: w1c and w1t fields. */
  readonly ack1: number;
  /** Bits clear() may name: w0c fields. */
  readonly ack0: number;
  /** Reading has a side effect (rc/rs fields): nothing here may read it implicitly. */
  readonly readEffect: boolean;
}

/**
 * What a generated composer reads: the caller's field-value object. Typed loosely on purpose: the
 * public types (FieldValues) already allow only the register's writable fields and their value types;
 * the composer checks each value at run time like Field.encode does.
 */
export type ComposeInput = { readonly [name: string]: any };

/**
 * Inserts the field values of `v` into `x` and returns the unsigned result. Generated per register
 * (compiler/backends/typescript/compose.ts) with every mask and shift a constant, so V8 inlines it
 * into write/modify and, the object literal not escaping, allocates nothing per call; a value the
 * inline test does not take (a name, a boolean given as 0/1, an error) goes to encodeField.
 */
export type Composer = (x: number, v: ComposeInput, l: RegisterLayout) => number;

/**
 * A register's whole modify(): one read of its width at `offset`, the kept bits and the field values
 * of `v` inserted, one write. Generated per register shape (compiler/backends/typescript/compose.ts),
 * every mask a constant; never generated for a register whose read has side effects.
 */
export type Modifier = (io: Mmio, offset: number, v: ComposeInput, l: RegisterLayout) => void;

export interface RegisterLayout<F extends FieldSet = FieldSet> extends Masks {
  readonly name: string;
  readonly width: 8 | 16 | 32;
  readonly fields: F;
  /** The fields in declaration order (encodeField's index). */
  readonly list: readonly Field<unknown, unknown>[];
  readonly compose: Composer;
  /** The generated modify routine, if any (else modify composes with the masks above). */
  readonly modify: Modifier | undefined;
}

/** The run-time composer, for layouts built without a generated one (hand-written or from data). */
const composeByName: Composer = (x, v, l) => compose(l, x, v);

/**
 * The static description of a register (shared by every instance, array element and block copy).
 * Masks left out are 0 (readEffect false); `compose` is the generated composer, if any.
 */
export function layout<F extends FieldSet>(
  name: string,
  width: 8 | 16 | 32,
  fields: F,
  masks: Partial<Masks> & { readonly compose?: Composer; readonly modify?: Modifier } = {},
): RegisterLayout<F> {
  const list = Object.freeze(Object.values(fields));
  if (masks.readEffect && masks.modify) throw new TypeError(`${name}: a modify routine for a register whose read has side effects`);
  // Every property written exactly once, in one literal: V8 then tracks each as a constant field and
  // folds `layout.keep`, `layout.modify`… of a constant register into the caller's code. A spread of
  // defaults followed by the given masks writes a property twice, which makes it a mutable field that
  // is loaded and checked on every access (bench/README.md, issue 13).
  return Object.freeze({
    name,
    width,
    fields,
    list,
    keep: masks.keep ?? 0,
    writeBase: masks.writeBase ?? 0,
    modifyBase: masks.modifyBase ?? 0,
    ackBase: masks.ackBase ?? 0,
    ack1: masks.ack1 ?? 0,
    ack0: masks.ack0 ?? 0,
    readEffect: masks.readEffect ?? false,
    compose: masks.compose ?? composeByName,
    modify: masks.modify,
  });
}

/**
 * Field `index` of `l` encoded for `value`, the composers' slow path: the same checks and messages as
 * compose() (not writable, out of range, unknown value name).
 */
export const encodeField = (l: RegisterLayout, index: number, value: unknown): number => {
  const f = l.list[index]!;
  if (!f.writable) throw new RangeError(`${l.name}.${f.name} is not writable`);
  return f.encode(value, l.name);
};

export function load(io: Mmio, width: 8 | 16 | 32, offset: number): number {
  if (width === 32) return io.read32(offset) >>> 0;
  return width === 16 ? io.read16(offset) : io.read8(offset);
}

export function store(io: Mmio, width: 8 | 16 | 32, offset: number, value: number): void {
  if (width === 32) io.write32(offset, value >>> 0);
  else if (width === 16) io.write16(offset, value & 0xffff);
  else io.write8(offset, value & 0xff);
}

/**
 * A raw value for write(): an unsigned value of the width (32-bit also takes int32, as JS bit ops give)
 * — the same rule as every Mmio's write (mmio.ts, fits8/16/32), so raw and generated writes agree.
 * Checked with bit ops, which V8 folds away for a value it knows is a small integer (Number.isInteger
 * is not folded and costs a float round per write). `const`, not a function declaration: a module's
 * function binding is mutable, so V8 would reload and check it on every call.
 */
export const rawValue = (v: number, l: RegisterLayout): number => {
  const ok = l.width === 32 ? (v | 0) === v || v >>> 0 === v : v >>> 0 === v && v < 1 << l.width;
  if (!ok) badValue(v, l);
  return v;
};
const badValue = (v: number, l: RegisterLayout): never => {
  throw new RangeError(`${l.name}: ${String(v)} is not a ${l.width}-bit value`);
};

/**
 * A 32-bit write of anything but a non-negative int32 (the callers' inline fast path): field values
 * over the write base, a negative int32 as its unsigned bits, else rawValue's RangeError.
 */
const writeOther32 = (io: Mmio, at: number, value: number | FieldInput, l: RegisterLayout): void => {
  if (typeof value !== 'number') io.write32(at, l.compose(l.writeBase, value, l));
  else if ((value | 0) === value || value >>> 0 === value) io.write32(at, value >>> 0);
  else rawValue(value, l);
};

function fieldOf(l: RegisterLayout, name: string): Field<unknown, unknown> {
  const f: unknown = l.fields[name];
  // instanceof rather than hasOwn: as fast as a property load, and still refuses 'toString' & co.
  if (!(f instanceof Field)) throw new RangeError(`register ${l.name} has no field '${name}'`);
  return f;
}

/** Inserts the named field values into `base`. */
export function compose(l: RegisterLayout, base: number, values: FieldInput): number {
  let v = base;
  for (const name in values) {
    const x = values[name];
    if (x === undefined) continue;
    const f = fieldOf(l, name);
    if (!f.writable) throw new RangeError(`${l.name}.${name} is not writable`);
    v = ((v & ~f.mask) | f.encode(x, l.name)) >>> 0;
  }
  return v;
}

/** The mask of the named fields, each of which must lie inside `allowed`. */
function namedBits(l: RegisterLayout, names: readonly string[], allowed: number, verb: string): number {
  let bits = 0;
  for (const name of names) {
    const f = fieldOf(l, name);
    if ((f.mask & allowed) >>> 0 !== f.mask) throw new RangeError(`${l.name}.${name} cannot be ${verb}ed (not a ${verb === 'ack' ? 'w1c/w1t' : 'w0c'} field)`);
    bits |= f.mask;
  }
  return bits >>> 0;
}

function keptBits(io: Mmio, offset: number, l: RegisterLayout): number {
  if (l.readEffect) throw new Error(`${l.name}: refusing an implicit read-modify-write, reading it has side effects`);
  return ((load(io, l.width, offset) & l.keep) | l.modifyBase) >>> 0;
}

/** Writes 1 to `bits` and a no-op everywhere else: read-free when no bit needs keeping. */
export function writeOnes(io: Mmio, offset: number, l: RegisterLayout, bits: number): void {
  const base = l.keep === 0 ? l.ackBase : keptBits(io, offset, l);
  store(io, l.width, offset, base | bits);
}

/** Writes 0 to `bits` (w0c clears) and a no-op everywhere else. */
export function writeZeros(io: Mmio, offset: number, l: RegisterLayout, bits: number): void {
  const base = l.keep === 0 ? l.ackBase : keptBits(io, offset, l);
  store(io, l.width, offset, base & ~bits);
}

/** One safe read-modify-write setting `set` and clearing `clear` among the kept bits. */
export function modifyBits(io: Mmio, offset: number, l: RegisterLayout, set: number, clear: number): void {
  store(io, l.width, offset, (keptBits(io, offset, l) & ~clear) | set);
}

function requireWidth<L extends RegisterLayout>(l: L, width: 8 | 16 | 32): L {
  if (l.width !== width) throw new TypeError(`${l.name}: a ${l.width}-bit layout given to a ${width}-bit register class`);
  return l;
}

/**
 * One register of any width. Generated code constructs the width-specific subclass (Register32…),
 * whose load/store are a single direct Mmio call; this base dispatches on the layout's width.
 *
 * Fields are `declare`d and assigned once in the constructor (no class-field define), so V8 keeps them
 * constant: in a hot loop over a constant register object the whole access folds to the Mmio's
 * typed-array load (bench/README.md).
 */
export class Register<F extends FieldSet = FieldSet> {
  declare readonly io: Mmio;
  declare readonly offset: number;
  declare readonly layout: RegisterLayout<F>;

  constructor(io: Mmio, offset: number, layout: RegisterLayout<F>) {
    this.io = io;
    this.offset = offset;
    this.layout = layout;
  }

  /** One read of the register's width at `at`, as an unsigned number. */
  protected load(at: number): number {
    return load(this.io, this.layout.width, at);
  }
  /** One write of the register's width at `at`. */
  protected store(at: number, value: number): void {
    store(this.io, this.layout.width, at, value);
  }
  /** The kept bits of a modify: one read (refused when reading has side effects). */
  private kept(at: number): number {
    const l = this.layout;
    if (l.readEffect) throw new Error(`${l.name}: refusing an implicit read-modify-write, reading it has side effects`);
    return ((this.load(at) & l.keep) | l.modifyBase) >>> 0;
  }

  /** The register's field decoders (`fields.x.get(raw)`). */
  get fields(): F {
    return this.layout.fields;
  }
  /** One read of the raw value. */
  read(): number {
    return this.load(this.offset);
  }
  /** One read; clears the fields that clear on read. */
  readAndClear(): number {
    return this.load(this.offset);
  }
  /** One read; sets the fields that set on read. */
  readAndSet(): number {
    return this.load(this.offset);
  }
  /** One read, with the read side effects of the register's fields. */
  readWithSideEffects(): number {
    return this.load(this.offset);
  }
  /** One read, decoding one field. */
  get<K extends keyof F & string>(field: K): FieldRead<F[K]> {
    return fieldOf(this.layout, field).get(this.load(this.offset)) as FieldRead<F[K]>;
  }
  /** One write: a raw value, or the named fields over the register's safe write base (reset). */
  write(value: number | FieldInput): void {
    const l = this.layout;
    this.store(this.offset, typeof value === 'number' ? rawValue(value, l) : l.compose(l.writeBase, value, l));
  }
  /** One read and one write changing only the named fields (w1 effects written 0, w0 effects 1). */
  modify(values: FieldInput): void {
    const l = this.layout;
    const m = l.modify;
    if (m !== undefined) m(this.io, this.offset, values, l);
    else this.store(this.offset, l.compose(this.kept(this.offset), values, l));
  }
  /** Writes 1 to the named w1c/w1t fields, read-free when the register holds no rw bits. */
  ack(...fields: string[]): void {
    const l = this.layout;
    const bits = namedBits(l, fields, l.ack1, 'ack');
    this.store(this.offset, (l.keep === 0 ? l.ackBase : this.kept(this.offset)) | bits);
  }
  /** Writes 0 to the named w0c fields, read-free when the register holds no rw bits. */
  clear(...fields: string[]): void {
    const l = this.layout;
    const bits = namedBits(l, fields, l.ack0, 'clear');
    this.store(this.offset, (l.keep === 0 ? l.ackBase : this.kept(this.offset)) & ~bits);
  }
}

/**
 * A 32-bit register: every access is one read32/write32. read32 already yields the unsigned value (every
 * Mmio here reads a Uint32Array, getUint32 or readUInt32LE); a `>>> 0` on it would cost a deopt check
 * per read in a hot loop.
 */
export class Register32<F extends FieldSet = FieldSet> extends Register<F> {
  constructor(io: Mmio, offset: number, layout: RegisterLayout<F>) {
    super(io, offset, requireWidth(layout, 32));
  }
  /** As Register.write, with the int32 fast path of RegisterArray32.write (the rest out of line, as there). */
  override write(value: number | FieldInput): void {
    if (typeof value === 'number' && value >= 0 && (value | 0) === value) this.io.write32(this.offset, value);
    else writeOther32(this.io, this.offset, value, this.layout);
  }
  protected override load(at: number): number {
    return this.io.read32(at);
  }
  protected override store(at: number, value: number): void {
    this.io.write32(at, value >>> 0);
  }
}
/** A 16-bit register: every access is one read16/write16. */
export class Register16<F extends FieldSet = FieldSet> extends Register<F> {
  constructor(io: Mmio, offset: number, layout: RegisterLayout<F>) {
    super(io, offset, requireWidth(layout, 16));
  }
  protected override load(at: number): number {
    return this.io.read16(at);
  }
  protected override store(at: number, value: number): void {
    this.io.write16(at, value & 0xffff);
  }
}
/** An 8-bit register: every access is one read8/write8. */
export class Register8<F extends FieldSet = FieldSet> extends Register<F> {
  constructor(io: Mmio, offset: number, layout: RegisterLayout<F>) {
    super(io, offset, requireWidth(layout, 8));
  }
  protected override load(at: number): number {
    return this.io.read8(at);
  }
  protected override store(at: number, value: number): void {
    this.io.write8(at, value & 0xff);
  }
}

/**
 * COUNT registers STRIDE bytes apart; every method takes the index first. Width subclasses as for Register.
 * Elements are accessed through `bus`: over a region with views whose bounds hold every element (checked
 * here, once), a ProvenMmio that skips the per-access bounds and alignment tests the index check already
 * implies; else `io` itself (a recording, simulated or VFIO Mmio: every access exactly as before).
 */
export class RegisterArray<F extends FieldSet = FieldSet> {
  declare readonly io: Mmio;
  declare readonly offset: number;
  declare readonly length: number;
  declare readonly stride: number;
  declare readonly layout: RegisterLayout<F>;
  protected declare readonly bus: Mmio;

  constructor(io: Mmio, offset: number, length: number, stride: number, layout: RegisterLayout<F>) {
    this.io = io;
    this.offset = offset;
    this.length = length;
    this.stride = stride;
    this.layout = layout;
    this.bus = ProvenMmio.over(io, offset, length, stride, (layout.width / 8) as 1 | 2 | 4);
  }

  protected load(at: number): number {
    return load(this.bus, this.layout.width, at);
  }
  protected store(at: number, value: number): void {
    store(this.bus, this.layout.width, at, value);
  }
  private kept(at: number): number {
    const l = this.layout;
    if (l.readEffect) throw new Error(`${l.name}: refusing an implicit read-modify-write, reading it has side effects`);
    return ((this.load(at) & l.keep) | l.modifyBase) >>> 0;
  }

  get fields(): F {
    return this.layout.fields;
  }
  /** The byte offset of element `index`; RangeError naming the register when out of range. */
  offsetOf(index: number): number {
    // `index % 1 === 0` rather than Number.isInteger: V8 drops this whole test when it knows the index
    // is an integer in range (`i & 1023`), and a hot loop with no branch left in it gets peeled
    // (~0.55 ns instead of ~0.7 ns per read in bench/run.ts); Number.isInteger leaves a branch.
    if (!(typeof index === 'number' && index >= 0 && index < this.length && index % 1 === 0)) this.outOfRange(index);
    return this.offset + index * this.stride;
  }
  private outOfRange(index: number): never {
    throw new RangeError(`${this.layout.name}[${String(index)}]: index out of range (${this.length} registers)`);
  }
  read(index: number): number {
    return this.load(this.offsetOf(index));
  }
  readAndClear(index: number): number {
    return this.load(this.offsetOf(index));
  }
  readAndSet(index: number): number {
    return this.load(this.offsetOf(index));
  }
  readWithSideEffects(index: number): number {
    return this.load(this.offsetOf(index));
  }
  get<K extends keyof F & string>(index: number, field: K): FieldRead<F[K]> {
    return fieldOf(this.layout, field).get(this.load(this.offsetOf(index))) as FieldRead<F[K]>;
  }
  write(index: number, value: number | FieldInput): void {
    const l = this.layout;
    this.store(this.offsetOf(index), typeof value === 'number' ? rawValue(value, l) : l.compose(l.writeBase, value, l));
  }
  modify(index: number, values: FieldInput): void {
    const l = this.layout;
    const at = this.offsetOf(index);
    const m = l.modify;
    if (m !== undefined) m(this.bus, at, values, l);
    else this.store(at, l.compose(this.kept(at), values, l));
  }
  ack(index: number, ...fields: string[]): void {
    const l = this.layout;
    const at = this.offsetOf(index);
    const bits = namedBits(l, fields, l.ack1, 'ack');
    this.store(at, (l.keep === 0 ? l.ackBase : this.kept(at)) | bits);
  }
  clear(index: number, ...fields: string[]): void {
    const l = this.layout;
    const at = this.offsetOf(index);
    const bits = namedBits(l, fields, l.ack0, 'clear');
    this.store(at, (l.keep === 0 ? l.ackBase : this.kept(at)) & ~bits);
  }
}

export class RegisterArray32<F extends FieldSet = FieldSet> extends RegisterArray<F> {
  constructor(io: Mmio, offset: number, length: number, stride: number, layout: RegisterLayout<F>) {
    super(io, offset, length, stride, requireWidth(layout, 32));
  }
  /**
   * As RegisterArray.write, rawValue's 32-bit rule written out, with a path of its own for a
   * non-negative int32 (what a loop index or a bit operation on small values gives): V8 checks a value
   * it knows is one with no conversion, and the value written is unsigned on every path, as before
   * (bench/README.md, issue 13). Every other value goes to one out-of-line function, so the method
   * stays small enough for V8 to inline it, with the Mmio's write, into a caller's loop.
   */
  override write(index: number, value: number | FieldInput): void {
    const at = this.offsetOf(index);
    if (typeof value === 'number' && value >= 0 && (value | 0) === value) this.bus.write32(at, value);
    else writeOther32(this.bus, at, value, this.layout);
  }
  protected override load(at: number): number {
    return this.bus.read32(at);
  }
  protected override store(at: number, value: number): void {
    this.bus.write32(at, value >>> 0);
  }
}
export class RegisterArray16<F extends FieldSet = FieldSet> extends RegisterArray<F> {
  constructor(io: Mmio, offset: number, length: number, stride: number, layout: RegisterLayout<F>) {
    super(io, offset, length, stride, requireWidth(layout, 16));
  }
  protected override load(at: number): number {
    return this.bus.read16(at);
  }
  protected override store(at: number, value: number): void {
    this.bus.write16(at, value & 0xffff);
  }
}
export class RegisterArray8<F extends FieldSet = FieldSet> extends RegisterArray<F> {
  constructor(io: Mmio, offset: number, length: number, stride: number, layout: RegisterLayout<F>) {
    super(io, offset, length, stride, requireWidth(layout, 8));
  }
  protected override load(at: number): number {
    return this.bus.read8(at);
  }
  protected override store(at: number, value: number): void {
    this.bus.write8(at, value & 0xff);
  }
}

/** The width-specific Register for `layout` (for code that builds registers from data, like DmaView). */
export function registerOf<F extends FieldSet>(io: Mmio, offset: number, layout: RegisterLayout<F>): Register<F> {
  const w = layout.width;
  return w === 32 ? new Register32(io, offset, layout) : w === 16 ? new Register16(io, offset, layout) : new Register8(io, offset, layout);
}

/** The width-specific RegisterArray for `layout`. */
export function registerArrayOf<F extends FieldSet>(io: Mmio, offset: number, length: number, stride: number, layout: RegisterLayout<F>): RegisterArray<F> {
  const w = layout.width;
  return w === 32
    ? new RegisterArray32(io, offset, length, stride, layout)
    : w === 16
      ? new RegisterArray16(io, offset, length, stride, layout)
      : new RegisterArray8(io, offset, length, stride, layout);
}
