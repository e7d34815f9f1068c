// The value publish() writes to a layout's owner field fits that field.
import { bitsOf, hex } from '../../ir/bits.js';
import { layoutsOf } from '../walk.js';
import type { Rule } from './rule.js';

export const ownerValueFits: Rule = (model, reporter) => {
  for (const l of layoutsOf(model)) {
    const o = l.owner;
    if (!o || o.value === undefined || o.field.msb === undefined || o.field.lsb === undefined || o.field.msb < o.field.lsb) continue;
    const width = o.field.msb - o.field.lsb + 1;
    if (o.value > bitsOf(0, width)) {
      reporter.report('ownerValueTooWide', `owner value ${hex(o.value)} does not fit the ${width}-bit field '${o.word.name}.${o.field.name}' (at most ${hex(bitsOf(0, width))})`, o.valueSpan);
    }
  }
};
