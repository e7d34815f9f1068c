// BARs: index 0..5, each index used once, a 64-bit BAR also takes index+1, size a power of two
// (PCI BARs are naturally aligned power-of-two windows).
import { note } from '../report.js';
import { hex } from '../walk.js';
import type { MBar } from '../../lower/model.js';
import type { Rule } from './rule.js';

const isPow2 = (n: number): boolean => n > 0 && (BigInt(n) & (BigInt(n) - 1n)) === 0n;

export const barLayout: Rule = (model, reporter) => {
  for (const d of model.devices) {
    const slots = new Map<number, MBar>();
    for (const b of d.bars) {
      if (b.size !== undefined && !isPow2(b.size)) {
        reporter.report('barSizePow2', `BAR '${b.name}' size ${hex(b.size)} is not a power of two; PCI BAR sizes are powers of two`, b.sizeSpan);
      }
      if (b.index === undefined) continue;
      if (b.index > 5) {
        reporter.report('barIndexRange', `BAR index ${b.index} is out of range; a PCI function has BARs 0 to 5`, b.indexSpan);
        continue;
      }
      const prev = slots.get(b.index);
      if (prev) {
        const why = prev.index === b.index ? `BAR '${prev.name}' already uses index ${b.index}` : `64-bit BAR '${prev.name}' also occupies index ${b.index}`;
        reporter.report(prev.index === b.index ? 'duplicateBarIndex' : 'bar64Overlap', `${why}; choose another index`, b.indexSpan, [note(`'${prev.name}' declared here`, prev.nameSpan)]);
        continue;
      }
      slots.set(b.index, b);
      if (b.is64) {
        if (b.index === 5) {
          reporter.report('bar64Overlap', `64-bit BAR '${b.name}' at index 5 would need index 6; 64-bit BARs take two slots, so use index 0..4`, b.indexSpan);
          continue;
        }
        const next = d.bars.find((x) => x !== b && x.index === b.index! + 1);
        if (next) {
          reporter.report('bar64Overlap', `64-bit BAR '${b.name}' occupies indices ${b.index} and ${b.index + 1}, so BAR '${next.name}' cannot use index ${b.index + 1}`, next.indexSpan, [note(`'${b.name}' declared here`, b.nameSpan)]);
          slots.set(b.index + 1, next);
        } else slots.set(b.index + 1, b);
      }
    }
  }
};
