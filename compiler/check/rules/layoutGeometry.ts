// DMA layouts: every word inside the entry size, alignment a power of two, the owner value fits its
// field. (Word overlaps: noOverlappingNodes.)
import { bitsOf } from '../../lower/masks.js';
import { byteSize } from '../../lower/registers.js';
import { hex, layoutsOf } from '../walk.js';
import type { Rule } from './rule.js';

export const layoutGeometry: Rule = (model, reporter) => {
  for (const l of layoutsOf(model)) {
    if (l.align !== undefined && l.alignSpan && (l.align === 0 || (BigInt(l.align) & BigInt(l.align - 1)) !== 0n)) {
      reporter.report('alignPow2', `alignment ${l.align} of layout '${l.name}' is not a power of two`, l.alignSpan);
    }
    if (l.size !== undefined) {
      for (const w of l.words) {
        const size = byteSize(w.width);
        if (w.offset === undefined || size === undefined || w.offset + size <= l.size) continue;
        reporter.report('wordOutsideLayout', `word '${w.name}' at ${hex(w.offset)}..${hex(w.offset + size - 1)} is outside layout '${l.name}' of size ${hex(l.size)}`, w.offsetSpan);
      }
    }
    const o = l.owner;
    if (o && o.value !== undefined && o.field.msb !== undefined && o.field.lsb !== undefined && o.field.msb >= o.field.lsb) {
      const width = o.field.msb - o.field.lsb + 1;
      if (o.value > bitsOf(0, width)) {
        reporter.report('ownerValueTooWide', `owner value ${hex(o.value)} does not fit the ${width}-bit field '${o.word.name}.${o.field.name}' (at most ${hex(bitsOf(0, width))})`, o.valueSpan);
      }
    }
  }
};
