// What generated code declares a register to be: the core classes implement every operation, these
// capability types expose only the ones the IR allows (IrOps), so misuse is a compile error — a
// read-only register has no `write`, an rc register no `read`/`get`/`modify` (its read is named
// `readAndClear`), a register with any-write effects no `modify`. Which fields write/modify/ack/clear
// accept follows from the field set's literal access and write-effect types. I is the index tuple:
// [] for one register, [index: number] for arrays, so arrays take the index first.
import type { AckNames, ClearNames, FieldRead, FieldWrite, WritableNames } from './fields.js';

export type Scalar = [];
export type Indexed = [index: number];

/** Field name → value accepted by write/modify, for the fields N of field set F. */
export type FieldValues<F, N extends keyof F = WritableNames<F>> = { readonly [K in N]?: FieldWrite<F[K]> };

export interface HasFields<F> {
  /** Field decoders: `fields.x.get(raw)` decodes without an access. */
  readonly fields: F;
}

export interface Readable<F, V = number, I extends unknown[] = Scalar> extends HasFields<F> {
  /** One read of the raw value. */
  read(...at: I): V;
  /** One read, decoding one field. */
  get<K extends keyof F & string>(...args: [...at: I, field: K]): FieldRead<F[K]>;
}

/** Registers whose read clears fields (rc): reading is never implicit. */
export interface ReadsAndClears<F, V = number, I extends unknown[] = Scalar> extends HasFields<F> {
  /** One read, which clears the clear-on-read fields. */
  readAndClear(...at: I): V;
}
/** Registers whose read sets fields (rs). */
export interface ReadsAndSets<F, V = number, I extends unknown[] = Scalar> extends HasFields<F> {
  /** One read, which sets the set-on-read fields. */
  readAndSet(...at: I): V;
}
/** Registers with both kinds of read effect. */
export interface ReadsWithSideEffects<F, V = number, I extends unknown[] = Scalar> extends HasFields<F> {
  readWithSideEffects(...at: I): V;
}

export interface Writable<F, V = number, I extends unknown[] = Scalar> extends HasFields<F> {
  /** One write: the raw value, or the named fields over the reset value (other bits written safely). */
  write(...args: [...at: I, value: V | FieldValues<F>]): void;
}

export interface Modifiable<F, I extends unknown[] = Scalar> {
  /** One read and one write changing only the named fields; w1c bits are written 0, w0c bits 1. */
  modify(...args: [...at: I, values: FieldValues<F>]): void;
}

export interface Acks<F, I extends unknown[] = Scalar> {
  /** Writes 1 to the named w1c/w1t fields: one write (one read too if the register has rw bits). */
  ack(...args: [...at: I, ...fields: AckNames<F>[]]): void;
}

export interface Clears<F, I extends unknown[] = Scalar> {
  /** Writes 0 to the named w0c fields: one write (one read too if the register has rw bits). */
  clear(...args: [...at: I, ...fields: ClearNames<F>[]]): void;
}

export interface Sized {
  /** Number of registers in the array. */
  readonly length: number;
  /** Bytes between elements: for a run-time stride (`stride 4 << cap.dstrd`), the one the device reported when bound. */
  readonly stride: number;
  /** The byte offset of element `index` in the BAR (RangeError when out of range). */
  offsetOf(index: number): number;
}

/** A DMA layout word: always readable and writable, plain memory. */
export type Word<F, V = number> = Readable<F, V> & Writable<F, V> & Modifiable<F>;
/** An array word of a DMA layout: index first. */
export type WordArray<F, V = number> = Readable<F, V, Indexed> & Writable<F, V, Indexed> & Modifiable<F, Indexed> & Sized;
/** What publish() takes for one word: the raw value or field values (an array of those for array words). */
export type WordValue<F, V = number> = V | FieldValues<F>;
