// Every word of a DMA layout lies inside the entry size.
import { byteSize } from '../../model/sizes.js';
import { layoutsOf } from '../walk.js';
import { hex } from '../../ir/bits.js';
import type { Rule } from './rule.js';

export const wordsInsideLayout: Rule = (model, reporter) => {
  for (const l of layoutsOf(model)) {
    if (l.size === undefined) continue;
    for (const w of l.words) {
      const size = byteSize(w.width);
      if (w.offset === undefined || size === undefined || w.offset + size <= l.size) continue;
      reporter.report('wordOutsideLayout', `word '${w.name}' at ${hex(w.offset)}..${hex(w.offset + size - 1)} is outside layout '${l.name}' of size ${hex(l.size)}`, w.offsetSpan);
    }
  }
};
