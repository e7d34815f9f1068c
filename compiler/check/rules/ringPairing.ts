// `completes sq`: the completion ring array names a ring of the same device with as many rings, so
// completion ring y belongs to submission ring y (NVMe 1.4 section 4.1: a queue pair).
import type { Rule } from './rule.js';

export const ringPairing: Rule = (model, reporter) => {
  for (const d of model.devices) {
    for (const r of d.rings) {
      const c = r.completes;
      if (!c) continue;
      const sq = d.rings.find((x) => x.name === c.name);
      if (!sq || sq === r) {
        const names = d.rings.filter((x) => x !== r).map((x) => `'${x.name}'`);
        reporter.report('ringPairing', `ring '${r.name}' completes '${c.name}', which is not another ring of device '${d.name}'${names.length ? ` (its rings: ${names.join(', ')})` : ''}`, c.span);
        continue;
      }
      const a = sq.array?.count ?? 1;
      const b = r.array?.count ?? 1;
      if (a !== b) reporter.report('ringPairing', `ring '${r.name}' completes '${sq.name}', but '${sq.name}' has ${a} ring${a === 1 ? '' : 's'} and '${r.name}' ${b}; give both the same count`, c.span);
      else if (sq.phase) reporter.report('ringPairing', `ring '${r.name}' completes '${sq.name}', which is itself a completion ring (it has a phase tag)`, c.span);
    }
  }
};
