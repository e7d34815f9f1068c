// A ring's interrupt vector (`vector msix y + 1`) is a known kind, and every ring's vector exists: an
// MSI capability has at most 32 vectors, MSI-X at most 2048 (PCI Local Bus 3.0 section 6.8).
import type { Rule } from './rule.js';

export const ringVectors: Rule = (model, reporter) => {
  for (const d of model.devices) {
    for (const r of d.rings) {
      const v = r.vector;
      if (!v) continue;
      const max = v.kind === 'msi' ? 31 : v.kind === 'msix' ? 2047 : v.kind === 'intx' ? 0 : undefined;
      if (max === undefined) {
        reporter.report('unknownVector', `unknown vector kind '${v.kind}'; expected intx, msi or msix`, v.kindSpan);
        continue;
      }
      if (!v.index) continue;
      const rings = r.array?.count ?? 1;
      const last = v.index.scale * (rings - 1) + v.index.add;
      if (last > max) {
        const kind = v.kind === 'msix' ? 'MSI-X' : v.kind.toUpperCase();
        reporter.report('vectorRange', `${kind} vector ${last} (ring ${r.name}${r.array ? `[${rings - 1}]` : ''}) is out of range 0..${max}`, v.span);
      }
    }
  }
};
