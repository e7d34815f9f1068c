// No two fields, and no reserved range and field, share a bit. Ranges are sorted by lsb and swept,
// so every overlap is found in O(n log n); each is reported at the later declaration.
import type { MField, MRegister, MReserved } from '../../model/model.js';
import { note } from '../../diagnostics/reporter.js';
import { allRegistersOf } from '../walk.js';
import type { Rule } from './rule.js';

type Bits = { readonly item: MField | MReserved; readonly msb: number; readonly lsb: number };
const isField = (x: MField | MReserved): x is MField => 'name' in x;
const range = (b: Bits): string => (b.msb === b.lsb ? `[${b.lsb}]` : `[${b.msb}:${b.lsb}]`);
const label = (b: Bits): string => (isField(b.item) ? `field '${b.item.name}' ${range(b)}` : `reserved ${range(b)}`);

/** Ranges that are well formed and inside the register (fieldsInsideRegister reports the others). */
function validBits(reg: MRegister): Bits[] {
  const out: Bits[] = [];
  for (const item of [...reg.fields, ...reg.reserved]) {
    if (isField(item) && item.implicit) continue;
    const { msb, lsb } = item;
    if (msb === undefined || lsb === undefined || msb < lsb || (reg.width !== undefined && msb >= reg.width)) continue;
    out.push({ item, msb, lsb });
  }
  return out;
}

export const noOverlappingFields: Rule = (model, reporter) => {
  for (const reg of allRegistersOf(model)) {
    if (reg.implicitField) {
      // Without fields the register is one field, `value`, over every bit: nothing is left to reserve.
      for (const r of reg.reserved) {
        reporter.report('reservedOverlap', `reserved bits in '${reg.name}', which has no fields: a register without fields is one field 'value' over all its bits; declare its fields`, r.bitsSpan);
      }
      continue;
    }
    const bits = validBits(reg).sort((a, b) => a.lsb - b.lsb);
    let reach: Bits | undefined; // the range reaching highest so far
    for (const b of bits) {
      if (reach && b.lsb <= reach.msb) {
        const [early, late] = reach.item.span.start <= b.item.span.start ? [reach, b] : [b, reach];
        const code = isField(early.item) && isField(late.item) ? 'fieldOverlap' : 'reservedOverlap';
        reporter.report(code, `${label(late)} overlaps ${label(early)} in '${reg.name}'`, late.item.bitsSpan, [note('declared here', early.item.bitsSpan)]);
      }
      if (!reach || b.msb > reach.msb) reach = b;
    }
  }
};
