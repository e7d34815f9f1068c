// `split lo_hi|hi_lo` says a 64-bit device register is accessed as two 32-bit halves in that order
// (NVMe 1.4 section 3.1: CAP, ASQ and ACQ may be accessed as two dwords). Only a 64-bit register has
// halves, and only a device register has bus accesses: a layout word is memory.
import { allRegistersOf } from '../walk.js';
import type { Rule } from './rule.js';

const ORDERS = new Set(['lo_hi', 'hi_lo']);

export const registerSplit: Rule = (model, reporter) => {
  for (const r of allRegistersOf(model)) {
    if (!r.split) continue;
    if (r.isWord) {
      reporter.report('registerSplit', `'split' describes bus accesses of a device register; word '${r.name}' is host memory, remove it`, r.split.span);
    } else if (!ORDERS.has(r.split.order)) {
      reporter.report('registerSplit', `unknown split order '${r.split.order}'; expected lo_hi (low half first) or hi_lo (high half first)`, r.split.span);
    } else if (r.width !== undefined && r.width !== 64) {
      reporter.report('registerSplit', `'split' is only for 64-bit registers: '${r.name}' is ${r.width} bits wide (it is one access already)`, r.split.span);
    }
  }
};
