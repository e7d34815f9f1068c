// SVD <device> → OutSpec. CMSIS-SVD describes a microcontroller's memory map and has no PCI identity,
// so the device gets one mmio BAR 0 that starts at the lowest peripheral baseAddress: each peripheral
// is a top-level block type plus an instance at (baseAddress − lowest base), and the BAR size is the
// power of two covering every peripheral's registers and address blocks. `pci` is emitted only when
// the user gives the ids.
import type { OutBlock, OutBlockType, OutItem, OutSpec } from './model.js';
import { child, childrenNamed, childText, type XmlElement } from './xml.js';
import { parseSvdInteger } from './numbers.js';
import { arrayName, expandedName, identifier, Scope } from './names.js';
import { readDim } from './dim.js';
import { svdCodes, type SvdReporter } from './report.js';
import { Deriver } from './derive.js';
import { checkChildren, docOf, readProps, type Ctx, type Placed } from './context.js';
import { convertItems, place, sizeOfItems } from './containers.js';
import { hex } from './print.js';

export interface ConvertOptions {
  readonly lowercase: boolean;
  readonly pci?: { readonly vendor: number; readonly device: number };
  /** The SVD file as named in the header comment. */
  readonly sourceName: string;
}

/** Children a derived peripheral may have and still share its base's block type. */
const INSTANCE_ONLY = new Set(['name', 'description', 'baseAddress', 'interrupt', 'groupName', 'version', 'addressBlock', 'headerStructName', 'prependToName', 'appendToName', 'alternatePeripheral', 'disableCondition']);

interface TypeInfo {
  /** Changes only when an inline block would get the same generated type name (see below). */
  name: string;
  readonly raw: XmlElement;
  readonly items: readonly OutItem[];
  /** Bytes from the peripheral base to the end of its last register. */
  readonly size: number;
  readonly doc: string;
}

/** SVD <device> → OutSpec, one step per level: the device's own settings, each peripheral's block type and placement, then the BAR. */
export function convertDevice(root: XmlElement, rep: SvdReporter, options: ConvertOptions): OutSpec | undefined {
  if (root.name !== 'device') {
    rep.error(svdCodes.invalid, root, `the root element is <${root.name}>, not <device>: this is not a CMSIS-SVD file`);
    return undefined;
  }
  const ctx: Ctx = { rep, derive: new Deriver(root, (el, m) => rep.warn(svdCodes.invalid, el, m)), lowercase: options.lowercase };
  checkChildren(root, 'device', ctx);
  const aub = child(root, 'addressUnitBits');
  if (aub && aub.text.trim() !== '8') rep.warn(svdCodes.unsupported, aub, `addressUnitBits ${aub.text.trim()}: .regs offsets are in bytes; addresses are imported unscaled`);
  const props = readProps(root, {}, ctx);
  const peripherals = child(root, 'peripherals');
  if (!peripherals) {
    rep.error(svdCodes.invalid, root, '<device> has no <peripherals>');
    return undefined;
  }
  checkChildren(peripherals, 'peripherals', ctx);

  const types = new PeripheralTypes(ctx, props, options);
  const placed: Peripheral[] = [];
  for (const raw of childrenNamed(peripherals, 'peripheral')) placePeripheral(raw, ctx, types, options, placed);
  if (placed.length === 0) {
    rep.error(svdCodes.invalid, peripherals, 'no peripheral with registers to import');
    return undefined;
  }
  return deviceSpec(root, ctx, types, placed, options);
}

type Peripheral = Placed & { end: number };
type Props = ReturnType<typeof readProps>;

/** The block types of the peripherals, each converted once. */
class PeripheralTypes {
  readonly infos: TypeInfo[] = [];
  readonly typeScope = new Scope();
  private readonly types = new Map<XmlElement, TypeInfo | undefined>();
  private readonly typeSizes = new Map<string, number>();
  constructor(
    private readonly ctx: Ctx,
    private readonly props: Props,
    private readonly options: ConvertOptions,
  ) {}

  /** The block type of a (raw) peripheral: its base's when it only adds instance data, else its own. */
  typeOf(raw: XmlElement, depth = 0): TypeInfo | undefined {
    const { ctx, props, options, types, typeSizes, infos, typeScope } = this;
    const rep = ctx.rep;
    if (types.has(raw)) return types.get(raw);
    const base = ctx.derive.base(raw);
    if (base && depth < 32 && raw.children.every((c) => INSTANCE_ONLY.has(c.name))) {
      const t = this.typeOf(base, depth + 1);
      types.set(raw, t);
      return t;
    }
    const el = ctx.derive.resolve(raw);
    const rawName = childText(el, 'name') ?? 'peripheral';
    const registers = child(el, 'registers');
    if (registers) checkChildren(registers, 'registers', ctx);
    const items = registers ? convertItems(registers, readProps(el, props, ctx), ctx, `peripheral '${rawName}'`) : [];
    if (items.length === 0) {
      types.set(raw, undefined);
      return undefined;
    }
    const base0 = identifier(arrayName(rawName), options.lowercase);
    const { name, renamed } = typeScope.take(base0);
    if (renamed) rep.warn(svdCodes.renamed, raw, `a block type is already called '${base0}'; this peripheral's type is '${name}'`);
    const size = sizeOfItems(items, (t) => typeSizes.get(t) ?? 0);
    const t: TypeInfo = { name, raw, items, size, doc: docOf(el) };
    typeSizes.set(name, size);
    infos.push(t);
    types.set(raw, t);
    return t;
  }
}

/** One <peripheral>: its type, then its instance (or array, or expanded elements) appended to `placed`; left out with a warning when it cannot be placed. */
function placePeripheral(raw: XmlElement, ctx: Ctx, types: PeripheralTypes, options: ConvertOptions, placed: Peripheral[]): void {
  const rep = ctx.rep;
  const el = ctx.derive.resolve(raw);
  checkChildren(el, 'peripheral', ctx);
  const rawName = childText(el, 'name');
  if (!rawName) {
    rep.warn(svdCodes.invalid, el, '<peripheral> without a <name>; left out');
    return;
  }
  const base = parseSvdInteger(childText(el, 'baseAddress'));
  if (base === undefined) {
    rep.warn(svdCodes.invalid, el, `peripheral '${rawName}' has no readable <baseAddress>; left out`);
    return;
  }
  const type = types.typeOf(raw);
  if (!type) {
    rep.warn(svdCodes.conflict, raw, `peripheral '${rawName}' has no registers; left out`);
    return;
  }
  const blockEnd = addressBlocksEnd(el, rawName, ctx);
  const comments = interruptComments(el, rawName, ctx);
  const doc = docOf(el) === type.doc ? '' : docOf(el);
  const make =
    (array?: { count: number; stride: number }) =>
    (name: string, at: number): OutBlock => ({ kind: 'block', name, ...(array ? { array } : {}), offset: at, doc, type: type.name, comments });
  const size = type.size;
  const dim = readDim(el);
  if ('error' in dim) {
    rep.warn(svdCodes.invalid, child(el, 'dim') ?? el, `peripheral '${rawName}': ${dim.error}; left out`);
    return;
  }
  const one = Number(base);
  const endOf = (at: number): number => at + Math.max(size, blockEnd);
  if (!dim.dim) {
    placed.push({ el, name: identifier(arrayName(rawName), options.lowercase), offset: one, size, end: endOf(one), build: make() });
    return;
  }
  const { count, increment, indices } = dim.dim;
  if (increment < size) {
    rep.warn(svdCodes.conflict, child(el, 'dimIncrement') ?? el, `peripheral array '${rawName}': <dimIncrement> 0x${increment.toString(16)} is smaller than its 0x${size.toString(16)} bytes of registers; left out`);
    return;
  }
  if (!indices) placed.push({ el, name: identifier(arrayName(rawName), options.lowercase), offset: one, size, array: { count, stride: increment }, end: endOf(one + (count - 1) * increment), build: make({ count, stride: increment }) });
  else indices.forEach((index, i) => placed.push({ el, name: identifier(expandedName(rawName, index), options.lowercase), offset: one + i * increment, size, end: endOf(one + i * increment), build: make() }));
}

/** The device and its one BAR over every placed peripheral. */
function deviceSpec(root: XmlElement, ctx: Ctx, types: PeripheralTypes, placed: Peripheral[], options: ConvertOptions): OutSpec {
  const { infos, typeScope } = types;
  const rep = ctx.rep;
  avoidInlineTypeNames(infos, typeScope, rep);
  const lowest = Math.min(...placed.map((p) => p.offset));
  const items: OutItem[] = place(placed, ctx, 'the device', lowest);
  // Types of peripherals left out (overlaps) are not printed.
  const used = new Set(items.map((i) => (i.kind === 'block' ? i.type : undefined)));
  const end = Math.max(...placed.map((p) => p.end)) - lowest;
  let barSize = 1;
  while (barSize < end) barSize *= 2;

  const deviceRaw = childText(root, 'name') ?? 'device';
  const name = identifier(deviceRaw, options.lowercase);
  const vendor = childText(root, 'vendor');
  return {
    header: [
      `Imported from ${options.sourceName} by \`regmill import svd\`.`,
      'CMSIS-SVD describes a microcontroller memory map, not a PCI device: each peripheral is a block type',
      `and an instance in BAR 0 at (baseAddress - ${hex(lowest)}), the lowest peripheral base.`,
      ...(options.pci ? [] : ['SVD has no PCI identity; give one with --vendor/--device.']),
    ],
    blockTypes: infos.filter((t) => used.has(t.name)).map((t): OutBlockType => ({ name: t.name, doc: t.doc, items: t.items, comments: [] })),
    device: {
      name,
      doc: docOf(root) || [vendor, deviceRaw].filter(Boolean).join(' '),
      ...(options.pci ? { pci: options.pci } : {}),
      docs: [`Imported from the CMSIS-SVD description ${options.sourceName}; BAR 0 offset = SVD address - ${hex(lowest)}.`],
      bar: { name: 'periph', size: barSize, doc: `Peripherals from ${hex(lowest)} (${deviceRaw})`, items },
    },
  };
}

/**
 * The compiler names a cluster's inline block `<type>_<cluster>`; a peripheral whose own type has that
 * name (TIM with cluster CH, and a peripheral TIM_CH) is renamed so both can exist.
 */
function avoidInlineTypeNames(infos: TypeInfo[], scope: Scope, rep: SvdReporter): void {
  const inline = new Set<string>();
  const walk = (parent: string, items: readonly OutItem[]): void => {
    for (const it of items) {
      if (it.kind !== 'block' || it.items === undefined) continue;
      inline.add(`${parent}_${it.name}`);
      walk(`${parent}_${it.name}`, it.items);
    }
  };
  for (const t of infos) walk(t.name, t.items);
  for (const t of infos) {
    if (!inline.has(t.name)) continue;
    const before = t.name;
    let next = scope.take(before).name;
    while (inline.has(next)) next = scope.take(before).name;
    t.name = next;
    rep.warn(svdCodes.renamed, t.raw, `the block of a cluster is already called '${before}' (type name + '_' + cluster name); this peripheral's type is '${next}'`);
  }
}

/** Address blocks count for the BAR size; blocks of buffers or reserved space are reported. */
function addressBlocksEnd(el: XmlElement, name: string, ctx: Ctx): number {
  let end = 0;
  for (const b of childrenNamed(el, 'addressBlock')) {
    const offset = parseSvdInteger(childText(b, 'offset'));
    const size = parseSvdInteger(childText(b, 'size'));
    const usage = childText(b, 'usage') ?? 'registers';
    if (offset === undefined || size === undefined) {
      ctx.rep.warn(svdCodes.invalid, b, `address block of peripheral '${name}' without a readable <offset> and <size>; ignored`);
      continue;
    }
    if (usage !== 'registers') {
      ctx.rep.warn(svdCodes.unsupported, b, `address block at +${hex(offset)} (${hex(size)} bytes) of peripheral '${name}' is '${usage}', not registers; .regs describes only registers, so the range is left unmapped (it still counts for the BAR size)`);
    }
    end = Math.max(end, Number(offset + size));
  }
  return end;
}

/** SVD interrupts are only a line number: kept as a comment on the instance, and reported. */
function interruptComments(el: XmlElement, name: string, ctx: Ctx): string[] {
  const out: string[] = [];
  for (const irq of childrenNamed(el, 'interrupt')) {
    const irqName = childText(irq, 'name') ?? '?';
    const value = childText(irq, 'value') ?? '?';
    const doc = docOf(irq);
    out.push(`interrupt ${irqName} = ${value}${doc ? ': ' + doc : ''}`);
    ctx.rep.warn(
      svdCodes.unsupported,
      irq,
      `interrupt ${irqName} (${value}) of peripheral '${name}' is an interrupt-controller line with no status or enable register, which .regs interrupts need; kept as a comment`,
    );
  }
  return out;
}

