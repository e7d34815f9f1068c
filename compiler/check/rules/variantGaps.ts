// A ring publishes entries of any variant of its layout into the same slots (NVMe: Identify, then
// Read/Write, in one SQ), and publish() writes only the words a variant names (common ones and its
// own). A byte no word of the variant covers keeps whatever an earlier entry of another variant left
// in the slot, which the device then reads as part of this command (NVMe 1.4 section 4.2: reserved
// dwords must be 0). So every variant of a ring's layout names every byte of the entry.
import { byteSize } from '../../model/sizes.js';
import { note } from '../../diagnostics/reporter.js';
import { hex } from '../../ir/bits.js';
import type { MRegister } from '../../model/model.js';
import type { Rule } from './rule.js';

function mark(covered: boolean[], words: readonly MRegister[]): void {
  for (const w of words) {
    const size = byteSize(w.width);
    if (w.offset === undefined || size === undefined) continue;
    const count = w.array?.count ?? 1;
    const stride = w.array?.stride ?? size;
    for (let i = 0; i < count; i++) for (let b = 0; b < size; b++) covered[w.offset + i * stride + b] = true;
  }
}

/** Uncovered byte ranges [start, end] of an entry of `size` bytes. */
function gaps(covered: readonly boolean[], size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let b = 0; b < size; b++) {
    if (covered[b]) continue;
    const last = out.at(-1);
    if (last && last[1] === b - 1) last[1] = b;
    else out.push([b, b]);
  }
  return out;
}

export const variantGaps: Rule = (model, reporter) => {
  const seen = new Set<string>();
  for (const d of model.devices) {
    for (const r of d.rings) {
      const l = r.layout;
      if (!l || l.size === undefined || r.phase || l.variants.length === 0) continue;
      for (const v of l.variants) {
        const covered = new Array<boolean>(l.size).fill(false);
        mark(covered, [...l.words, ...v.words]);
        const holes = gaps(covered, l.size);
        if (holes.length === 0) continue;
        const key = `${d.name}/${r.name}/${l.name}/${v.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const text = holes.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}..${hex(b)}`)).join(', ');
        reporter.report(
          'variantGap',
          `variant '${v.name}' of layout '${l.name}' leaves bytes ${text} unnamed, so publishing it through ring '${r.name}' keeps what an earlier entry left there; name them (e.g. 'word cdw12 @ 48 : 32 "Reserved";')`,
          r.nameSpan,
          [note(`variant '${v.name}' declared here`, v.nameSpan)],
        );
      }
    }
  }
};
