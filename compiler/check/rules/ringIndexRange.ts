// Every ring of a ring array names elements that exist: for each ring index 0..count-1, the element
// `scale * index + add` of every array on its register paths is below that array's count.
import type { MRegisterRef } from '../../model/model.js';
import type { Rule } from './rule.js';

export const ringIndexRange: Rule = (model, reporter) => {
  for (const d of model.devices) {
    for (const r of d.rings) {
      const rings = r.array ? r.array.count : 1;
      if (rings === undefined) continue;
      const refs: [string, MRegisterRef | undefined][] = [['tail', r.tail], ['head', r.head], ['base_lo', r.baseLo], ['base_hi', r.baseHi], ['length', r.length]];
      for (const [, ref] of refs) {
        for (const el of ref?.elements ?? []) {
          const count = el.node.array?.count;
          if (count === undefined) continue;
          const last = el.index.scale * (rings - 1) + el.index.add;
          if (last >= count) {
            const which = r.array ? `ring ${r.name}[${rings - 1}]` : `ring ${r.name}`;
            reporter.report('ringIndexRange', `${which} would use ${el.node.name}[${last}], but '${el.node.name}' has ${count} elements (0..${count - 1})`, el.span);
          }
        }
      }
    }
  }
};
