// Fields and reserved ranges name bits msb ≥ lsb inside the register, and no two of them share a bit
// (fields are sorted by lsb; a sweep finds every overlap in O(n log n)).
import type { MField, MRegister, MReserved } from '../../lower/model.js';
import { note } from '../report.js';
import { allRegistersOf } from '../walk.js';
import type { Rule } from './rule.js';

type Bits = { readonly item: MField | MReserved; readonly msb: number; readonly lsb: number };
const isField = (x: MField | MReserved): x is MField => 'name' in x;
const range = (b: Bits): string => (b.msb === b.lsb ? `[${b.lsb}]` : `[${b.msb}:${b.lsb}]`);
const label = (b: Bits): string => (isField(b.item) ? `field '${b.item.name}' ${range(b)}` : `reserved ${range(b)}`);

function validBits(reg: MRegister, reporter: Parameters<Rule>[1]): Bits[] {
  const out: Bits[] = [];
  const what = reg.isWord ? 'word' : 'register';
  for (const item of [...reg.fields, ...reg.reserved]) {
    if (isField(item) && item.implicit) continue;
    const { msb, lsb } = item;
    if (msb === undefined || lsb === undefined) continue;
    if (msb < lsb) {
      reporter.report('fieldBitOrder', `bit range [${msb}:${lsb}] is reversed: write the most significant bit first, [${lsb}:${msb}]`, item.bitsSpan);
      continue;
    }
    const b = { item, msb, lsb };
    if (reg.width !== undefined && msb >= reg.width) {
      reporter.report('fieldOutsideRegister', `${label(b)} is outside the ${reg.width}-bit ${what} '${reg.name}' (bits ${reg.width - 1}..0)`, item.bitsSpan);
      continue;
    }
    out.push(b);
  }
  return out;
}

export const fieldBits: Rule = (model, reporter) => {
  for (const reg of allRegistersOf(model)) {
    const bits = validBits(reg, reporter).sort((a, b) => a.lsb - b.lsb);
    let reach: Bits | undefined; // the range reaching highest so far
    for (const b of bits) {
      if (reach && b.lsb <= reach.msb) {
        // Report at the later declaration, naming the earlier one.
        const [early, late] = reach.item.span.start <= b.item.span.start ? [reach, b] : [b, reach];
        const code = isField(early.item) && isField(late.item) ? 'fieldOverlap' : 'reservedOverlap';
        reporter.report(code, `${label(late)} overlaps ${label(early)} in '${reg.name}'`, late.item.bitsSpan, [note('declared here', early.item.bitsSpan)]);
      }
      if (!reach || b.msb > reach.msb) reach = b;
    }
  }
};
