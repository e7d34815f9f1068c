// SVD <register> and its <field>s and <enumeratedValues> → OutRegister(s). Properties (size, access,
// resetValue, resetMask) arrive already inherited from device, peripheral and clusters.
import type { OutEnumValue, OutField, OutRegister } from './model.js';
import { child, childrenNamed, childText, type XmlElement } from './xml.js';
import { parseSvdInteger, hasDontCare } from './numbers.js';
import { accessText, MODIFIED_WRITE_VALUES, READ_ACTIONS, sameAccess, SVD_ACCESS, type Access } from './access.js';
import { arrayName, expandedName, identifier, Scope } from './names.js';
import { readDim } from './dim.js';
import { svdCodes } from './report.js';
import { checkChildren, docOf, readProps, type Ctx, type Placed, type Props } from './context.js';
import { hex } from './print.js';

const WIDTHS = new Set([8, 16, 32, 64]);

/** A value with the element it was written in (for warnings at the right place). */
interface Written {
  readonly text: string;
  readonly el: XmlElement;
}

function written(el: XmlElement, name: string): Written | undefined {
  const c = child(el, name);
  return c ? { text: c.text.trim(), el: c } : undefined;
}

/** sw from an SVD access, with writeOnce reported as approximated. */
function swOf(access: Written | undefined, ctx: Ctx): Access['sw'] {
  if (!access) return 'rw';
  const a = SVD_ACCESS[access.text];
  if (!a) {
    ctx.rep.warn(svdCodes.invalid, access.el, `unknown access '${access.text}'; expected read-only, write-only, read-write, writeOnce or read-writeOnce; read-write assumed`);
    return 'rw';
  }
  if (a.approximated) {
    ctx.rep.warn(svdCodes.unsupported, access.el, `access ${access.text} (writable once after reset) is not expressible in .regs; imported as ${a.sw === 'w' ? 'wo' : 'rw'}`);
  }
  return a.sw;
}

/** The .regs access triple for SVD access + modifiedWriteValues + readAction, each reported where written. */
function accessOf(access: Written | undefined, mwv: Written | undefined, readAction: Written | undefined, ctx: Ctx): Access {
  const sw = swOf(access, ctx);
  let onWrite: Access['onWrite'] = 'none';
  if (mwv) {
    const w = MODIFIED_WRITE_VALUES[mwv.text];
    if (w === undefined) ctx.rep.warn(svdCodes.invalid, mwv.el, `unknown modifiedWriteValues '${mwv.text}'; ignored`);
    else if (w !== 'none' && sw === 'r') ctx.rep.warn(svdCodes.conflict, mwv.el, `modifiedWriteValues ${mwv.text} on a read-only field has no effect; ignored`);
    else onWrite = w;
  }
  let onRead: Access['onRead'] = 'none';
  if (readAction) {
    const r = READ_ACTIONS[readAction.text];
    if (readAction.text === 'modify' || readAction.text === 'modifyExternal') {
      ctx.rep.warn(svdCodes.unsupported, readAction.el, `readAction ${readAction.text} (a read changes the field in a way SVD does not describe) is not expressible in .regs; imported as a plain read`);
    } else if (r === undefined) {
      ctx.rep.warn(svdCodes.invalid, readAction.el, `unknown readAction '${readAction.text}'; expected clear, set, modify or modifyExternal; ignored`);
    } else if (sw === 'w') {
      ctx.rep.warn(svdCodes.conflict, readAction.el, `readAction ${readAction.text} on a write-only field has no effect; ignored`);
    } else onRead = r;
  }
  return { sw, onRead, onWrite };
}

function ones(width: number): bigint {
  return (1n << BigInt(width)) - 1n;
}

/** One <register> (resolved), possibly a dim array or an expanded dim list. */
export function convertRegister(el: XmlElement, inherited: Props, ctx: Ctx): Placed[] {
  checkChildren(el, 'register', ctx);
  const rawName = childText(el, 'name');
  if (!rawName) {
    ctx.rep.warn(svdCodes.invalid, el, '<register> without a <name>; left out');
    return [];
  }
  const offset = parseSvdInteger(childText(el, 'addressOffset'));
  if (offset === undefined) {
    ctx.rep.warn(svdCodes.invalid, el, `register '${rawName}' has no readable <addressOffset>; left out`, { kind: 'register', reason: 'no address offset' });
    return [];
  }
  const props = readProps(el, inherited, ctx);
  const width = props.size ?? 32;
  if (props.size === undefined) ctx.rep.warn(svdCodes.invalid, el, `register '${rawName}' has no <size> (here or inherited); 32 bits assumed`);
  if (!WIDTHS.has(width)) {
    ctx.rep.warn(svdCodes.unsupported, props.sizeEl ?? el, `register '${rawName}' is ${width} bits wide; .regs registers are 8, 16, 32 or 64 bits, so it is left out`, { kind: 'register', reason: 'width not 8, 16, 32 or 64 bits' });
    return [];
  }
  const bytes = width / 8;
  if (Number(offset) % bytes !== 0) {
    ctx.rep.warn(svdCodes.conflict, child(el, 'addressOffset') ?? el, `register '${rawName}' at ${hex(ctx.base + Number(offset))} is not aligned to its ${bytes}-byte size, which .regs requires; left out`, { kind: 'register', reason: 'misaligned' });
    return [];
  }
  const regAccess = accessOf(props.access, written(el, 'modifiedWriteValues'), written(el, 'readAction'), ctx);

  let reset = props.resetValue?.value ?? 0n;
  const comments: string[] = [];
  if (reset > ones(width)) {
    ctx.rep.warn(svdCodes.conflict, props.resetValue!.el, `resetValue ${'0x' + reset.toString(16)} does not fit the ${width}-bit register '${rawName}'; its low ${width} bits are kept`);
    reset &= ones(width);
  }
  if (props.resetMask !== undefined) {
    const mask = props.resetMask & ones(width);
    reset &= mask;
    if (mask !== ones(width)) comments.push(`resetMask 0x${mask.toString(16)}: the other bits have no defined reset value (0 here)`);
  }

  const fields = convertFields(el, props.access, regAccess, width, rawName, ctx);
  const accesses = fields.length ? fields.map((f) => f.triple) : [regAccess];
  const volatile = isVolatile(accesses);
  const doc = docOf(el);

  const dim = readDim(el);
  if ('error' in dim) {
    ctx.rep.warn(svdCodes.invalid, child(el, 'dim') ?? el, `register '${rawName}': ${dim.error}; left out`, { kind: 'register', reason: 'unreadable dim' });
    return [];
  }
  const make =
    (array?: { count: number; stride: number }) =>
    (name: string, at: number): OutRegister => ({
      kind: 'register',
      name,
      ...(array ? { array } : {}),
      offset: at,
      width: width as OutRegister['width'],
      access: accessText(regAccess),
      volatile,
      reset,
      doc,
      fields: fields.map((f) => f.field),
      comments,
    });
  if (!dim.dim) {
    if (rawName.includes('%s')) ctx.rep.warn(svdCodes.invalid, el, `register '${rawName}' has %s in its name but no <dim>; imported as '${arrayName(rawName)}'`);
    return [{ el, name: identifier(arrayName(rawName), ctx.lowercase), offset: Number(offset), size: bytes, build: make() }];
  }
  const { count, increment, indices } = dim.dim;
  if (increment < bytes || increment % bytes !== 0) {
    ctx.rep.warn(svdCodes.conflict, child(el, 'dimIncrement') ?? el, `register array '${rawName}': <dimIncrement> ${increment} is ${increment < bytes ? `smaller than the ${bytes}-byte register, so elements overlap` : `not a multiple of the ${bytes}-byte register, so elements are misaligned`}; left out`, { kind: 'register', reason: 'array elements overlap or are misaligned' });
    return [];
  }
  if (!indices) {
    if (!rawName.includes('%s')) ctx.rep.warn(svdCodes.invalid, el, `register '${rawName}' has a <dim> but no %s in its name; imported as array '${rawName}'`);
    return [{ el, name: identifier(arrayName(rawName), ctx.lowercase), offset: Number(offset), size: bytes, array: { count, stride: increment }, build: make({ count, stride: increment }) }];
  }
  return indices.map((index, i) => ({ el, name: identifier(expandedName(rawName, index), ctx.lowercase), offset: Number(offset) + i * increment, size: bytes, build: make() }));
}

/**
 * Volatile: hardware changes the register on its own. SVD does not say so; a register with no plain
 * read-write storage and some read-only, read-side-effect or hardware-set/cleared bits is taken as one
 * (a register mixing storage with status bits stays non-volatile: modify() must keep its storage).
 */
function isVolatile(accesses: readonly Access[]): boolean {
  const storage = accesses.some((a) => a.sw === 'rw' && a.onRead === 'none' && a.onWrite === 'none');
  const hardware = accesses.some((a) => a.sw === 'r' || a.onRead !== 'none' || ['w1c', 'w0c', 'w1t', 'w0t'].includes(a.onWrite));
  return !storage && hardware;
}

interface ConvertedField {
  readonly field: OutField;
  readonly triple: Access;
}

function convertFields(reg: XmlElement, regAccessText: Written | undefined, regAccess: Access, width: number, regName: string, ctx: Ctx): ConvertedField[] {
  const container = child(reg, 'fields');
  if (!container) return [];
  checkChildren(container, 'fields', ctx);
  const placed: { lsb: number; msb: number; el: XmlElement; name: string; make: (name: string) => OutField; triple: Access }[] = [];
  for (const raw of childrenNamed(container, 'field')) {
    const el = ctx.derive.resolve(raw);
    checkChildren(el, 'field', ctx);
    const rawName = childText(el, 'name');
    if (!rawName) {
      ctx.rep.warn(svdCodes.invalid, el, `<field> of register '${regName}' without a <name>; left out`, { kind: 'field', reason: 'no name' });
      continue;
    }
    const bits = bitsOf(el);
    if (typeof bits === 'string') {
      ctx.rep.warn(svdCodes.invalid, el, `field '${rawName}' of register '${regName}': ${bits}; left out`, { kind: 'field', reason: 'no readable bit position' });
      continue;
    }
    const own = written(el, 'access');
    const triple = accessOf(own ?? regAccessText, written(el, 'modifiedWriteValues') ?? written(reg, 'modifiedWriteValues'), written(el, 'readAction') ?? written(reg, 'readAction'), ctx);
    const dim = readDim(el);
    if ('error' in dim) {
      ctx.rep.warn(svdCodes.invalid, child(el, 'dim') ?? el, `field '${rawName}': ${dim.error}; left out`, { kind: 'field', reason: 'unreadable dim' });
      continue;
    }
    const copies = dim.dim
      ? (dim.dim.indices ?? Array.from({ length: dim.dim.count }, (_, i) => String(i))).map((index, i) => ({ name: expandedName(rawName, index), lsb: bits.lsb + i * dim.dim!.increment }))
      : [{ name: rawName, lsb: bits.lsb }];
    const doc = docOf(el);
    const enumValues = enumOf(el, bits.width, ctx);
    for (const c of copies) {
      const msb = c.lsb + bits.width - 1;
      if (msb >= width) {
        const rest = copies.length - copies.indexOf(c) - 1;
        ctx.rep.warn(svdCodes.conflict, el, `field '${c.name}' [${msb}:${c.lsb}] is outside the ${width}-bit register '${regName}'; left out${rest ? ` (and the ${rest} after it)` : ''}`, { kind: 'field', reason: 'outside its register' });
        break;
      }
      placed.push({
        lsb: c.lsb,
        msb,
        el,
        name: identifier(c.name, ctx.lowercase),
        triple,
        make: (name) => ({ name, lsb: c.lsb, msb, access: sameAccess(triple, regAccess) ? '' : accessText(triple), enumValues, doc }),
      });
    }
  }
  placed.sort((a, b) => a.lsb - b.lsb);
  const out: ConvertedField[] = [];
  const scope = new Scope();
  let prev: (typeof placed)[number] | undefined;
  for (const p of placed) {
    if (prev && p.lsb <= prev.msb) {
      ctx.rep.warn(svdCodes.conflict, p.el, `field '${p.name}' [${p.msb}:${p.lsb}] overlaps field '${prev.name}' [${prev.msb}:${prev.lsb}] in register '${regName}'; left out`, { kind: 'field', reason: 'overlaps another field' });
      continue;
    }
    const { name, renamed } = scope.take(p.name);
    if (renamed) ctx.rep.warn(svdCodes.renamed, p.el, `a field of register '${regName}' is already called '${p.name}'; this one is imported as '${name}'`);
    out.push({ field: p.make(name), triple: p.triple });
    prev = p;
  }
  return out;
}

/** bitOffset+bitWidth, lsb+msb or bitRange [msb:lsb]. */
function bitsOf(el: XmlElement): { lsb: number; width: number } | string {
  const offset = childText(el, 'bitOffset');
  if (offset !== undefined) {
    const o = parseSvdInteger(offset);
    const w = parseSvdInteger(childText(el, 'bitWidth') ?? '1');
    if (o === undefined || w === undefined || w < 1n || o > 63n || w > 64n) return `unreadable <bitOffset>/<bitWidth> (${offset}, ${childText(el, 'bitWidth') ?? '1'})`;
    return { lsb: Number(o), width: Number(w) };
  }
  const lsbText = childText(el, 'lsb');
  const msbText = childText(el, 'msb');
  if (lsbText !== undefined || msbText !== undefined) {
    const l = parseSvdInteger(lsbText);
    const m = parseSvdInteger(msbText);
    if (l === undefined || m === undefined || m < l || m > 63n) return `unreadable <lsb>/<msb> (${lsbText ?? '?'}, ${msbText ?? '?'})`;
    return { lsb: Number(l), width: Number(m - l) + 1 };
  }
  const range = childText(el, 'bitRange');
  if (range !== undefined) {
    const m = /^\[\s*(\d+)\s*:\s*(\d+)\s*\]$/.exec(range);
    if (!m || Number(m[1]) < Number(m[2]) || Number(m[1]) > 63) return `unreadable <bitRange>${range}</bitRange> (expected [msb:lsb])`;
    return { lsb: Number(m[2]), width: Number(m[1]) - Number(m[2]) + 1 };
  }
  return 'no bit position (<bitOffset>, <lsb>/<msb> or <bitRange>)';
}

/** The field's enumerated values: one <enumeratedValues> (read, read-write or write) is kept. */
function enumOf(field: XmlElement, width: number, ctx: Ctx): OutEnumValue[] {
  const lists = childrenNamed(field, 'enumeratedValues').map((raw) => ctx.derive.resolve(raw));
  if (lists.length === 0) return [];
  const usage = (l: XmlElement): string => childText(l, 'usage') ?? 'read-write';
  const kept = lists.find((l) => usage(l) !== 'write') ?? lists[0]!;
  const values = enumValues(kept, width, ctx);
  for (const other of lists) {
    if (other === kept) continue;
    const key = (vs: readonly OutEnumValue[]): string => vs.map((v) => `${v.name}=${v.value}`).join(',');
    const same = key(enumValues(other, width, { ...ctx, report: false })) === key(values);
    if (!same) {
      ctx.rep.warn(
        svdCodes.unsupported,
        other,
        `field '${childText(field, 'name') ?? '?'}' has different enumerated values for ${usage(other)} and ${usage(kept)}; .regs has one enum per field, so the ${usage(kept)} values are kept and these are left out`,
      );
    }
  }
  return values;
}

/** Values of one <enumeratedValues>; with report false only to compare, so nothing is reported. */
function enumValues(list: XmlElement, width: number, opts: Ctx & { report?: boolean }): OutEnumValue[] {
  const ctx = opts.report === false ? undefined : opts;
  if (ctx) checkChildren(list, 'enumeratedValues', ctx);
  const out: OutEnumValue[] = [];
  const scope = new Scope();
  for (const ev of childrenNamed(list, 'enumeratedValue')) {
    if (ctx) checkChildren(ev, 'enumeratedValue', ctx);
    const rawName = childText(ev, 'name');
    const valueText = childText(ev, 'value');
    if (!rawName) {
      ctx?.rep.warn(svdCodes.invalid, ev, '<enumeratedValue> without a <name>; left out');
      continue;
    }
    const isDefault = childText(ev, 'isDefault');
    if (isDefault === 'true' || isDefault === '1') {
      ctx?.rep.warn(svdCodes.unsupported, ev, `enumerated value '${rawName}' is <isDefault> (it names every value not listed); .regs enums are open already, so it is left out`, { kind: 'enum value', reason: 'isDefault' });
      continue;
    }
    if (valueText === undefined) {
      ctx?.rep.warn(svdCodes.invalid, ev, `enumerated value '${rawName}' has no <value>; left out`, { kind: 'enum value', reason: 'no value' });
      continue;
    }
    if (hasDontCare(valueText)) {
      ctx?.rep.warn(svdCodes.unsupported, ev, `enumerated value '${rawName}' = ${valueText} has don't-care bits, which .regs enums cannot say; left out`, { kind: 'enum value', reason: "don't-care bits" });
      continue;
    }
    const value = parseSvdInteger(valueText);
    if (value === undefined) {
      ctx?.rep.warn(svdCodes.invalid, ev, `enumerated value '${rawName}' has an unreadable <value>${valueText}</value>; left out`, { kind: 'enum value', reason: 'unreadable value' });
      continue;
    }
    if (value > ones(width)) {
      ctx?.rep.warn(svdCodes.conflict, ev, `enumerated value '${rawName}' = ${valueText} does not fit the ${width}-bit field; left out`, { kind: 'enum value', reason: 'wider than its field' });
      continue;
    }
    const base = identifier(rawName, opts.lowercase);
    const { name, renamed } = scope.take(base);
    if (renamed) ctx?.rep.warn(svdCodes.renamed, ev, `an enumerated value of this field is already called '${base}'; this one is imported as '${name}'`);
    out.push({ name, value, doc: docOf(ev) });
  }
  return out;
}
