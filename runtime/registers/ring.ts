// Descriptor rings in host memory: COUNT entries of one layout back to back, the driver's tail (next
// entry to publish) and head (next entry to reap), and the device's doorbell. Same semantics as the
// wasm ring routines (compiler/backends/assemblyscript, submit$/reap$): publish copies a batch of
// entries from `tail`, fences once, writes each entry's owner word (owner field set, or done field
// cleared when the layout has no owner), fences again and writes the doorbell once with the new tail.
//
// The per-layout work is generated (compiler/backends/typescript/dma.ts): an entry's word writes with
// their offsets, masks and widths as constants, behind a DmaEntry. This core holds only the indices,
// so a ring with another protocol (say NVMe's phase tags) can subclass it and reuse publish/reap.
import type { Mmio, MmioViews } from './mmio.js';
import { rawValue, type FieldInput, type RegisterLayout } from './register.js';
import { compose64, raw64, type RegisterLayout64 } from './register64.js';
import type { EntryFields } from './batch.js';

/** What a ring needs of one layout: generated per layout, every offset and mask a constant. */
export interface DmaEntry<P> {
  /** Bytes per entry. */
  readonly size: number;
  /** Writes every word of the entry at `at` except the owner/done word, in layout order. */
  readonly body: (io: Mmio, at: number, values: P) => void;
  /** Writes the owner word (owner field forced) or, with no owner, the done word with done cleared. */
  readonly last: ((io: Mmio, at: number, values: P) => void) | undefined;
  /** One read of the done word: has the device finished with the entry at `at`? */
  readonly done: ((io: Mmio, at: number) => boolean) | undefined;
  /**
   * Ring.publish's first pass over the Mmio's views (Mmio.views), generated per layout: the body of
   * entries start, start+1, … of a ring of `count` at `base` (wrapping); returns the next index. The
   * ring then fences, runs `publishLast` (the owner or done words) and fences again: the same stores,
   * in the same order, as body/last through the Mmio. Each entry's values are all read and checked
   * before its first store, and `views.live` checked right before it (a getter that closed the device
   * gets the Mmio's error, never a stale store). Generated as a fast pass for plain-number values that
   * hands the rest of the batch, from the first entry with any other value, to a general pass (which
   * reads that entry's values again).
   */
  readonly publish: ((views: MmioViews, io: Mmio, base: number, count: number, start: number, values: readonly P[], n: number) => number) | undefined;
  /** Ring.reap's loop over live views, generated per layout: how many entries from `head` (at most `limit`) are done. */
  readonly reap: ((views: MmioViews, base: number, count: number, head: number, limit: number) => number) | undefined;
  /** Ring.publish's second pass over the views, after the fence: the owner/done word of each entry (as `last`). */
  readonly publishLast: ((views: MmioViews, io: Mmio, base: number, count: number, start: number, values: readonly P[], n: number) => void) | undefined;
}

/** The error a closed Mmio gives (the generated view loops' `live` check): one checked access makes it. */
export function dmaClosed(io: Mmio): never {
  io.read8(0);
  throw new Error('DMA memory is closed');
}

export function dmaEntry<P>(
  size: number,
  body: DmaEntry<P>['body'],
  last?: DmaEntry<P>['last'],
  done?: DmaEntry<P>['done'],
  publish?: DmaEntry<P>['publish'],
  reap?: DmaEntry<P>['reap'],
  publishLast?: DmaEntry<P>['publishLast'],
): DmaEntry<P> {
  if (publish !== undefined && last !== undefined && publishLast === undefined) throw new TypeError('dmaEntry: a view publish loop for a layout with an owner/done word needs its second pass (publishLast)');
  return Object.freeze({ size, body, last, done, publish, reap, publishLast });
}

/** A ≤32-bit word's value for publish: a raw value, field values over the write base, or the write base. */
export const dmaWord = (v: unknown, l: RegisterLayout): number =>
  typeof v === 'number' ? rawValue(v, l) : v === undefined ? l.writeBase : l.compose(l.writeBase, v as object, l);

/**
 * A 64-bit word's value for publish: a raw bigint, an integer number 0 … 2^53 − 1 (as a bigint, for
 * the one 64-bit store of an owner or done word), field values over the write base, or the write base.
 */
export const dmaWord64 = (v: unknown, l: RegisterLayout64): bigint =>
  typeof v === 'bigint'
    ? raw64(v, l.name)
    : typeof v === 'number'
      ? BigInt(number64(v, l))
      : v === undefined
        ? l.writeBase
        : compose64(l, l.writeBase, v as FieldInput);

/** The largest number a 64-bit DMA word takes: every integer up to it is exact in a double. */
const MAX_NUMBER64 = Number.MAX_SAFE_INTEGER;

/**
 * A 64-bit body word's value for the generated view loops: a number stays a number (checked: an
 * integer 0 … 2^53 − 1), anything else is what dmaWord64 makes of it.
 */
export const dmaValue64 = (v: unknown, l: RegisterLayout64): number | bigint => (typeof v === 'number' ? number64(v, l) : dmaWord64(v, l));

/** A 64-bit body word through the Mmio: a number as two 32-bit halves (dmaSplit64), else one 64-bit write. */
export const dmaWrite64 = (io: Mmio, at: number, v: unknown, l: RegisterLayout64): void => {
  if (typeof v === 'number') dmaSplit64(io, at, v, l);
  else io.write64(at, dmaWord64(v, l));
};

const number64 = (v: number, l: RegisterLayout64): number => {
  // Math.floor, not `v % 1`: a float modulo is a call into C in V8, floor one instruction.
  if (!(v >= 0 && v <= MAX_NUMBER64 && Math.floor(v) === v)) {
    throw new RangeError(`${l.name}: ${String(v)} is not a 64-bit DMA value (an integer number 0 … 2 ** 53 - 1, or a bigint 0n … 2n ** 64n - 1n)`);
  }
  return v;
};

/**
 * A 64-bit word of an entry's body given as a number: two 32-bit stores at `at` (low half) and
 * `at + 4` (high half), little-endian as the 64-bit store would lay them out. Only for words written
 * before the fence that precedes the owner (or done) word — never that word itself, and never a
 * device register: the device reads an entry only once it sees the owner word, written after the
 * fence, so it never sees one half without the other and the 8 bytes it reads are those one 64-bit
 * store would have left. What it saves is the BigInt: converting and range-checking one costs more
 * than the rest of a descriptor on Node 20 (bench/README.md, issue 13).
 */
export const dmaSplit64 = (io: Mmio, at: number, v: number, l: RegisterLayout64): void => {
  number64(v, l);
  const hi = (v / 0x1_0000_0000) | 0;
  const lo = v - hi * 0x1_0000_0000;
  io.write32(at, lo);
  io.write32(at + 4, hi);
};

/** An array word: each of `count` elements from `values` (an array), the write base for those missing. */
export function dmaWords(io: Mmio, at: number, values: unknown, count: number, stride: number, l: RegisterLayout | RegisterLayout64): void {
  const vs: readonly unknown[] = Array.isArray(values) ? values : [];
  for (let i = 0; i < count; i++) {
    const o = at + i * stride;
    if (l.width === 64) io.write64(o, dmaWord64(vs[i], l));
    else if (l.width === 32) io.write32(o, dmaWord(vs[i], l));
    else if (l.width === 16) io.write16(o, dmaWord(vs[i], l));
    else io.write8(o, dmaWord(vs[i], l));
  }
}

/** The device register a ring writes its new tail to (a generated register accessor, in a BAR). */
export interface RingDoorbell {
  write(value: number): void;
}

/** A DMA view class as generated: constructed over (io, base), with the entry size. */
export interface DmaViewType<V> {
  new (io: Mmio, base: number): V;
  readonly size: number;
}

/**
 * COUNT entries of a layout from `base`. `at(i)` makes each entry's view once, on first use (word by
 * word access); publish/reap are the hot path and never allocate.
 */
export class Ring<V, P = never> {
  declare readonly name: string;
  declare readonly io: Mmio;
  declare readonly base: number;
  declare readonly length: number;
  /** Bytes per entry. */
  declare readonly entrySize: number;
  /** The next entry publish() writes. */
  declare tail: number;
  /** The next entry reap() looks at. */
  declare head: number;
  /** Entries published and not yet reaped. */
  declare inFlight: number;
  private declare readonly type: DmaViewType<V>;
  private declare readonly views: (V | undefined)[];
  protected declare readonly entry: DmaEntry<P> | undefined;
  protected declare readonly doorbell: RingDoorbell | undefined;
  /**
   * The Mmio's views when the generated view loops can run over them (an entry with loops, views, an
   * 8-byte-aligned base), taken once: views() hands out one object whose `live` turns false on close.
   */
  private declare readonly fast: MmioViews | undefined;
  /** The entry's generated reap loop, if any (entry.reap, taken once). */
  private declare readonly countDone: DmaEntry<P>['reap'];

  constructor(name: string, io: Mmio, base: number, length: number, type: DmaViewType<V>, entry?: DmaEntry<P>, doorbell?: RingDoorbell) {
    this.name = name;
    this.io = io;
    this.base = base;
    this.length = length;
    this.type = type;
    this.entrySize = type.size;
    this.tail = 0;
    this.head = 0;
    this.inFlight = 0;
    this.entry = entry;
    this.doorbell = doorbell;
    // The generated view loops index typed arrays by offset / width: the generator emits them only
    // when every word sits at a multiple of its width and the entry size is a multiple of the widest,
    // so an 8-byte-aligned base keeps every index exact.
    this.fast = entry?.publish !== undefined && base % 8 === 0 ? io.views?.() : undefined;
    this.countDone = entry?.reap;
    if (!(Number.isInteger(length) && length > 0)) throw new RangeError(`ring ${name}: ${String(length)} is not a valid entry count`);
    if (base + length * this.entrySize > io.size) {
      throw new RangeError(`ring ${name}: ${length} entries of ${this.entrySize} bytes from ${base} exceed the ${io.size}-byte buffer`);
    }
    this.views = new Array<V | undefined>(length).fill(undefined);
  }

  /** Entry `index` (range-checked). */
  at(index: number): V {
    if (!(typeof index === 'number' && index >= 0 && index < this.length && index % 1 === 0)) {
      throw new RangeError(`ring ${this.name}[${String(index)}]: index out of range (${this.length} entries)`);
    }
    return (this.views[index] ??= new this.type(this.io, this.base + index * this.entrySize));
  }

  private layout(): DmaEntry<P> {
    const e = this.entry;
    if (e === undefined) throw new Error(`ring ${this.name}: built without its layout's entry writer (construct the generated ring class)`);
    return e;
  }

  /**
   * Publishes `entries[0..n)` from the tail: every word but the owner word of each, `io.fence()`, then
   * each owner word (or done word, cleared), `io.fence()`, then one doorbell write of the new tail.
   * Returns the new tail. RangeError, before any access, when the batch does not fit in the free entries.
   */
  publish(entries: readonly P[], n: number = entries.length): number {
    // Kept small (the slow paths are methods of their own), so that V8 inlines publish and the
    // generated loops into a caller's loop within its inlining budget (bench/README.md, issue 13).
    const views = this.fast;
    if (views === undefined || !views.live || !(n >>> 0 === n && n <= entries.length && this.inFlight + n <= this.length)) return this.publishThrough(this.layout(), entries, n);
    const e = this.entry!;
    const io = this.io;
    const start = this.tail;
    const next = e.publish!(views, io, this.base, this.length, start, entries, n);
    io.fence();
    const lasts = e.publishLast;
    if (lasts !== undefined) {
      lasts(views, io, this.base, this.length, start, entries, n);
      io.fence();
    }
    return this.published(next, n);
  }

  /**
   * publish() with another entry writer of the same size: a variant of the ring's layout (NVMe's
   * Identify or Read entry, `ring.variants.identify.publish(…)`), the same passes, fences and doorbell.
   */
  publishWith<Q>(e: DmaEntry<Q>, entries: readonly Q[], n: number = entries.length): number {
    if (e.size !== this.entrySize) throw new RangeError(`ring ${this.name}: a ${e.size}-byte entry in a ring of ${this.entrySize}-byte entries`);
    const io = this.io;
    const batch = e.publish;
    const views = batch !== undefined && this.base % 8 === 0 ? io.views?.() : undefined;
    if (views === undefined || !views.live || !(n >>> 0 === n && n <= entries.length && this.inFlight + n <= this.length)) return this.publishThrough(e, entries, n);
    const start = this.tail;
    const next = batch!(views, io, this.base, this.length, start, entries, n);
    io.fence();
    const lasts = e.publishLast;
    if (lasts !== undefined) {
      lasts(views, io, this.base, this.length, start, entries, n);
      io.fence();
    }
    return this.published(next, n);
  }

  private published(next: number, n: number): number {
    this.tail = next;
    this.inFlight += n;
    if (this.doorbell !== undefined) this.doorbell.write(next);
    return next;
  }

  /**
   * publish() through the checked Mmio calls (an Mmio without views: recording, simulated, VFIO
   * regions, or a closed one, whose first access then throws), and every refusal.
   */
  private publishThrough<Q>(e: DmaEntry<Q>, entries: readonly Q[], n: number): number {
    if (!(n >>> 0 === n && n <= entries.length && this.inFlight + n <= this.length)) this.noRoom(n, entries.length);
    const io = this.io;
    const len = this.length;
    const size = e.size;
    const start = this.tail;
    let i = start;
    for (let k = 0; k < n; k++) {
      e.body(io, this.base + i * size, entries[k]!);
      i = i + 1 === len ? 0 : i + 1;
    }
    io.fence();
    const last = e.last;
    if (last !== undefined) {
      i = start;
      for (let k = 0; k < n; k++) {
        last(io, this.base + i * size, entries[k]!);
        i = i + 1 === len ? 0 : i + 1;
      }
      io.fence();
    }
    return this.published(i, n);
  }

  /** Counts the consecutive finished entries from the head (one done-word read each, at most `max`), and moves the head past them. */
  reap(max: number = this.length): number {
    const views = this.fast;
    const count = this.countDone;
    const limit = max < this.inFlight ? max : this.inFlight;
    if (views === undefined || count === undefined || !views.live) return this.reapThrough(limit);
    const k = count(views, this.base, this.length, this.head, limit);
    const h = this.head + k;
    this.head = h >= this.length ? h - this.length : h;
    this.inFlight -= k;
    return k;
  }

  /** reap() through the checked Mmio calls (an Mmio without views, or a closed one), one done-word read per entry. */
  private reapThrough(limit: number): number {
    const done = this.layout().done;
    if (done === undefined) throw new Error(`ring ${this.name}: its layout has no done bit, so nothing tells when an entry is finished`);
    const io = this.io;
    const len = this.length;
    const size = this.entrySize;
    let i = this.head;
    let k = 0;
    while (k < limit && done(io, this.base + i * size)) {
      k++;
      i = i + 1 === len ? 0 : i + 1;
    }
    this.head = i;
    this.inFlight -= k;
    return k;
  }

  /**
   * Submits `n` entries that `fill(at, k)` writes at their places from the tail (a per-command layout's
   * own view, e.g. NVMe's Read or Identify entry), then `io.fence()` and one doorbell write of the new
   * tail: publish() for entries of another layout of the same size. Only for layouts without an owner
   * or done word (nothing is written after the fence but the doorbell). Returns the new tail.
   */
  submit(n: number, fill: (at: number, k: number) => void): number {
    const e = this.entry;
    if (e !== undefined && e.last !== undefined) throw new Error(`ring ${this.name}: its layout has an owner/done word; use publish()`);
    if (!(n >>> 0 === n && this.inFlight + n <= this.length)) this.noRoom(n, n);
    const len = this.length;
    let i = this.tail;
    for (let k = 0; k < n; k++) {
      fill(this.base + i * this.entrySize, k);
      i = i + 1 === len ? 0 : i + 1;
    }
    this.io.fence();
    this.tail = i;
    this.inFlight += n;
    if (this.doorbell !== undefined) this.doorbell.write(i);
    return i;
  }

  /**
   * Builds `n` entries from the tail out of a batch's field columns (a generated `<Layout>Fields` of this
   * ring's layout or a variant of it: entry k from column element k), each word one access of its width
   * in layout order, then `io.fence()` and one doorbell write of the new tail — the same accesses as the
   * wasm routine submitBatch$RING (test/compiler/backends/assemblyscript/ring-trace.test.ts). Only for
   * layouts without an owner or done word, like submit(). Returns the new tail.
   */
  submitBatch(fields: EntryFields, n: number): number {
    const e = this.entry;
    if (e !== undefined && e.last !== undefined) throw new Error(`ring ${this.name}: its layout has an owner/done word; use publish()`);
    if (fields.size !== this.entrySize) throw new RangeError(`ring ${this.name}: a batch of ${fields.size}-byte entries for ${this.entrySize}-byte ones`);
    if (!(n >>> 0 === n && n <= fields.cap)) throw new RangeError(`ring ${this.name}: cannot submit ${String(n)} entries of a batch of ${fields.cap}`);
    if (this.inFlight + n > this.length) this.noRoom(n, n);
    if (n === 0) return this.tail;
    const len = this.length;
    let i = this.tail;
    for (let k = 0; k < n; k++) {
      fields.write(this.io, this.base + i * this.entrySize, k);
      i = i + 1 === len ? 0 : i + 1;
    }
    this.io.fence();
    this.tail = i;
    this.inFlight += n;
    if (this.doorbell !== undefined) this.doorbell.write(i);
    return i;
  }

  /**
   * The device reports it has consumed the entries before `head` (NVMe: a completion's SQ Head Pointer,
   * section 4.6): they are free again. For rings whose layout has no done bit to reap.
   */
  retire(head: number): void {
    if (!(head >>> 0 === head && head < this.length)) throw new RangeError(`ring ${this.name}: head ${String(head)} out of range (${this.length} entries)`);
    const freed = (head - this.head + this.length) % this.length;
    if (freed > this.inFlight) throw new RangeError(`ring ${this.name}: head ${head} is past the tail ${this.tail}`);
    this.head = head;
    this.inFlight -= freed;
  }

  private noRoom(n: number, given: number): never {
    if (!(n >>> 0 === n && n <= given)) throw new RangeError(`ring ${this.name}: cannot publish ${String(n)} of ${given} entries`);
    throw new RangeError(`ring ${this.name}: ${n} entries do not fit (${this.inFlight} of ${this.length} in flight; reap first)`);
  }
}

/**
 * One variant of a ring's layout (the spec's `variant`: NVMe's Identify, Create I/O CQ, Read/Write
 * entries of the one 64-byte submission entry) in the same slots: `publish(entries)` is the ring's
 * publish with the variant's words (write every entry, fence, one doorbell write), `submit(n, fill)`
 * the ring's submit with the variant's view of each slot, `at(i)` that view of entry i. Head, tail and
 * in-flight count are the ring's, whichever variant filled a slot.
 */
/** What a RingVariant uses of its ring (a Ring of any layout). */
export interface VariantRing {
  readonly name: string;
  readonly io: Mmio;
  readonly base: number;
  readonly length: number;
  readonly entrySize: number;
  publishWith<Q>(e: DmaEntry<Q>, entries: readonly Q[], n?: number): number;
  submit(n: number, fill: (at: number, k: number) => void): number;
}

export class RingVariant<V, P> {
  private readonly views: (V | undefined)[];
  private fill: (entry: V, k: number) => void = () => {};

  constructor(
    readonly ring: VariantRing,
    readonly name: string,
    /** The variant's view class (the generated layout `<layout>_<variant>`). */
    readonly type: DmaViewType<V>,
    private readonly entry: DmaEntry<P>,
  ) {
    if (type.size !== ring.entrySize || entry.size !== ring.entrySize) {
      throw new RangeError(`ring ${ring.name}: variant ${name} has ${type.size}-byte entries, the ring ${ring.entrySize}-byte ones`);
    }
    this.views = new Array<V | undefined>(ring.length).fill(undefined);
  }

  /** Entry `index` as this variant (range-checked; made once, on first use). */
  at(index: number): V {
    if (!(typeof index === 'number' && index >= 0 && index < this.ring.length && index % 1 === 0)) {
      throw new RangeError(`ring ${this.ring.name}[${String(index)}] (${this.name}): index out of range (${this.ring.length} entries)`);
    }
    return (this.views[index] ??= new this.type(this.ring.io, this.ring.base + index * this.ring.entrySize));
  }

  /** Publishes `entries[0..n)` of this variant from the ring's tail (Ring.publish's passes and doorbell). */
  publish(entries: readonly P[], n: number = entries.length): number {
    return this.ring.publishWith(this.entry, entries, n);
  }

  /** `fill(view, k)` writes entry k in its slot through this variant's view; then one fence and one doorbell (Ring.submit). */
  submit(n: number, fill: (entry: V, k: number) => void): number {
    this.fill = fill;
    try {
      return this.ring.submit(n, this.inSlot);
    } finally {
      this.fill = RingVariant.none;
    }
  }

  private readonly inSlot = (at: number, k: number): void => this.fill(this.at((at - this.ring.base) / this.ring.entrySize), k);
  private static readonly none = (): void => {};
}
