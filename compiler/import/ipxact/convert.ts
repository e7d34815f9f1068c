// IP-XACT <component> → OutSpec, through the SVD importer's model, layout and printer: an address
// block is what an SVD peripheral is (a block type plus an instance at its baseAddress), a
// registerFile a cluster. Each memory map (and each address space's local memory map) gets its own
// BARs, split at wide gaps like an SVD map. Element names arrive without their namespace prefix
// (spirit: for 1685-2009, ipxact: for 2014/2022).
import type { OutBlock, OutEnumValue, OutField, OutItem, OutRegister, OutSpec, OutBar } from '../svd/model.js';
import { child, childrenNamed, childText, type XmlElement } from '../svd/xml.js';
import { identifier, Scope } from '../svd/names.js';
import { accessText, MODIFIED_WRITE_VALUES, READ_ACTIONS, sameAccess, SVD_ACCESS, type Access } from '../svd/access.js';
import type { SvdReporter } from '../svd/report.js';
import type { Ctx, Placed } from '../svd/context.js';
import { place, sizeOfItems } from '../svd/containers.js';
import { layoutDevice, usedBlockTypes, type Instance, type TypeInfo } from '../svd/layout.js';
import { hex } from '../svd/print.js';
import { evaluate, type Params } from './expr.js';
import { ipxactCodes as codes } from './codes.js';

const WIDTHS = new Set([8, 16, 32, 64]);

export interface IpxactOptions {
  readonly lowercase: boolean;
  readonly sourceName: string;
  readonly pci?: { readonly vendor: number; readonly device: number };
  readonly prefer?: readonly string[];
}

interface Conv {
  readonly ctx: Ctx;
  readonly params: Params;
  readonly rep: SvdReporter;
}

function doc(el: XmlElement): string {
  const d = child(el, 'description') ?? child(el, 'displayName');
  return d ? d.text.replace(/\\n/g, ' ').replace(/\s+/g, ' ').trim() : '';
}

function num(c: Conv, el: XmlElement, tag: string, what: string): number | undefined {
  const e = child(el, tag);
  if (!e) return undefined;
  const v = evaluate(e.text, c.params);
  if (v === undefined || v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) {
    c.rep.warn(codes.unsupported, e, `${what}: <${tag}>${e.text.trim()}</${tag}> is not a constant regmill can evaluate (numbers, parameters, + - * /)`);
    return undefined;
  }
  return Number(v);
}

function bool(el: XmlElement, tag: string): boolean | undefined {
  const t = childText(el, tag);
  return t === undefined ? undefined : t === 'true' || t === '1';
}

/** IP-XACT dims: one <dim> is an array; several (multi-dimensional) are flattened row-major. */
function dimOf(c: Conv, el: XmlElement, what: string): number | undefined {
  const dims = childrenNamed(el, 'dim');
  if (dims.length === 0) return undefined;
  let n = 1;
  for (const d of dims) {
    const v = evaluate(d.text, c.params);
    if (v === undefined) {
      c.rep.warn(codes.unsupported, d, `${what}: <dim>${d.text.trim()}</dim> is not a constant; imported as one element`);
      return undefined;
    }
    n *= Number(v);
  }
  return n <= 1 ? undefined : n;
}

interface Defaults {
  readonly access?: string;
  readonly volatile?: boolean;
}

function accessOf(c: Conv, el: XmlElement, inherited: string | undefined, what: string): Access {
  const a = childText(el, 'access') ?? inherited ?? 'read-write';
  let sw = SVD_ACCESS[a]?.sw;
  if (!sw) {
    c.rep.warn(codes.invalid, child(el, 'access') ?? el, `${what}: unknown access '${a}'; read-write assumed`);
    sw = 'rw';
  } else if (SVD_ACCESS[a]?.approximated) c.rep.warn(codes.unsupported, child(el, 'access') ?? el, `${what}: access ${a} (writable once) is not expressible in .regs; imported as ${sw === 'w' ? 'wo' : 'rw'}`);
  let onWrite: Access['onWrite'] = 'none';
  const mwvEl = child(el, 'modifiedWriteValue');
  if (mwvEl) {
    const w = MODIFIED_WRITE_VALUES[mwvEl.text.trim()];
    if (w === undefined) c.rep.warn(codes.invalid, mwvEl, `${what}: unknown modifiedWriteValue '${mwvEl.text.trim()}'; ignored`);
    else if (sw !== 'r') onWrite = w;
  }
  // regmill's own export marks a self-clearing bit, which IP-XACT has no word for.
  const ext = child(el, 'vendorExtensions');
  if (ext && ext.children.some((x) => x.name === 'regmill:onWrite' && x.text.trim() === 'pulse')) onWrite = 'pulse';
  else if (ext) c.rep.warn(codes.unsupported, ext, `${what}: <vendorExtensions> are tool-specific; ignored`);
  let onRead: Access['onRead'] = 'none';
  const ra = child(el, 'readAction');
  if (ra) {
    const r = READ_ACTIONS[ra.text.trim()];
    if (r === undefined) c.rep.warn(codes.unsupported, ra, `${what}: readAction ${ra.text.trim()} is not expressible in .regs; imported as a plain read`);
    else if (sw !== 'w') onRead = r;
  }
  for (const tag of ['writeValueConstraint', 'testable']) {
    const t = child(el, tag);
    // testable="true" is the default and says nothing; anything else is a test-generator hint.
    if (t && !(tag === 'testable' && t.text.trim() === 'true')) c.rep.warn(codes.unsupported, t, `${what}: <${tag}> has no .regs equivalent; ignored`);
  }
  return { sw, onRead, onWrite };
}

function resetOf(c: Conv, el: XmlElement): bigint | undefined {
  // 2014/2022: <resets><reset><value>; 2009: <reset><value>.
  const r = child(child(el, 'resets') ?? el, 'reset');
  if (!r) return undefined;
  const v = evaluate(childText(r, 'value'), c.params);
  if (v === undefined) c.rep.warn(codes.unsupported, r, `reset value '${childText(r, 'value') ?? ''}' is not a constant; 0 assumed`);
  const mask = evaluate(childText(r, 'mask'), c.params);
  return v === undefined ? undefined : mask === undefined ? v : v & mask;
}

function enums(c: Conv, el: XmlElement, width: number): OutEnumValue[] {
  const list = child(el, 'enumeratedValues');
  if (!list) return [];
  const out: OutEnumValue[] = [];
  const scope = new Scope();
  for (const ev of childrenNamed(list, 'enumeratedValue')) {
    const v = evaluate(childText(ev, 'value'), c.params);
    const raw = childText(ev, 'name') ?? '';
    if (v === undefined || v < 0n || v >= 1n << BigInt(width)) {
      c.rep.warn(codes.conflict, ev, `enumerated value '${raw}' = ${childText(ev, 'value') ?? '?'} is not a constant that fits the ${width}-bit field; left out`, { kind: 'enum value', reason: 'unreadable or too wide' });
      continue;
    }
    if (ev.attrs['usage'] === 'write' && list.children.some((o) => o.attrs['usage'] !== 'write')) continue;
    out.push({ name: scope.take(identifier(raw, c.ctx.lowercase)).name, value: v, doc: doc(ev) });
  }
  return out;
}

function register(c: Conv, el: XmlElement, d: Defaults, at: number): Placed[] {
  const raw = childText(el, 'name') ?? 'register';
  const offset = num(c, el, 'addressOffset', `register '${raw}'`);
  const width = num(c, el, 'size', `register '${raw}'`) ?? 32;
  if (offset === undefined) {
    c.rep.warn(codes.invalid, el, `register '${raw}' has no constant <addressOffset>; left out`, { kind: 'register', reason: 'no constant offset' });
    return [];
  }
  if (!WIDTHS.has(width)) {
    c.rep.warn(codes.unsupported, child(el, 'size') ?? el, `register '${raw}' is ${width} bits wide; .regs registers are 8, 16, 32 or 64 bits, so it is left out`, { kind: 'register', reason: 'width not 8, 16, 32 or 64 bits' });
    return [];
  }
  if (offset % (width / 8) !== 0) {
    c.rep.warn(codes.conflict, child(el, 'addressOffset') ?? el, `register '${raw}' at ${hex(at + offset)} is not aligned to its ${width / 8}-byte size; left out`, { kind: 'register', reason: 'misaligned' });
    return [];
  }
  if (child(el, 'alternateRegisters')) c.rep.warn(codes.unsupported, child(el, 'alternateRegisters')!, `register '${raw}': <alternateRegisters> (other views of the same address) have no .regs equivalent; the main view is imported`, { kind: 'register view', reason: 'alternate register' });
  const regAccess = accessOf(c, el, d.access, `register '${raw}'`);
  const regVolatile = bool(el, 'volatile') ?? d.volatile;
  let reset = resetOf(c, el) ?? 0n;
  const fields: OutField[] = [];
  const triples: Access[] = [];
  const scope = new Scope();
  let prevEnd = -1;
  const fieldVolatile: boolean[] = [];
  const fieldEls = childrenNamed(el, 'field')
    .map((f) => ({ f, lsb: num(c, f, 'bitOffset', `field '${childText(f, 'name') ?? '?'}'`), w: num(c, f, 'bitWidth', `field '${childText(f, 'name') ?? '?'}'`) }))
    .sort((a, b) => (a.lsb ?? 0) - (b.lsb ?? 0));
  for (const { f, lsb, w } of fieldEls) {
    const name = childText(f, 'name') ?? 'field';
    if (lsb === undefined || w === undefined || w < 1 || lsb + w > width) {
      c.rep.warn(codes.conflict, f, `field '${name}' of register '${raw}' has no constant bit range inside the ${width}-bit register; left out`, { kind: 'field', reason: 'no bit range inside its register' });
      continue;
    }
    if (lsb <= prevEnd) {
      c.rep.warn(codes.conflict, f, `field '${name}' [${lsb + w - 1}:${lsb}] overlaps the field before it in register '${raw}'; left out`, { kind: 'field', reason: 'overlaps another field' });
      continue;
    }
    prevEnd = lsb + w - 1;
    if (bool(f, 'reserved')) continue; // reserved bits are what .regs leaves undeclared
    const t = accessOf(c, f, childText(el, 'access') ?? d.access, `field '${name}'`);
    fieldVolatile.push(bool(f, 'volatile') ?? regVolatile ?? false);
    const fr = resetOf(c, f);
    if (fr !== undefined) reset = (reset & ~(((1n << BigInt(w)) - 1n) << BigInt(lsb))) | ((fr & ((1n << BigInt(w)) - 1n)) << BigInt(lsb));
    triples.push(t);
    fields.push({ name: scope.take(identifier(name, c.ctx.lowercase)).name, lsb, msb: lsb + w - 1, access: sameAccess(t, regAccess) ? '' : accessText(t), enumValues: enums(c, f, w), doc: doc(f) });
  }
  // A single field named `value` covering the register is how regmill exports a fieldless register.
  const implicit = fields.length === 1 && fields[0]!.name === 'value' && fields[0]!.lsb === 0 && fields[0]!.msb === width - 1 && fields[0]!.enumValues.length === 0;
  const regTriple = fields.length && fields.every((_, i) => sameAccess(triples[i]!, triples[0]!)) ? triples[0]! : regAccess;
  // Volatile is the register's own element, else every field's; a volatile field of a non-volatile
  // register says so itself (`field x [0] volatile`).
  const volatile = regVolatile ?? (fieldVolatile.length > 0 && fieldVolatile.every(Boolean));
  const outFields = implicit
    ? []
    : fields.map((f, i) => {
        const a = sameAccess(triples[i]!, regTriple) ? '' : accessText(triples[i]!);
        return { ...f, access: !volatile && fieldVolatile[i] ? `${a || accessText(regTriple)} volatile` : a };
      });
  const count = dimOf(c, el, `register '${raw}'`);
  const bytes = width / 8;
  const make = (name: string, o: number): OutRegister => ({
    kind: 'register',
    name,
    ...(count ? { array: { count, stride: bytes } } : {}),
    offset: o,
    width: width as OutRegister['width'],
    access: accessText(regTriple),
    volatile,
    reset: reset & ((1n << BigInt(width)) - 1n),
    doc: implicit ? doc(el) || fields[0]!.doc : doc(el),
    fields: outFields,
    comments: [],
  });
  return [{ el, name: identifier(raw, c.ctx.lowercase), offset, size: bytes, ...(count ? { array: { count, stride: bytes } } : {}), build: make }];
}

function itemsOf(c: Conv, el: XmlElement, d: Defaults, at: number, where: string): OutItem[] {
  const placed: Placed[] = [];
  for (const k of el.children) {
    if (k.name === 'register') placed.push(...register(c, k, d, at));
    else if (k.name === 'registerFile') placed.push(...registerFile(c, k, d, at));
  }
  return place(placed, { ...c.ctx, base: at }, where, at);
}

function registerFile(c: Conv, el: XmlElement, d: Defaults, at: number): Placed[] {
  const raw = childText(el, 'name') ?? 'registerFile';
  const offset = num(c, el, 'addressOffset', `registerFile '${raw}'`);
  if (offset === undefined) {
    c.rep.warn(codes.invalid, el, `registerFile '${raw}' has no constant <addressOffset>; left out`, { kind: 'registerFile', reason: 'no constant offset' });
    return [];
  }
  const items = itemsOf(c, el, d, at + offset, `registerFile '${raw}'`);
  if (items.length === 0) {
    c.rep.warn(codes.conflict, el, `registerFile '${raw}' has no registers; left out`, { kind: 'registerFile', reason: 'no registers' });
    return [];
  }
  const size = sizeOfItems(items, () => 0);
  const count = dimOf(c, el, `registerFile '${raw}'`);
  const range = num(c, el, 'range', `registerFile '${raw}'`) ?? size;
  const stride = Math.max(range, size);
  const array = count ? { count, stride } : undefined;
  const make = (name: string, o: number): OutBlock => ({ kind: 'block', name, ...(array ? { array } : {}), offset: o, doc: doc(el), items, comments: [] });
  return [{ el, name: identifier(raw, c.ctx.lowercase), offset, size, ...(array ? { array } : {}), build: make }];
}

function widest(items: readonly OutItem[]): number {
  let w = 1;
  for (const it of items) w = Math.max(w, it.kind === 'register' ? it.width / 8 : widest(it.items ?? []));
  return w;
}

/** Component parameters by parameterId (2014: `parameterId` attribute; 2009: `spirit:id`) and by name. */
function parameters(root: XmlElement): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (el: XmlElement): void => {
    for (const p of el.children) {
      if (p.name === 'parameter' || p.name === 'moduleParameter') {
        const value = childText(p, 'value') ?? '';
        const valueEl = child(p, 'value');
        for (const id of [p.attrs['parameterId'], childText(p, 'name'), valueEl?.attrs['spirit:id'], valueEl?.attrs['id']]) if (id && !out.has(id)) out.set(id, value);
      }
      walk(p);
    }
  };
  walk(root);
  return out;
}

export function convertComponent(root: XmlElement, rep: SvdReporter, ctx: Ctx, options: IpxactOptions): OutSpec | undefined {
  if (root.name !== 'component') {
    rep.error(codes.invalid, root, `the root element is <${root.name}>, not <component>: this is not an IP-XACT component`);
    return undefined;
  }
  const c: Conv = { ctx, params: parameters(root), rep };
  const maps: { el: XmlElement; name: string; aub?: XmlElement }[] = [];
  for (const mm of childrenNamed(child(root, 'memoryMaps') ?? root, 'memoryMap')) maps.push({ el: mm, name: childText(mm, 'name') ?? 'map', ...(child(mm, 'addressUnitBits') ? { aub: child(mm, 'addressUnitBits')! } : {}) });
  for (const as of childrenNamed(child(root, 'addressSpaces') ?? root, 'addressSpace')) {
    const lm = child(as, 'localMemoryMap');
    if (lm) maps.push({ el: lm, name: childText(lm, 'name') ?? childText(as, 'name') ?? 'local', ...(child(as, 'addressUnitBits') ? { aub: child(as, 'addressUnitBits')! } : {}) });
  }
  for (const m of maps) {
    // IP-XACT offsets count addressUnitBits-wide units (default 8); .regs offsets are bytes.
    if (m.aub && evaluate(m.aub.text, c.params) !== 8n) rep.warn(codes.unsupported, m.aub, `memory map '${m.name}': addressUnitBits ${m.aub.text.trim()}; .regs offsets are in bytes, so addresses are imported unscaled`);
  }
  const infos: TypeInfo[] = [];
  const typeScope = new Scope();
  const bars: OutBar[] = [];
  const docs: string[] = [];
  for (const m of maps) {
    const instances: Instance[] = [];
    for (const ab of childrenNamed(m.el, 'addressBlock')) {
      const raw = childText(ab, 'name') ?? 'block';
      const usage = childText(ab, 'usage') ?? 'register';
      const base = num(c, ab, 'baseAddress', `address block '${raw}'`);
      if (base === undefined) {
        rep.warn(codes.invalid, ab, `address block '${raw}' has no constant <baseAddress>; left out`, { kind: 'address block', reason: 'no constant base address' });
        continue;
      }
      const d: Defaults = { ...(childText(ab, 'access') ? { access: childText(ab, 'access')! } : {}), ...(bool(ab, 'volatile') !== undefined ? { volatile: bool(ab, 'volatile')! } : {}) };
      const items = itemsOf(c, ab, d, base, `address block '${raw}'`);
      if (items.length === 0) {
        if (usage === 'register') rep.warn(codes.conflict, ab, `address block '${raw}' at ${hex(base)} has no registers; left out`, { kind: 'address block', reason: 'no registers' });
        else rep.warn(codes.unsupported, ab, `address block '${raw}' at ${hex(base)} is ${usage}, not registers; .regs describes registers only, so it is left out`, { kind: 'address block', reason: `${usage} (not registers)` });
        continue;
      }
      const { name, renamed } = typeScope.take(identifier(raw, options.lowercase));
      if (renamed) rep.warn(codes.renamed, ab, `a block type is already called '${identifier(raw, options.lowercase)}'; this address block's type is '${name}'`);
      const size = sizeOfItems(items, () => 0);
      const align = widest(items);
      const t: TypeInfo = { name, raw: ab, items, size, start: Math.floor(Math.min(...items.map((i) => i.offset)) / align) * align, doc: doc(ab), shift: 0 };
      infos.push(t);
      const range = num(c, ab, 'range', `address block '${raw}'`) ?? size;
      instances.push({ el: ab, rawName: raw, name: identifier(raw, options.lowercase), base, type: t, end: base + Math.max(size, range), doc: '', comments: [], preferred: ctx.prefer.has(raw.toLowerCase()) });
    }
    if (instances.length === 0) continue;
    const layout = layoutDevice(instances, ctx, m.name, { firstIndex: bars.length, name: (b, n) => identifier(n === 1 ? m.name : `${m.name}_${b.toString(16)}`, options.lowercase) });
    layout.bars.forEach((b, i) => {
      bars.push(b);
      docs.push(`BAR ${b.index}: memory map '${m.name}', offset = address - ${hex(layout.bases[i]!)}`);
    });
  }
  if (bars.length === 0) {
    rep.error(codes.invalid, root, 'no memory map with registers to import');
    return undefined;
  }
  if (bars.length > 6) {
    for (const b of bars.slice(6)) rep.warn(codes.unsupported, root, `memory map range '${b.name}' would be BAR ${b.index}; a PCI function has BARs 0 to 5, so it is left out`, { kind: 'memory map range', reason: 'more than six BARs' });
    bars.length = 6;
  }
  const name = identifier(childText(root, 'name') ?? 'component', options.lowercase);
  const vlnv = ['vendor', 'library', 'name', 'version'].map((t) => childText(root, t) ?? '?').join(':');
  return {
    header: [
      `Imported from ${options.sourceName} by \`regmill import ipxact\` (component ${vlnv}).`,
      'Each address block is a block type and an instance at its baseAddress; each memory map is a BAR',
      '(split where its address blocks leave a gap of 16 MiB or more).',
      ...(options.pci ? [] : ['IP-XACT has no PCI identity; give one with --vendor/--device.']),
    ],
    blockTypes: usedBlockTypes(infos, bars, 'address block'),
    device: {
      name,
      doc: doc(root) || vlnv,
      ...(options.pci ? { pci: options.pci } : {}),
      docs: [`Imported from the IP-XACT component ${options.sourceName}; ${docs.join('; ')}.`],
      bars,
    },
  };
}
