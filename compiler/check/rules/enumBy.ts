// `enum by SELECTOR { KEY: ENUM, … }` (NVMe 1.4 figure 125: the Status Code's meaning depends on the
// Status Code Type): the selector is another field of the same register or word and has an enum, every
// key is one of that enum's value names (once), and every value of each case's enum fits the field.
import { bitsOf, hex } from '../../ir/bits.js';
import { note } from '../../diagnostics/reporter.js';
import { closest, didYouMean } from '../../diagnostics/suggest.js';
import { allRegistersOf } from '../walk.js';
import type { Rule } from './rule.js';

export const enumBy: Rule = (model, reporter) => {
  for (const reg of allRegistersOf(model)) {
    const what = reg.isWord ? 'word' : 'register';
    for (const f of reg.fields) {
      const by = f.enumBy;
      if (!by) continue;
      const selector = reg.fields.find((s) => s.name === by.selector && s !== f);
      if (!selector) {
        const others = reg.fields.filter((s) => s !== f && !s.implicit).map((s) => s.name);
        reporter.report('enumSelectorMissing', `field '${f.name}' is named by '${by.selector}', which is not a field of ${what} '${reg.name}'${didYouMean(closest(by.selector, others, 2))}; the selector is another field of the same register or word`, by.selectorSpan);
      } else if (!selector.enum) {
        reporter.report('enumSelectorNotEnum', `selector '${selector.name}' of field '${f.name}' has no enum: its value names are the keys of 'enum by'; give '${selector.name}' an enum`, by.selectorSpan, [note(`'${selector.name}' declared here`, selector.nameSpan)]);
      } else {
        const e = selector.enum;
        const names = e.values.map((v) => v.name);
        if (by.cases.length === 0) reporter.report('enumCaseKey', `'enum by ${selector.name}' of field '${f.name}' names no case; give at least one, e.g. '${names[0] ?? 'KEY'}: ENUM'`, by.span);
        const seen = new Map<string, (typeof by.cases)[number]>();
        for (const c of by.cases) {
          if (!names.includes(c.key)) {
            reporter.report('enumCaseKey', `'${c.key}' is not a value of enum '${e.name}' (the enum of selector '${selector.name}')${didYouMean(closest(c.key, names, 3))}`, c.keySpan);
          } else if (seen.has(c.key)) {
            reporter.report('enumCaseKey', `'${c.key}' is given twice in 'enum by ${selector.name}' of field '${f.name}'; give each selector value one enum`, c.keySpan, [note('first given here', seen.get(c.key)!.keySpan)]);
          } else seen.set(c.key, c);
        }
      }
      if (f.msb === undefined || f.lsb === undefined || f.msb < f.lsb) continue;
      const width = f.msb - f.lsb + 1;
      const max = bitsOf(0, width);
      for (const c of by.cases) {
        const tooWide = (c.enum?.values ?? []).filter((v) => v.value !== undefined && v.value > max);
        if (tooWide.length === 0) continue;
        const v = tooWide[0]!;
        const more = tooWide.length > 1 ? ` (and ${tooWide.length - 1} more)` : '';
        reporter.report(
          'enumCaseTooWide',
          `enum '${c.enum!.name}' (case '${c.key}') value '${v.name}' = ${hex(v.value!)}${more} does not fit the ${width}-bit field '${f.name}' (at most ${hex(max)})`,
          c.enumSpan,
          [note(`'${v.name}' defined here`, v.nameSpan)],
        );
      }
    }
  }
};
