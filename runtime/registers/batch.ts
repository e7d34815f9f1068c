// Batches of ring entries as columns (one typed array per field or word, `cap` entries each, back to
// back in one block): what Ring.submitBatch builds entries from and PhaseTagRing.reapBatch copies
// consumed entries into, and what the wasm routines submitBatch$RING / reapBatch$RING take in the device
// window. The column set, order and byte positions of a layout are decided once by the generator
// (compiler/backends/shared/batch.ts) and given here as a generated spec, so the TypeScript and wasm
// back ends read and write the same bytes. A batch is filled with plain typed-array stores: no call, no
// BigInt and no view per entry on the caller's side.
import type { Mmio } from './mmio.js';

/** One column of a submit batch: a field of word `word` (index into `words`), or a whole word. */
export interface BatchColumnSpec {
  readonly name: string;
  readonly word: number;
  readonly lsb: number;
  readonly bits: number;
  /** 'u32': a Uint32Array, masked to `bits`; 'f64': a whole 64-bit word, an integer number 0 … 2^53 − 1. */
  readonly kind: 'u32' | 'f64';
  /** Bytes per entry before this column: it starts at byte cap * position of the block. */
  readonly position: number;
}

export interface BatchWordSpec {
  readonly name: string;
  readonly offset: number;
  readonly width: 8 | 16 | 32 | 64;
  /** The bits no column sets, as written (≤ 32-bit words). */
  readonly base: number;
}

/** A layout's submit batch: the words written, in layout order, and their columns. */
export interface EntryFieldsSpec {
  readonly layout: string;
  /** Bytes per ring entry. */
  readonly size: number;
  /** Bytes per batch entry (all columns). */
  readonly bytes: number;
  readonly words: readonly BatchWordSpec[];
  readonly columns: readonly BatchColumnSpec[];
}

/** A device-written layout's reap batch: a Uint32Array column per word (column j at cap * 4 * j). */
export interface EntryWordsSpec {
  readonly layout: string;
  readonly size: number;
  readonly words: readonly { readonly name: string; readonly offset: number; readonly width: 8 | 16 | 32 }[];
  /** The phase tag's word (index into `words`): read by the scan, stored as read. */
  readonly tag: number;
}

/** The largest integer a double holds exactly. */
const MAX_F64_INT = Number.MAX_SAFE_INTEGER;

function block(what: string, bytesPerEntry: number, cap: number, buffer: ArrayBufferLike | undefined, byteOffset: number): ArrayBufferLike {
  if (!(Number.isInteger(cap) && cap >= 1)) throw new RangeError(`${what}: ${String(cap)} is not a batch capacity (an integer ≥ 1)`);
  if (!(Number.isInteger(byteOffset) && byteOffset >= 0 && byteOffset % 8 === 0)) throw new RangeError(`${what}: byte offset ${String(byteOffset)} is not a multiple of 8`);
  const buf = buffer ?? new ArrayBuffer(cap * bytesPerEntry);
  if (byteOffset + cap * bytesPerEntry > buf.byteLength) throw new RangeError(`${what}: ${cap} entries of ${bytesPerEntry} bytes from ${byteOffset} exceed the ${buf.byteLength}-byte buffer`);
  return buf;
}

/** Field columns of up to `cap` entries of one layout (the generated `<Layout>Fields` classes). */
export class EntryFields {
  readonly cap: number;
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly byteLength: number;
  /** Bytes per ring entry (the layout's size). */
  readonly size: number;
  private readonly spec: EntryFieldsSpec;
  private readonly arrays: readonly (Uint32Array | Float64Array)[];
  private readonly wide: readonly number[];

  constructor(spec: EntryFieldsSpec, cap: number, buffer?: ArrayBufferLike, byteOffset = 0) {
    this.buffer = block(`${spec.layout} batch`, spec.bytes, cap, buffer, byteOffset);
    this.cap = cap;
    this.byteOffset = byteOffset;
    this.byteLength = cap * spec.bytes;
    this.size = spec.size;
    this.spec = spec;
    this.arrays = spec.columns.map((c) => {
      const at = byteOffset + cap * c.position;
      const a = c.kind === 'f64' ? new Float64Array(this.buffer, at, cap) : new Uint32Array(this.buffer, at, cap);
      (this as unknown as Record<string, unknown>)[c.name] = a;
      return a;
    });
    this.wide = spec.columns.flatMap((c, j) => (c.kind === 'f64' ? [j] : []));
  }

  /**
   * Writes batch entry `k` as a ring entry at `at`: its 64-bit columns checked first (RangeError before
   * any store), then each word, in layout order, one access of its width composed from its fields.
   */
  write(io: Mmio, at: number, k: number): void {
    const { words, columns } = this.spec;
    for (const j of this.wide) {
      const v = this.arrays[j]![k]!;
      if (!(v >= 0 && v <= MAX_F64_INT && Math.floor(v) === v)) {
        throw new RangeError(`${this.spec.layout} batch entry ${k}: ${columns[j]!.name} = ${String(v)} is not a 64-bit DMA value (an integer 0 … 2 ** 53 - 1)`);
      }
    }
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (w.width === 64) {
        const j = columns.findIndex((c) => c.word === i);
        io.write64(at + w.offset, BigInt(this.arrays[j]![k]!));
        continue;
      }
      let v = w.base;
      for (let j = 0; j < columns.length; j++) {
        const c = columns[j]!;
        if (c.word !== i) continue;
        const x = this.arrays[j]![k]!;
        v |= (c.bits < 32 ? x & ((1 << c.bits) - 1) : x) << c.lsb;
      }
      v >>>= 0;
      if (w.width === 32) io.write32(at + w.offset, v);
      else if (w.width === 16) io.write16(at + w.offset, v);
      else io.write8(at + w.offset, v);
    }
  }
}

/** Word columns of up to `cap` consumed entries of a device-written layout (the generated `<Layout>Words`). */
export class EntryWords {
  readonly cap: number;
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly byteLength: number;
  readonly size: number;
  private readonly spec: EntryWordsSpec;
  private readonly arrays: readonly Uint32Array[];

  constructor(spec: EntryWordsSpec, cap: number, buffer?: ArrayBufferLike, byteOffset = 0) {
    this.buffer = block(`${spec.layout} batch`, 4 * spec.words.length, cap, buffer, byteOffset);
    this.cap = cap;
    this.byteOffset = byteOffset;
    this.byteLength = cap * 4 * spec.words.length;
    this.size = spec.size;
    this.spec = spec;
    this.arrays = spec.words.map((w, j) => {
      const a = new Uint32Array(this.buffer, byteOffset + cap * 4 * j, cap);
      (this as unknown as Record<string, unknown>)[w.name] = a;
      return a;
    });
  }

  /** Where the phase tag's word is in an entry. */
  get tag(): { readonly offset: number; readonly width: 8 | 16 | 32 } {
    return this.spec.words[this.spec.tag]!;
  }

  /** Stores consumed entry `k` (at `at`): the tag word as the scan read it, then each other word, one read each, in layout order. */
  read(io: Mmio, at: number, k: number, tag: number): void {
    const { words } = this.spec;
    this.arrays[this.spec.tag]![k] = tag;
    for (let j = 0; j < words.length; j++) {
      if (j === this.spec.tag) continue;
      const w = words[j]!;
      this.arrays[j]![k] = w.width === 32 ? io.read32(at + w.offset) : w.width === 16 ? io.read16(at + w.offset) : io.read8(at + w.offset);
    }
  }
}
