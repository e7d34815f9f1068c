// A BAR's size is a power of two: PCI BARs are naturally aligned power-of-two windows.
import { hex } from '../../ir/bits.js';
import type { Rule } from './rule.js';

const isPow2 = (n: number): boolean => n > 0 && (BigInt(n) & (BigInt(n) - 1n)) === 0n;
const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

export const barSizesArePowersOfTwo: Rule = (model, reporter) => {
  for (const d of model.devices) {
    for (const b of d.bars) {
      if (b.size !== undefined && !isPow2(b.size)) {
        reporter.report('barSizePow2', `BAR '${b.name}' size ${hex(b.size)} is not a power of two; use ${hex(nextPow2(b.size))} (PCI BAR sizes are powers of two)`, b.sizeSpan);
      }
    }
  }
};
