// DMA descriptor layouts in host memory: a view per entry whose words are ordinary registers over
// (Mmio, base + word offset), and rings of entries. publish() writes every word, fences, and writes
// the ownership word last, so the device never sees a half-written entry. Rings are in ring.ts.
import type { Mmio } from './mmio.js';
import { Register, RegisterArray, compose, registerArrayOf, registerOf, store, type FieldInput, type RegisterLayout } from './register.js';
import { Register64, Register64Array, compose64, type RegisterLayout64 } from './register64.js';

export interface WordSpec {
  readonly name: string;
  readonly offset: number;
  readonly layout: RegisterLayout | RegisterLayout64;
  /** An array word: COUNT elements STRIDE bytes apart (publish takes an array of element values). */
  readonly array?: { readonly count: number; readonly stride: number };
  /** Written only by the device (`ro` in the spec): publish() never writes it. */
  readonly deviceWritten?: true;
}

export interface DmaLayoutSpec {
  readonly name: string;
  readonly size: number;
  readonly align: number;
  readonly words: readonly WordSpec[];
  /**
   * The word publish() writes last, after a fence, with `mask` bits forced to `value`: the owner field
   * set to its value, or (no owner) the done field cleared.
   */
  readonly last?: { readonly word: string; readonly mask: number | bigint; readonly value: number | bigint };
  /** The bit the device sets when it has finished with the entry. */
  readonly done?: { readonly word: string; readonly mask: number | bigint };
}

type AnyWord = Register | Register64;
type AnyWordArray = RegisterArray | Register64Array;

/**
 * One entry of a layout at `base` within `io`, read side: the words and isDone(). A layout whose words
 * the device alone writes (an NVMe completion entry) is this, with no publish(). Subclasses declare the
 * word properties.
 */
export class DmaReadView {
  // declare'd and assigned once (no class-field define), so V8 keeps them constant (see register.ts).
  declare readonly io: Mmio;
  declare readonly base: number;
  protected declare readonly spec: DmaLayoutSpec;
  private declare readonly doneWord: AnyWord | undefined;

  constructor(io: Mmio, base: number, spec: DmaLayoutSpec) {
    this.io = io;
    this.base = base;
    this.spec = spec;
    if (!(Number.isInteger(base) && base >= 0 && base + spec.size <= io.size)) {
      throw new RangeError(`${spec.name} at ${String(base)}: entry of ${spec.size} bytes exceeds the ${io.size}-byte buffer`);
    }
    if (base % spec.align !== 0) throw new RangeError(`${spec.name} at ${base}: not ${spec.align}-byte aligned`);
    for (const w of spec.words) {
      const at = base + w.offset;
      const reg = w.array
        ? w.layout.width === 64
          ? new Register64Array(io, at, w.array.count, w.array.stride, w.layout)
          : registerArrayOf(io, at, w.array.count, w.array.stride, w.layout)
        : w.layout.width === 64
          ? new Register64(io, at, w.layout)
          : registerOf(io, at, w.layout);
      Object.defineProperty(this, w.name, { value: reg, enumerable: true });
    }
    this.doneWord = spec.done ? this.word(spec.done.word) : undefined;
  }

  protected word(name: string): AnyWord {
    return (this as unknown as Record<string, AnyWord>)[name]!;
  }

  /** One read of the done word: has the device finished with this entry? */
  isDone(): boolean {
    const d = this.spec.done;
    const w = this.doneWord;
    if (d === undefined || w === undefined) throw new Error(`${this.spec.name} has no done bit`);
    return w instanceof Register64 ? (w.read() & (d.mask as bigint)) !== 0n : (w.read() & (d.mask as number)) !== 0;
  }
}

/** One entry software fills and hands to the device: DmaReadView plus publish(). */
export class DmaView<V extends FieldInput = FieldInput> extends DmaReadView {
  private declare readonly order: { readonly name: string; readonly reg: AnyWord | AnyWordArray }[];
  private declare readonly lastWord: AnyWord | undefined;

  constructor(io: Mmio, base: number, spec: DmaLayoutSpec) {
    super(io, base, spec);
    this.order = spec.words.filter((w) => w.name !== spec.last?.word && !w.deviceWritten).map((w) => ({ name: w.name, reg: this.word(w.name) }));
    this.lastWord = spec.last ? this.word(spec.last.word) : undefined;
  }

  /**
   * Writes every word (from `values`, else its reset value), then `io.fence()`, then the owner word
   * (or the done word, cleared) last.
   */
  publish(values: V): void {
    for (const w of this.order) this.writeWord(w.reg, values[w.name]);
    const last = this.spec.last;
    if (last === undefined || this.lastWord === undefined) return;
    this.io.fence();
    const w = this.lastWord;
    const given = values[last.word];
    if (w instanceof Register64) {
      const v = typeof given === 'bigint' ? given : compose64(w.layout, w.layout.writeBase, (given ?? {}) as FieldInput);
      w.io.write64(w.offset, (v & ~(last.mask as bigint)) | (last.value as bigint));
    } else {
      const v = typeof given === 'number' ? given : compose(w.layout, w.layout.writeBase, (given ?? {}) as FieldInput);
      store(w.io, w.layout.width, w.offset, (v & ~(last.mask as number)) | (last.value as number));
    }
  }

  private writeWord(w: AnyWord | AnyWordArray, value: unknown): void {
    if (w instanceof Register64) w.write(value === undefined ? {} : (value as bigint | FieldInput));
    else if (w instanceof Register) w.write(value === undefined ? {} : (value as number | FieldInput));
    else {
      const values: readonly unknown[] = Array.isArray(value) ? value : [];
      for (let i = 0; i < w.length; i++) {
        const v = values[i] ?? {};
        if (w instanceof Register64Array) w.write(i, v as bigint | FieldInput);
        else w.write(i, v as number | FieldInput);
      }
    }
  }
}
