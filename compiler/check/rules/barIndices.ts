// BAR indices: 0..5, each used once; a 64-bit BAR also takes index+1 (PCI config space has six
// BAR registers and a 64-bit BAR spans two of them).
import { note } from '../../diagnostics/reporter.js';
import type { MBar } from '../../model/model.js';
import type { Rule } from './rule.js';

export const barIndices: Rule = (model, reporter) => {
  for (const d of model.devices) {
    const slots = new Map<number, { bar: MBar; second: boolean }>();
    for (const b of d.bars) {
      if (b.index === undefined) continue;
      if (b.index > 5) {
        reporter.report('barIndexRange', `BAR index ${b.index} is out of range; a PCI function has BARs 0 to 5`, b.indexSpan);
        continue;
      }
      const prev = slots.get(b.index);
      if (prev) {
        const p = prev.bar;
        if (prev.second) {
          reporter.report('bar64Overlap', `64-bit BAR '${p.name}' occupies indices ${p.index} and ${b.index}, so BAR '${b.name}' cannot use index ${b.index}`, b.indexSpan, [note(`'${p.name}' declared here`, p.nameSpan)]);
        } else {
          reporter.report('duplicateBarIndex', `BAR '${p.name}' already uses index ${b.index}; choose another index`, b.indexSpan, [note(`'${p.name}' declared here`, p.nameSpan)]);
        }
        continue;
      }
      slots.set(b.index, { bar: b, second: false });
      if (!b.is64) continue;
      if (b.index === 5) {
        reporter.report('bar64Overlap', `64-bit BAR '${b.name}' at index 5 would need index 6; a 64-bit BAR takes two slots, so use index 0..4`, b.indexSpan);
        continue;
      }
      const next = slots.get(b.index + 1);
      if (next) {
        reporter.report('bar64Overlap', `64-bit BAR '${b.name}' occupies indices ${b.index} and ${b.index + 1}, but BAR '${next.bar.name}' already uses index ${b.index + 1}`, b.indexSpan, [note(`'${next.bar.name}' declared here`, next.bar.nameSpan)]);
      } else slots.set(b.index + 1, { bar: b, second: true });
    }
  }
};
