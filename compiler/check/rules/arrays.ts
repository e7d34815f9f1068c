// Arrays have at least one element, and their elements do not overlap each other: the stride is at
// least the element size.
import { elementSize } from '../../model/sizes.js';
import { scopesOf } from '../walk.js';
import { hex } from '../../ir/bits.js';
import type { Rule } from './rule.js';

export const arrays: Rule = (model, reporter) => {
  for (const s of scopesOf(model)) {
    for (const n of s.nodes) {
      const a = n.array;
      if (!a) continue;
      if (a.count !== undefined && a.count < 1) {
        reporter.report('emptyArray', `array '${n.name}' has ${a.count} elements; give at least 1`, a.countSpan);
        continue;
      }
      const size = elementSize(n);
      if (a.stride !== undefined && size !== undefined && a.count !== undefined && a.count > 1 && a.stride < size) {
        reporter.report('strideTooSmall', `stride ${hex(a.stride)} of '${n.name}' is smaller than its ${hex(size)}-byte element, so elements overlap; use a stride of at least ${hex(size)}`, a.strideSpan ?? a.span);
      }
    }
  }
};
