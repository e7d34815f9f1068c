// Per-register facts shared by MMIO registers and DMA layout words: the field defines, the access
// summary for comments, and which bits ack()/clear() may name.
import type { IrEnum, IrField, IrRegister } from '../../ir/ir.js';
import { comment, join, lit, lower, uniqueUpper, type Width } from './names.js';
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

/**
 * The identifiers of every named field after a register's base: upper-case macro suffixes
 * (`EN_SHIFT`) and lower-case function suffixes (`sc_name`, an `enum by` field).
 */
export function fieldSuffixes(r: IrRegister): { macros: string[]; functions: string[] } {
  const macros: string[] = [];
  const functions: string[] = [];
  for (const [f, id] of fieldIds(r)) {
    macros.push(`${id}_SHIFT`, `${id}_MASK`, `${id}_WIDTH`);
    if (f.enumBy) functions.push(`${lower(id)}_name`);
  }
  return { macros, functions };
}

/**
 * `enum by` (NVMe SC by SCT): per such field `<b>_<field>_name(selector, value)`, the value's name
 * under the enum the selector's value picks, or a null pointer where the spec names none. The cases
 * are the enums' values (their defines are in the "Enum values" section).
 */
export function enumByFunctions(B: string, r: IrRegister, enums: readonly IrEnum[]): string[] {
  const out: string[] = [];
  for (const [f, id] of fieldIds(r)) {
    const by = f.enumBy;
    if (!by) continue;
    const lines = ['switch (selector) {'];
    for (const c of by.cases) {
      const e = enums.find((x) => x.name === c.enum);
      lines.push(`case ${lit(c.value, 32)}: /* ${c.key}: enum ${c.enum} */`, '  switch (value) {');
      const seen = new Set<bigint>();
      for (const v of e?.values ?? []) {
        // The first name of a value, as decoding reports it (a repeated value is RM0412).
        if (seen.has(BigInt(v.value))) continue;
        seen.add(BigInt(v.value));
        lines.push(`  case ${lit(v.value, 32)}: return "${v.name}";`);
      }
      lines.push('  default: return (const char *)0;', '  }');
    }
    lines.push('default: return (const char *)0;', '}');
    out.push(
      '',
      ...comment([`${f.name}'s name under the enum ${by.field} picks (enum by: ${by.cases.map((c) => `${c.key} → ${c.enum}`).join(', ')}); a null pointer where the spec names none. Pass both fields' values (already read).`]),
      `static inline const char *${lower(join(B, id, 'name'))}(uint32_t selector, uint32_t value)`,
      '{',
      ...lines.map((l) => `  ${l}`),
      '}',
    );
  }
  return out;
}

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
