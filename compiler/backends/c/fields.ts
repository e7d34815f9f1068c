// Per-register facts shared by MMIO registers and DMA layout words: the field defines, the access
// summary for comments, and which bits ack()/clear() may name.
import type { IrField, IrRegister } from '../../ir/ir.js';
import { join, lit, uniqueUpper, type Width } from './names.js';
import { accessLabel } from '../shared/access.js';
import { bitsOf } from '../../ir/bits.js';
export { accessLabel };


export const bitRange = (lsb: number, width: number): string => (width === 1 ? `[${lsb}]` : `[${lsb + width - 1}:${lsb}]`);


/** Fields that get SHIFT/MASK/WIDTH defines (not the implicit `value` field of a fieldless register). */
export const namedFields = (r: IrRegister): readonly IrField[] => (r.implicitField ? [] : r.fields);

/** Each named field's identifier part (upper case, distinct within the register). */
export function fieldIds(r: IrRegister): Map<IrField, string> {
  const fs = namedFields(r);
  const ids = uniqueUpper(fs.map((f) => f.name));
  return new Map(fs.map((f, n) => [f, ids[n]!]));
}

/** The define names of every named field, for a register or word base `B`. */
export const fieldDefineNames = (B: string, r: IrRegister): string[] =>
  [...fieldIds(r).values()].flatMap((id) => ['SHIFT', 'MASK', 'WIDTH'].map((s) => join(B, id, s)));

/** SHIFT, MASK, WIDTH of each named field, with the access and doc as a trailing comment. */
export function fieldDefines(B: string, r: IrRegister): [string, string, string?][] {
  const rows: [string, string, string?][] = [];
  const ids = fieldIds(r);
  for (const f of namedFields(r)) {
    const F = join(B, ids.get(f)!);
    const note = `${bitRange(f.lsb, f.width)} ${accessLabel(f)}${f.volatile ? ' volatile' : ''}${f.doc ? `: ${f.doc}` : ''}`;
    rows.push([`${F}_SHIFT`, String(f.lsb), note], [`${F}_MASK`, lit(bitsOf(f.lsb, f.width), r.width as Width)], [`${F}_WIDTH`, String(f.width)]);
  }
  return rows;
}
