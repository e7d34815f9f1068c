// A completion ring recognised by a phase tag (NVMe 1.4 section 4.6: the controller writes each entry
// with the phase bit it is on, and inverts that bit every time it wraps to entry 0). No producer
// register: an entry is new while its tag equals the phase software expects, which starts at 1 and
// inverts each time the head wraps. Entries are device-written, so there is no publish(). After a batch
// the head doorbell is written once (the entries before it are free for the device again).
//
// Built on the ring core (ring.ts): the same entries, views, head and index checks.
import type { Mmio } from './mmio.js';
import { Ring, type DmaViewType, type RingDoorbell } from './ring.js';
import type { EntryWords } from './batch.js';

/** Where the phase tag is: the byte offset of its word inside an entry, the word's width, the bit. */
export interface PhaseTag {
  readonly offset: number;
  readonly width: 8 | 16 | 32;
  readonly bit: number;
}

export class PhaseTagRing<V> extends Ring<V> {
  /** The phase tag value new entries carry on this pass (1 on the first). */
  declare phase: number;
  private declare readonly tag: PhaseTag;
  private declare readonly headDoorbell: RingDoorbell | undefined;

  constructor(name: string, io: Mmio, base: number, length: number, type: DmaViewType<V>, tag: PhaseTag, headDoorbell?: RingDoorbell) {
    super(name, io, base, length, type);
    if (!(tag.offset >= 0 && tag.offset + tag.width / 8 <= type.size && tag.bit >= 0 && tag.bit < tag.width)) {
      throw new RangeError(`ring ${name}: phase tag bit ${tag.bit} of the ${tag.width}-bit word at ${tag.offset} is outside the ${type.size}-byte entry`);
    }
    this.phase = 1;
    this.tag = tag;
    this.headDoorbell = headDoorbell;
  }

  /** Device-written entries: software never publishes into a completion ring. */
  override publish(): number {
    throw new Error(`ring ${this.name}: its entries are written by the device (a phase-tag completion ring has no publish)`);
  }

  /**
   * Consumes up to `max` new entries from the head: one read of the tag word each; `visit(index, word)`
   * gets the entry's index and that word (CID and status ride in it for NVMe) before the head moves.
   * Then one head doorbell write, when anything was consumed. Returns how many.
   */
  override reap(max: number = this.length, visit?: (index: number, word: number) => void): number {
    const io = this.io;
    const { offset, width, bit } = this.tag;
    const len = this.length;
    const size = this.entrySize;
    let i = this.head;
    let phase = this.phase;
    let k = 0;
    while (k < max) {
      const at = this.base + i * size + offset;
      const word = width === 32 ? io.read32(at) : width === 16 ? io.read16(at) : io.read8(at);
      if (((word >>> bit) & 1) !== phase) break;
      visit?.(i, word);
      k++;
      i++;
      if (i === len) {
        i = 0;
        phase ^= 1;
      }
    }
    this.head = i;
    this.phase = phase;
    if (k > 0 && this.headDoorbell !== undefined) this.headDoorbell.write(i);
    return k;
  }

  /**
   * reap() into a batch's word columns (a generated `<Layout>Words`): at most `max` and at most
   * `words.cap` entries; per consumed entry the tag word as the scan read it, then every other word once,
   * in layout order; then one head doorbell write when anything was consumed — the same accesses as the
   * wasm routine reapBatch$RING. Returns how many (entry k of the batch is the k-th consumed).
   */
  reapBatch(words: EntryWords, max: number = this.length): number {
    if (words.size !== this.entrySize) throw new RangeError(`ring ${this.name}: a batch of ${words.size}-byte entries for ${this.entrySize}-byte ones`);
    const io = this.io;
    const { offset, width, bit } = this.tag;
    const len = this.length;
    const size = this.entrySize;
    let limit = max < len ? max : len;
    if (limit > words.cap) limit = words.cap;
    let i = this.head;
    let phase = this.phase;
    let k = 0;
    while (k < limit) {
      const at = this.base + i * size;
      const word = width === 32 ? io.read32(at + offset) : width === 16 ? io.read16(at + offset) : io.read8(at + offset);
      if (((word >>> bit) & 1) !== phase) break;
      words.read(io, at, k, word);
      k++;
      i++;
      if (i === len) {
        i = 0;
        phase ^= 1;
      }
    }
    this.head = i;
    this.phase = phase;
    if (k > 0 && this.headDoorbell !== undefined) this.headDoorbell.write(i);
    return k;
  }
}
