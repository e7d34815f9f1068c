// Batch columns of a ring's entries, derived once for every back end (TypeScript and wasm must agree
// on them byte for byte): a submit batch holds one column per field software writes (the routine builds
// each word from its fields), a reap batch one column per word of a device-written entry (the routine
// copies each word out once). Columns sit back to back in one block of `cap` entries: column j at byte
// `cap * position`, 8-byte columns first so every column is aligned when the block is 8-aligned.
import type { IrDevice, IrLayout, IrRegister, IrRing } from '../../ir/ir.js';
import { bitsOf } from '../../ir/bits.js';
import { deviceWritten, softwareWrites, withVariants } from './layouts.js';

/** One column of a submit batch: a field (or a whole word without fields) of one word. */
export interface FieldColumn {
  /** Its name in the generated batch class (the field's, or the word's for a word without fields; word_field when taken). */
  readonly name: string;
  readonly word: IrRegister;
  /** The field's name in the word (`value` for a word declared without fields). */
  readonly field: string;
  /** Bit position and width in the word. */
  readonly lsb: number;
  readonly bits: number;
  /** 'u32' for fields of at most 32 bits; 'f64' for a whole 64-bit word: an integer number 0 … 2^53 − 1. */
  readonly kind: 'u32' | 'f64';
  /** Bytes per entry before this column (the column starts at cap * position). */
  readonly position: number;
}

export interface SubmitBatch {
  /** The layout (the ring's, or one of its variants as withVariants names it: sqe_rw). */
  readonly layout: IrLayout;
  /** '' for the ring's own layout, else the variant's name. */
  readonly variant: string;
  /** The words the routine writes, in layout order (device-written words are never written). */
  readonly words: readonly IrRegister[];
  readonly columns: readonly FieldColumn[];
  /** Bytes per entry of the block. */
  readonly bytes: number;
}

export interface ReapBatch {
  readonly layout: IrLayout;
  /** Every word, in layout order; column j is word j (a u32 per entry, at cap * 4 * j). */
  readonly words: readonly IrRegister[];
  /** The phase tag's word: read first (the scan's read), the others after it in layout order. */
  readonly tag: IrRegister;
  readonly bytes: number;
}

/** Names the generated batch classes keep for themselves (runtime/registers/batch.ts). */
const RESERVED = new Set(['cap', 'size', 'buffer', 'byteOffset', 'byteLength', 'write', 'read', 'columns', 'spec', 'arrays', 'wide', 'tag', 'constructor', '__proto__']);
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function uniqueName(taken: Set<string>, preferred: string, fallback: string): string {
  let name = taken.has(preferred) || RESERVED.has(preferred) || !IDENT.test(preferred) ? fallback : preferred;
  while (taken.has(name) || RESERVED.has(name)) name += '_';
  taken.add(name);
  return name;
}

/** The submit batch of `layout`, or undefined when it has words a column cannot carry (arrays, 64-bit words with fields). */
function submitBatch(layout: IrLayout, variant: string): SubmitBatch | undefined {
  const words = layout.words.filter((w) => !deviceWritten(w));
  if (words.length === 0) return undefined;
  const taken = new Set<string>();
  const wide: Omit<FieldColumn, 'position'>[] = [];
  const narrow: Omit<FieldColumn, 'position'>[] = [];
  for (const word of words) {
    if (word.array) return undefined;
    const fields = word.fields.filter((f) => f.sw === 'w' || f.sw === 'rw');
    if (word.width === 64) {
      const [f] = fields;
      if (fields.length !== 1 || f!.lsb !== 0 || f!.width !== 64) return undefined;
      wide.push({ name: uniqueName(taken, word.name, `${word.name}_value`), word, field: f!.name, lsb: 0, bits: 64, kind: 'f64' });
      continue;
    }
    for (const f of fields) {
      const name = word.implicitField ? uniqueName(taken, word.name, `${word.name}_value`) : uniqueName(taken, f.name, `${word.name}_${f.name}`);
      narrow.push({ name, word, field: f.name, lsb: f.lsb, bits: f.width, kind: 'u32' });
    }
  }
  let position = 0;
  const columns = [...wide, ...narrow].map((c) => {
    const col = { ...c, position };
    position += c.kind === 'f64' ? 8 : 4;
    return col;
  });
  return { layout, variant, words, columns, bytes: position };
}

/**
 * The submit batches of ring `ring`: its layout and each variant of it, for a ring software fills and
 * whose device learns of new entries from the tail doorbell alone (no owner or done word: one fence, then
 * the doorbell, as Ring.submit). Layouts with a word a column cannot carry are left out.
 */
export function submitBatches(device: IrDevice, ring: IrRing): SubmitBatch[] {
  const layout = device.layouts.find((l) => l.name === ring.layout);
  if (!layout || ring.phase || layout.owner || layout.done || !softwareWrites(layout)) return [];
  const out: SubmitBatch[] = [];
  const all = withVariants([layout]);
  all.forEach((l, i) => {
    const b = submitBatch(l, i === 0 ? '' : layout.variants![i - 1]!.name);
    if (b) out.push(b);
  });
  return out;
}

/** The reap batch of a phase-tag ring whose entry is plain words of at most 32 bits, else undefined. */
export function reapBatch(device: IrDevice, ring: IrRing): ReapBatch | undefined {
  const layout = device.layouts.find((l) => l.name === ring.layout);
  if (!layout || !ring.phase || layout.words.some((w) => w.array || w.width === 64)) return undefined;
  const tag = layout.words.find((w) => w.name === ring.phase!.word);
  // Word columns are named after the words: one the batch class keeps for itself gets no reap batch.
  if (!tag || layout.words.some((w) => RESERVED.has(w.name) || !IDENT.test(w.name))) return undefined;
  return { layout, words: layout.words, tag, bytes: 4 * layout.words.length };
}

/** The field's mask, right-aligned (for a u32 column). */
export const columnMask = (c: FieldColumn): bigint => bitsOf(0, c.bits);

/** A word's bits no column sets: what they are written as (the word's write base there). */
export function wordBase(word: IrRegister, columns: readonly FieldColumn[]): bigint {
  const covered = columns.filter((c) => c.word === word).reduce((m, c) => m | bitsOf(c.lsb, c.bits), 0n);
  return BigInt(word.masks.writeBase) & ~covered & bitsOf(0, word.width);
}
