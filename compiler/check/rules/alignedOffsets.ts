// Registers are naturally aligned: the offset and, for arrays, the stride are multiples of the
// register's size, so every access is one aligned load or store.
import { byteSize } from '../../model/sizes.js';
import { registersOf } from '../walk.js';
import { hex } from '../../ir/bits.js';
import type { Rule } from './rule.js';

export const alignedOffsets: Rule = (model, reporter) => {
  for (const r of registersOf(model)) {
    const size = byteSize(r.width);
    if (size === undefined || r.offset === undefined) continue;
    if (r.offset % size !== 0) {
      const down = r.offset - (r.offset % size);
      reporter.report('misalignedOffset', `register '${r.name}' at ${hex(r.offset)} is not aligned to its ${size}-byte size; use ${hex(down)} or ${hex(down + size)}`, r.offsetSpan);
    } else if (r.array?.stride !== undefined && r.array.count !== undefined && r.array.count > 1 && r.array.stride >= size && r.array.stride % size !== 0) {
      reporter.report('misalignedOffset', `stride ${hex(r.array.stride)} of register array '${r.name}' is not a multiple of its ${size}-byte size, so elements after the first are misaligned`, r.array.strideSpan ?? r.array.span);
    }
  }
};
