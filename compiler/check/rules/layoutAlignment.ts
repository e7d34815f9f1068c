// A layout's alignment is a power of two (DMA buffers are allocated at that alignment).
import { layoutsOf } from '../walk.js';
import type { Rule } from './rule.js';

export const layoutAlignment: Rule = (model, reporter) => {
  for (const l of layoutsOf(model)) {
    if (l.align === undefined || !l.alignSpan) continue;
    if (l.align === 0 || (BigInt(l.align) & BigInt(l.align - 1)) !== 0n) {
      reporter.report('alignPow2', `alignment ${l.align} of layout '${l.name}' is not a power of two`, l.alignSpan);
    }
  }
};
