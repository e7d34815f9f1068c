// Names are unique within their namespace: top-level constants/enums/block types/layouts across the
// program, devices, BARs, registers and blocks of one scope, fields of one register, enum values,
// causes of one group, words of one layout. The first declaration wins; later ones are reported.
import type { MDeclared } from '../../model/model.js';
import { note } from '../../diagnostics/reporter.js';
import type { Rule } from './rule.js';

export const uniqueNames: Rule = (model, reporter) => {
  for (const ns of model.namespaces) {
    const first = new Map<string, MDeclared>();
    for (const d of ns) {
      const prev = first.get(d.name);
      if (!prev) {
        first.set(d.name, d);
        continue;
      }
      const message =
        prev.what === d.what
          ? `duplicate ${d.what} name '${d.name}'; rename one of them`
          : `${d.what} '${d.name}' has the same name as ${prev.what} '${d.name}'; rename one of them`;
      reporter.report('duplicateName', message, d.nameSpan, [note(`'${d.name}' first defined here`, prev.nameSpan)]);
    }
  }
};
