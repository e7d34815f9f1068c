// Two names of one enum with the same value are suspicious (a warning): decoding a read can only
// ever report the first of them.
import type { MEnum } from '../../model/model.js';
import { note } from '../../diagnostics/reporter.js';
import { enumsOf } from '../walk.js';
import { hex } from '../../ir/bits.js';
import type { Rule } from './rule.js';

export const uniqueEnumValues: Rule = (model, reporter) => {
  for (const e of enumsOf(model)) {
    const seen = new Map<bigint, MEnum['values'][number]>();
    for (const v of e.values) {
      if (v.value === undefined) continue;
      const prev = seen.get(v.value);
      if (prev) {
        reporter.report('duplicateEnumValue', `enum value '${v.name}' = ${hex(v.value)} repeats the value of '${prev.name}'; decoding will always report '${prev.name}'`, v.valueSpan, [note(`'${prev.name}' defined here`, prev.nameSpan)]);
      } else seen.set(v.value, v);
    }
  }
};
