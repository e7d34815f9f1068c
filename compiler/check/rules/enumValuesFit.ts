// Every value of an enum fits every field that uses the enum. An inline enum is reported at each
// value; a shared enum once per field that is too narrow for it.
import { bitsOf, hex } from '../../ir/bits.js';
import { note } from '../../diagnostics/reporter.js';
import { allRegistersOf } from '../walk.js';
import type { Rule } from './rule.js';

export const enumValuesFit: Rule = (model, reporter) => {
  for (const reg of allRegistersOf(model)) {
    for (const f of reg.fields) {
      const e = f.enum;
      if (!e || f.msb === undefined || f.lsb === undefined || f.msb < f.lsb) continue;
      const width = f.msb - f.lsb + 1;
      const max = bitsOf(0, width);
      const tooWide = e.values.filter((v) => v.value !== undefined && v.value > max);
      if (e.inline) {
        for (const v of tooWide) {
          reporter.report('enumValueTooWide', `enum value '${v.name}' = ${hex(v.value!)} does not fit the ${width}-bit field '${f.name}' (at most ${hex(max)})`, v.valueSpan);
        }
      } else if (tooWide.length > 0) {
        const v = tooWide[0]!;
        const more = tooWide.length > 1 ? ` (and ${tooWide.length - 1} more)` : '';
        reporter.report(
          'enumValueTooWide',
          `enum '${e.name}' value '${v.name}' = ${hex(v.value!)}${more} does not fit the ${width}-bit field '${f.name}' (at most ${hex(max)}); widen the field or use another enum`,
          f.enumSpan!,
          [note(`'${v.name}' defined here`, v.nameSpan)],
        );
      }
    }
  }
};
