// Every value of an enum fits every field that uses the enum.
import type { MEnum } from '../../lower/model.js';
import { bitsOf } from '../../lower/masks.js';
import { note } from '../report.js';
import { allRegistersOf, hex } from '../walk.js';
import type { Rule } from './rule.js';

export const enumValuesFit: Rule = (model, reporter) => {
  const reported = new Set<string>();
  for (const reg of allRegistersOf(model)) {
    for (const f of reg.fields) {
      const e: MEnum | undefined = f.enum;
      if (!e || f.msb === undefined || f.lsb === undefined || f.msb < f.lsb) continue;
      const width = f.msb - f.lsb + 1;
      const max = bitsOf(0, width);
      for (const v of e.values) {
        if (v.value === undefined || v.value <= max) continue;
        if (e.inline) {
          reporter.report('enumValueTooWide', `enum value '${v.name}' = ${hex(v.value)} does not fit the ${width}-bit field '${f.name}' (at most ${hex(max)})`, v.valueSpan);
        } else {
          const key = `${e.name}/${v.name}/${width}`;
          if (reported.has(key + f.enumSpan!.start + f.enumSpan!.file)) continue;
          reported.add(key + f.enumSpan!.start + f.enumSpan!.file);
          reporter.report(
            'enumValueTooWide',
            `enum '${e.name}' value '${v.name}' = ${hex(v.value)} does not fit the ${width}-bit field '${f.name}' (at most ${hex(max)}); widen the field or use another enum`,
            f.enumSpan!,
            [note(`'${v.name}' defined here`, v.nameSpan)],
          );
        }
      }
    }
  }
};
