// A layout variant's words (NVMe: CDW10-15 of one command, section 4.2 figure 105) share the entry
// with the layout's common words: each lies inside the entry, overlaps no common word and no other
// word of its variant, and is not named like a common word (one entry view holds both).
import { byteSize } from '../../model/sizes.js';
import { findOverlaps } from '../overlaps.js';
import { note } from '../../diagnostics/reporter.js';
import { layoutsOf } from '../walk.js';
import { hex } from '../../ir/bits.js';
import type { Rule } from './rule.js';

export const variantWords: Rule = (model, reporter) => {
  for (const l of layoutsOf(model)) {
    for (const v of l.variants) {
      const mine = new Set(v.words);
      for (const w of v.words) {
        const size = byteSize(w.width);
        if (l.size !== undefined && w.offset !== undefined && size !== undefined && w.offset + size > l.size) {
          reporter.report('wordOutsideLayout', `word '${w.name}' of variant '${v.name}' at ${hex(w.offset)}..${hex(w.offset + size - 1)} is outside layout '${l.name}' of size ${hex(l.size)}`, w.offsetSpan);
        }
        const common = l.words.find((c) => c.name === w.name);
        if (common) {
          reporter.report('duplicateName', `word '${w.name}' of variant '${v.name}' is named like a common word of layout '${l.name}'; rename it (a variant adds words, it does not redeclare them)`, w.nameSpan, [note(`'${common.name}' declared here`, common.nameSpan)]);
        }
      }
      for (const o of findOverlaps([...l.words, ...v.words])) {
        if (!mine.has(o.node as never) && !mine.has(o.other as never)) continue; // common words: noOverlappingNodes
        reporter.report(
          'wordOverlap',
          `word '${o.node.name}' at ${hex(o.start)}..${hex(o.end)} overlaps '${o.other.name}' at ${hex(o.otherStart)}..${hex(o.otherEnd)} in variant '${v.name}' of layout '${l.name}'`,
          o.node.nameSpan,
          [note(`'${o.other.name}' declared here`, o.other.nameSpan)],
        );
      }
    }
  }
};
