// Interrupt vectors exist: an MSI capability has at most 32 vectors, MSI-X at most 2048.
import type { MVector } from '../../model/model.js';
import type { Rule } from './rule.js';

export const vectorRange: Rule = (model, reporter) => {
  const seen = new Set<MVector>(); // a group's vector is shared by its causes: report it once
  for (const d of model.devices) {
    for (const g of d.interrupts) {
      for (const c of g.causes) {
        const v = c.vector;
        if (seen.has(v)) continue;
        seen.add(v);
        const max = v.kind === 'msi' ? 31 : v.kind === 'msix' ? 2047 : undefined;
        if (max !== undefined && v.index > max && v.span) {
          reporter.report('vectorRange', `${v.kind.toUpperCase().replace('MSIX', 'MSI-X')} vector ${v.index} is out of range 0..${max}`, v.span);
        }
      }
    }
  }
};
