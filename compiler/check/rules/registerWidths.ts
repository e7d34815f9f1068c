// Registers and layout words are 8, 16, 32 or 64 bits wide: one load or store of that width.
import { byteSize } from '../../model/sizes.js';
import { allRegistersOf } from '../walk.js';
import type { Rule } from './rule.js';

export const registerWidths: Rule = (model, reporter) => {
  for (const r of allRegistersOf(model)) {
    if (r.width !== undefined && byteSize(r.width) === undefined) {
      reporter.report('registerWidth', `${r.isWord ? 'word' : 'register'} '${r.name}' is ${r.width} bits wide; the width must be 8, 16, 32 or 64`, r.widthSpan);
    }
  }
};
