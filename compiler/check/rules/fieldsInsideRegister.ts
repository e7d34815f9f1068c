// Fields and reserved ranges name bits msb ≥ lsb, all inside the register's width.
import type { MField, MReserved } from '../../model/model.js';
import { allRegistersOf } from '../walk.js';
import type { Rule } from './rule.js';

const isField = (x: MField | MReserved): x is MField => 'name' in x;
const range = (msb: number, lsb: number): string => (msb === lsb ? `[${lsb}]` : `[${msb}:${lsb}]`);

export const fieldsInsideRegister: Rule = (model, reporter) => {
  for (const reg of allRegistersOf(model)) {
    for (const item of [...reg.fields, ...reg.reserved]) {
      if (isField(item) && item.implicit) continue;
      const { msb, lsb } = item;
      if (msb === undefined || lsb === undefined) continue;
      if (msb < lsb) {
        reporter.report('fieldBitOrder', `bit range [${msb}:${lsb}] is reversed: write the most significant bit first, [${lsb}:${msb}]`, item.bitsSpan);
      } else if (reg.width !== undefined && msb >= reg.width) {
        const label = isField(item) ? `field '${item.name}' ${range(msb, lsb)}` : `reserved ${range(msb, lsb)}`;
        reporter.report('fieldOutsideRegister', `${label} is outside the ${reg.width}-bit ${reg.isWord ? 'word' : 'register'} '${reg.name}' (bits ${reg.width - 1}..0)`, item.bitsSpan);
      }
    }
  }
};
