// Registers are 8, 16, 32 or 64 bits wide and naturally aligned (offset and, for arrays, stride a
// multiple of the register size) — the access is one load or store of that width.
import { byteSize } from '../../lower/registers.js';
import { hex, registersOf, layoutsOf } from '../walk.js';
import type { Rule } from './rule.js';

export const registerGeometry: Rule = (model, reporter) => {
  const words = layoutsOf(model).flatMap((l) => l.words);
  for (const r of [...registersOf(model), ...words]) {
    const what = r.isWord ? 'word' : 'register';
    if (r.width !== undefined && byteSize(r.width) === undefined) {
      reporter.report('registerWidth', `${what} '${r.name}' is ${r.width} bits wide; the width must be 8, 16, 32 or 64`, r.widthSpan);
      continue;
    }
    const size = byteSize(r.width);
    if (r.isWord || size === undefined || r.offset === undefined) continue;
    if (r.offset % size !== 0) {
      const down = r.offset - (r.offset % size);
      reporter.report('misalignedOffset', `register '${r.name}' at ${hex(r.offset)} is not aligned to its ${size}-byte size; use ${hex(down)} or ${hex(down + size)}`, r.offsetSpan);
    } else if (r.array?.stride !== undefined && r.array.count !== undefined && r.array.count > 1 && r.array.stride >= size && r.array.stride % size !== 0) {
      reporter.report('misalignedOffset', `stride ${hex(r.array.stride)} of register array '${r.name}' is not a multiple of its ${size}-byte size, so elements after the first are misaligned`, r.array.strideSpan ?? r.array.span);
    }
  }
};
