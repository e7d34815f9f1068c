// A register's reset value: the declared register reset (default 0) with each field's own reset
// inserted. The resetValues rule reports where the two disagree; this is the value the IR carries.
import { bitsOf } from '../ir/bits.js';
import type { MRegister } from '../model/model.js';

export function mergedReset(reg: MRegister): bigint {
  let v = reg.reset ?? 0n;
  for (const f of reg.fields) {
    if (f.implicit || f.reset === undefined || f.msb === undefined || f.lsb === undefined || f.msb < f.lsb) continue;
    const m = bitsOf(f.lsb, f.msb - f.lsb + 1);
    v = (v & ~m) | ((f.reset << BigInt(f.lsb)) & m);
  }
  return reg.width !== undefined ? v & bitsOf(0, reg.width) : v;
}
