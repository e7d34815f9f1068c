// PCI identity: vendor and device are required, ids fit their config-space fields
// (16-bit ids, 24-bit class code, 8-bit revision).
import { hex } from '../../ir/bits.js';
import type { Rule } from './rule.js';

const MAX: Readonly<Record<string, number>> = { vendor: 0xffff, device: 0xffff, subsystem_vendor: 0xffff, subsystem: 0xffff, class: 0xffffff, revision: 0xff };

export const pciIdentity: Rule = (model, reporter) => {
  for (const d of model.devices) {
    if (!d.pci) continue;
    const keys = new Set(d.pci.values.map((v) => v.key));
    const missing = ['vendor', 'device'].filter((k) => !keys.has(k));
    if (missing.length) {
      reporter.report('missingPciId', `pci block of device '${d.name}' has no ${missing.join(' or ')}; add ${missing.map((k) => `'${k} = 0x…;'`).join(' and ')}`, d.pci.span);
    }
    for (const v of d.pci.values) {
      const max = MAX[v.key];
      if (v.value !== undefined && max !== undefined && v.value > max) {
        reporter.report('pciIdRange', `pci ${v.key} ${hex(v.value)} does not fit ${max === 0xff ? 8 : max === 0xffff ? 16 : 24} bits (at most ${hex(max)})`, v.valueSpan);
      }
    }
  }
};
