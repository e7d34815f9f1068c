// Bit fields of a register value: decode and encode without allocation. Fields of registers up to 32
// bits work on numbers; fields of 64-bit registers on bigints (a field up to 32 bits wide still reads
// as a number there, a wider one as a bigint). Generated code declares fields with the helpers below.

/** Software access to a field (the DSL's `sw` property). */
export type Access = 'rw' | 'r' | 'w' | 'na';
/** What a write does to a field (the DSL's `onwrite`); the capability types pick ack/clear fields by it. */
export type OnWrite = 'none' | 'w1c' | 'w1s' | 'w1t' | 'w0c' | 'w0s' | 'w0t' | 'wclr' | 'wset' | 'pulse';

type Kind = 'uint' | 'flag' | 'enum';

/** Enum names → values; `nameOf` maps a value back (undefined for an undocumented value). */
export interface EnumObject {
  nameOf(value: number): string | undefined;
}
export type EnumNames<E> = Exclude<keyof E, 'nameOf'> & string;
export type EnumValue<E> = E[EnumNames<E>];

/**
 * Names for the values of a field. Hardware may return values the spec does not name: reads give plain
 * numbers and `nameOf` answers undefined for those — never an error.
 */
export function enumeration<const V extends { readonly [name: string]: number }>(
  values: V,
): V & { nameOf(value: number): (keyof V & string) | undefined } {
  const names = new Map<number, keyof V & string>();
  for (const name of Object.keys(values)) if (!names.has(values[name]!)) names.set(values[name]!, name);
  const nameOf = (value: number): (keyof V & string) | undefined => names.get(value);
  return Object.freeze(Object.assign(Object.create(null) as object, values, { nameOf })) as V & {
    nameOf(value: number): (keyof V & string) | undefined;
  };
}

function checkedNumber(value: unknown, owner: string, name: string, max: number, values?: object): number {
  let n: unknown = value;
  if (typeof value === 'boolean') n = value ? 1 : 0;
  else if (typeof value === 'string') {
    n = values !== undefined && Object.hasOwn(values, value) ? (values as Record<string, unknown>)[value] : undefined;
    if (typeof n !== 'number') throw new RangeError(`${owner}.${name}: unknown value name '${value}'`);
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) {
    throw new RangeError(`${owner}.${name}: ${String(value)} is not a ${Math.log2(max + 1)}-bit unsigned value`);
  }
  return n;
}

/**
 * A field of an 8-, 16- or 32-bit register. R is what a read yields, W what a write accepts; A and E
 * (access and write effect, as literal types) let the capability types name writable/ack fields.
 */
export class Field<R = number, W = number, A extends Access = Access, E extends OnWrite = OnWrite> {
  /** Type-level only: the decoded value and the accepted write value. */
  declare readonly readType: R;
  declare readonly writeType: W;
  /** The field's bits in register position. */
  readonly mask: number;
  readonly readable: boolean;
  readonly writable: boolean;
  private readonly max: number;

  constructor(
    readonly name: string,
    readonly lsb: number,
    readonly width: number,
    readonly access: A,
    readonly onWrite: E,
    private readonly kind: Kind,
    readonly values?: EnumObject,
  ) {
    this.max = width >= 32 ? 0xffffffff : 2 ** width - 1;
    this.mask = (this.max * 2 ** lsb) >>> 0;
    this.readable = access === 'rw' || access === 'r';
    this.writable = access === 'rw' || access === 'w';
  }

  /** Decodes this field from a raw register value (no access, no allocation). */
  get(raw: number): R {
    const v = ((raw >>> this.lsb) & this.max) >>> 0;
    return (this.kind === 'flag' ? v !== 0 : v) as R;
  }

  /** The field's bits in position for `value`; RangeError naming the field when it does not fit. */
  encode(value: W, owner: string): number {
    const n = checkedNumber(value, owner, this.name, this.max, this.values);
    return ((n << this.lsb) & this.mask) >>> 0;
  }
}

/** A field of a 64-bit register; R is number for fields up to 32 bits, bigint above. */
export class Field64<R = number, W = number, A extends Access = Access, E extends OnWrite = OnWrite> {
  declare readonly readType: R;
  declare readonly writeType: W;
  readonly mask: bigint;
  readonly readable: boolean;
  readonly writable: boolean;
  private readonly max: bigint;
  private readonly shift: bigint;

  constructor(
    readonly name: string,
    readonly lsb: number,
    readonly width: number,
    readonly access: A,
    readonly onWrite: E,
    private readonly kind: Kind | 'wide',
    readonly values?: EnumObject,
  ) {
    this.max = (1n << BigInt(width)) - 1n;
    this.shift = BigInt(lsb);
    this.mask = this.max << this.shift;
    this.readable = access === 'rw' || access === 'r';
    this.writable = access === 'rw' || access === 'w';
  }

  get(raw: bigint): R {
    const v = (raw >> this.shift) & this.max;
    if (this.kind === 'wide') return v as R;
    return (this.kind === 'flag' ? v !== 0n : Number(v)) as R;
  }

  encode(value: W, owner: string): bigint {
    let n: bigint;
    if (typeof value === 'bigint') {
      if (value < 0n || value > this.max) throw new RangeError(`${owner}.${this.name}: ${value} is not a ${this.width}-bit unsigned value`);
      n = value;
    } else {
      n = BigInt(checkedNumber(value, owner, this.name, this.width >= 32 ? 0xffffffff : Number(this.max), this.values));
    }
    return (n << this.shift) & this.mask;
  }
}

/** A one-bit field: reads as a boolean, accepts a boolean or 0/1. */
export function flag<const A extends Access, const E extends OnWrite = 'none'>(
  name: string,
  lsb: number,
  access: A,
  onWrite?: E,
): Field<boolean, boolean | 0 | 1, A, E> {
  return new Field(name, lsb, 1, access, onWrite ?? ('none' as E), 'flag');
}
/** An unsigned number field. */
export function uint<const A extends Access, const E extends OnWrite = 'none'>(
  name: string,
  lsb: number,
  width: number,
  access: A,
  onWrite?: E,
): Field<number, number, A, E> {
  return new Field(name, lsb, width, access, onWrite ?? ('none' as E), 'uint');
}
/** An enum field: reads the value (a named one or any other), accepts a name or a number. */
export function enumField<E extends EnumObject, const A extends Access, const X extends OnWrite = 'none'>(
  name: string,
  lsb: number,
  width: number,
  access: A,
  values: E,
  onWrite?: X,
): Field<EnumValue<E> | number, EnumNames<E> | number, A, X> {
  return new Field(name, lsb, width, access, onWrite ?? ('none' as X), 'enum', values);
}

export function flag64<const A extends Access, const E extends OnWrite = 'none'>(
  name: string,
  lsb: number,
  access: A,
  onWrite?: E,
): Field64<boolean, boolean | 0 | 1, A, E> {
  return new Field64(name, lsb, 1, access, onWrite ?? ('none' as E), 'flag');
}
export function uint64<const A extends Access, const E extends OnWrite = 'none'>(
  name: string,
  lsb: number,
  width: number,
  access: A,
  onWrite?: E,
): Field64<number, number, A, E> {
  return new Field64(name, lsb, width, access, onWrite ?? ('none' as E), 'uint');
}
/** A field of more than 32 bits: a bigint both ways. */
export function wide64<const A extends Access, const E extends OnWrite = 'none'>(
  name: string,
  lsb: number,
  width: number,
  access: A,
  onWrite?: E,
): Field64<bigint, bigint, A, E> {
  return new Field64(name, lsb, width, access, onWrite ?? ('none' as E), 'wide');
}
export function enumField64<E extends EnumObject, const A extends Access, const X extends OnWrite = 'none'>(
  name: string,
  lsb: number,
  width: number,
  access: A,
  values: E,
  onWrite?: X,
): Field64<EnumValue<E> | number, EnumNames<E> | number, A, X> {
  return new Field64(name, lsb, width, access, onWrite ?? ('none' as X), 'enum', values);
}

export type FieldRead<X> = X extends { readonly readType: infer R } ? R : never;
export type FieldWrite<X> = X extends { readonly writeType: infer W } ? W : never;

/** Names of the fields of F whose property P is one of V. */
type NamesWhere<F, P extends string, V> = { [K in keyof F]: F[K] extends { readonly [Q in P]: V } ? K : never }[keyof F] & string;
/** Fields software may write (sw w or rw). */
export type WritableNames<F> = NamesWhere<F, 'access', 'rw' | 'w'>;
/** Fields ack() may name (w1c, w1t). */
export type AckNames<F> = NamesWhere<F, 'onWrite', 'w1c' | 'w1t'>;
/** Fields clear() may name (w0c). */
export type ClearNames<F> = NamesWhere<F, 'onWrite', 'w0c'>;

/**
 * What `enum by` decodes a register or word value to: the selector's value name and the field's name
 * under the table it picks (`{ sct: 'media', sc: 'unrecovered_read' }`), a number where the spec names
 * none (a selector value without a table, a code the table does not list).
 */
export type EnumByValue<S extends string, F extends string, C extends { readonly [key: string]: EnumObject }> =
  | { [K in keyof C & string]: { readonly [P in S]: K } & { readonly [P in F]: EnumNames<C[K]> | number } }[keyof C & string]
  | ({ readonly [P in S]: number } & { readonly [P in F]: number });

/**
 * A field whose values are named by the enum another field of the same register picks (the spec's
 * `enum by`; NVMe 1.4 figure 125: the Status Code by the Status Code Type). Decoding reads nothing: it
 * takes values already read.
 */
export interface EnumBy<S extends string, F extends string, C extends { readonly [key: string]: EnumObject }> {
  readonly selector: S;
  readonly field: F;
  /** The field's enum for each selector value name. */
  readonly tables: C;
  /** The enum the selector value picks (undefined: none given for it). */
  tableOf(selectorValue: number): C[keyof C] | undefined;
  /** The field value's name under the enum the selector value picks. */
  nameOf(selectorValue: number, value: number): string | undefined;
  /** Both fields of one register or word value, by name where the spec names them. */
  decode(raw: number | bigint): EnumByValue<S, F, C>;
}

interface FieldLike {
  readonly name: string;
  readonly values?: EnumObject;
  get(raw: never): unknown;
}

export function enumBy<const S extends string, const F extends string, const C extends { readonly [key: string]: EnumObject }>(
  fields: { readonly [P in S | F]: FieldLike },
  selectorName: S,
  fieldName: F,
  tables: C,
): EnumBy<S, F, C> {
  const selector = fields[selectorName];
  const field = fields[fieldName];
  const names = selector.values;
  if (names === undefined) throw new Error(`enum by ${selector.name}: the selector has no enum`);
  const byValue = new Map<number, C[keyof C]>();
  for (const key of Object.keys(tables)) {
    const v = (names as unknown as Record<string, unknown>)[key];
    if (typeof v !== 'number') throw new Error(`enum by ${selector.name}: '${key}' is not one of its values`);
    byValue.set(v, tables[key] as C[keyof C]);
  }
  const tableOf = (s: number): C[keyof C] | undefined => byValue.get(s);
  const nameOf = (s: number, value: number): string | undefined => byValue.get(s)?.nameOf(value);
  const get = (f: FieldLike, raw: number | bigint): number => Number((f.get as (r: number | bigint) => unknown)(raw));
  const decode = (raw: number | bigint): EnumByValue<S, F, C> => {
    const s = get(selector, raw);
    const v = get(field, raw);
    const table = byValue.get(s);
    const key = table !== undefined ? names.nameOf(s) : undefined;
    return { [selectorName]: key ?? s, [fieldName]: (key !== undefined ? table!.nameOf(v) : undefined) ?? v } as EnumByValue<S, F, C>;
  };
  return Object.freeze({ selector: selectorName, field: fieldName, tables, tableOf, nameOf, decode });
}
