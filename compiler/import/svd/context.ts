// What every converter step shares: the reporter, derivedFrom resolution, naming options, inherited
// register properties, and the list of elements each SVD level may hold (anything else is reported).
import type { OutItem } from './model.js';
import { child, type XmlElement } from './xml.js';
import type { Deriver } from './derive.js';
import { svdCodes, type SvdReporter } from './report.js';
import { parseSvdInteger } from './numbers.js';

export interface Ctx {
  readonly rep: SvdReporter;
  readonly derive: Deriver;
  readonly lowercase: boolean;
  /** `--prefer` names, lowercased: these win a collision with another view of the same addresses. */
  readonly prefer: ReadonlySet<string>;
  /** SVD address of the peripheral being converted, so messages give addresses, not offsets. */
  readonly base: number;
}

/** Named by --prefer: by its name, its alternateGroup, or the register it is an alternate of. */
export function isPreferred(el: XmlElement, ctx: Ctx): boolean {
  if (ctx.prefer.size === 0) return false;
  for (const tag of ['name', 'alternateGroup', 'alternatePeripheral', 'alternateCluster']) {
    const c = child(el, tag);
    if (c && ctx.prefer.has(c.text.trim().toLowerCase())) return true;
  }
  return false;
}

/** SVD's registerPropertiesGroup, inherited device → peripheral → cluster → register. */
export interface Props {
  readonly size?: number;
  readonly sizeEl?: XmlElement;
  readonly access?: { readonly text: string; readonly el: XmlElement };
  readonly resetValue?: { readonly value: bigint; readonly el: XmlElement };
  readonly resetMask?: bigint;
}

/** A register or block placed in its container, named and built once names are unique. */
export interface Placed {
  readonly el: XmlElement;
  /** Identifier before disambiguation. */
  readonly name: string;
  readonly offset: number;
  /** Bytes of one element. */
  readonly size: number;
  readonly array?: { readonly count: number; readonly stride: number };
  readonly build: (name: string, offset: number) => OutItem;
}

export function readProps(el: XmlElement, inherited: Props, ctx: Ctx): Props {
  let p: Props = inherited;
  const size = child(el, 'size');
  if (size) {
    const v = parseSvdInteger(size.text);
    if (v === undefined || v > 1024n) ctx.rep.warn(svdCodes.invalid, size, `unreadable <size>${size.text.trim()}</size>; ignored`);
    else p = { ...p, size: Number(v), sizeEl: size };
  }
  const access = child(el, 'access');
  if (access) p = { ...p, access: { text: access.text.trim(), el: access } };
  const reset = child(el, 'resetValue');
  if (reset) {
    const v = parseSvdInteger(reset.text);
    if (v === undefined) ctx.rep.warn(svdCodes.invalid, reset, `unreadable <resetValue>${reset.text.trim()}</resetValue>; ignored`);
    else p = { ...p, resetValue: { value: v, el: reset } };
  }
  const mask = child(el, 'resetMask');
  if (mask) {
    const v = parseSvdInteger(mask.text);
    if (v === undefined) ctx.rep.warn(svdCodes.invalid, mask, `unreadable <resetMask>${mask.text.trim()}</resetMask>; ignored`);
    else p = { ...p, resetMask: v };
  }
  return p;
}

/** Description text as a doc string: whitespace (and SVD's literal "\n") collapsed. */
export function docOf(el: XmlElement): string {
  const d = child(el, 'description');
  return d ? d.text.replace(/\\n/g, ' ').replace(/\s+/g, ' ').trim() : '';
}

const PROPS = ['size', 'access', 'protection', 'resetValue', 'resetMask'];
const DIM = ['dim', 'dimIncrement', 'dimIndex', 'dimName', 'dimArrayIndex'];

/** Elements imported (or deliberately ignored as C-header/CPU metadata) at each level. */
const KNOWN: Readonly<Record<string, ReadonlySet<string>>> = {
  device: new Set(['name', 'description', 'peripherals', 'vendor', 'vendorID', 'series', 'version', 'licenseText', 'cpu', 'headerSystemFilename', 'headerDefinitionsPrefix', 'addressUnitBits', 'width', ...PROPS]),
  peripherals: new Set(['peripheral']),
  peripheral: new Set(['name', 'description', 'version', 'groupName', 'headerStructName', 'prependToName', 'appendToName', 'baseAddress', 'addressBlock', 'interrupt', 'registers', ...PROPS, ...DIM]),
  registers: new Set(['register', 'cluster']),
  cluster: new Set(['name', 'description', 'headerStructName', 'addressOffset', 'register', 'cluster', ...PROPS, ...DIM]),
  register: new Set(['name', 'displayName', 'description', 'addressOffset', 'dataType', 'modifiedWriteValues', 'readAction', 'fields', 'alternateRegister', 'alternateGroup', ...PROPS, ...DIM]),
  fields: new Set(['field']),
  field: new Set(['name', 'description', 'bitOffset', 'bitWidth', 'lsb', 'msb', 'bitRange', 'access', 'modifiedWriteValues', 'readAction', 'enumeratedValues', ...DIM]),
  enumeratedValues: new Set(['name', 'headerEnumName', 'usage', 'enumeratedValue']),
  enumeratedValue: new Set(['name', 'description', 'value', 'isDefault']),
};

/** Known elements .regs cannot express: reported with what happens to them. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  writeConstraint: '<writeConstraint> (which values may be written) has no .regs equivalent; ignored',
  protection: '<protection> (secure/privileged access) has no .regs equivalent; ignored',
  alternatePeripheral: '<alternatePeripheral> (another view of the same addresses) has no .regs equivalent; imported as a separate peripheral, left out only if one of its registers collides (--prefer chooses the view)',
  alternateCluster: '<alternateCluster> (another view of the same addresses) has no .regs equivalent; imported as a separate cluster, left out only if it overlaps (--prefer chooses the view)',
  disableCondition: '<disableCondition> (when reads must be avoided) has no .regs equivalent; ignored',
  vendorExtensions: '<vendorExtensions> is vendor-specific; ignored',
};

/** Reports every child of `el` the importer does not read. */
export function checkChildren(el: XmlElement, level: string, ctx: Ctx): void {
  const known = KNOWN[level];
  for (const c of el.children) {
    const why = UNSUPPORTED[c.name];
    if (why) ctx.rep.warn(svdCodes.unsupported, c, why);
    else if (known && !known.has(c.name)) ctx.rep.warn(svdCodes.unsupported, c, `<${c.name}> is not a CMSIS-SVD element of <${level}> that regmill imports; ignored`);
  }
}
