// BARs: index 0..5, each index used once, a 64-bit BAR also takes index+1, size a power of two
// (PCI BARs are naturally aligned power-of-two windows).
import { note } from '../report.js';
import { hex } from '../walk.js';
import type { MBar } from '../../lower/model.js';
import type { Rule } from './rule.js';

const isPow2 = (n: number): boolean => n > 0 && (BigInt(n) & (BigInt(n) - 1n)) === 0n;

const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

export const barLayout: Rule = (model, reporter) => {
  for (const d of model.devices) {
    const slots = new Map<number, { bar: MBar; second: boolean }>();
    for (const b of d.bars) {
      if (b.size !== undefined && !isPow2(b.size)) {
        reporter.report('barSizePow2', `BAR '${b.name}' size ${hex(b.size)} is not a power of two; use ${hex(nextPow2(b.size))} (PCI BAR sizes are powers of two)`, b.sizeSpan);
      }
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
