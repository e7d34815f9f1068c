// SVD <device> → OutSpec. CMSIS-SVD describes a microcontroller's memory map and has no PCI identity:
// each peripheral is a top-level block type plus an instance; layout.ts decides collisions and puts the
// instances in one mmio BAR per dense address range. `pci` is emitted only when the user gives the ids.
import type { OutItem, OutSpec } from './model.js';
import { child, childrenNamed, childText, type XmlElement } from './xml.js';
import { parseSvdInteger } from './numbers.js';
import { arrayName, expandedName, identifier, Scope } from './names.js';
import { readDim } from './dim.js';
import { svdCodes, type SvdReporter } from './report.js';
import { Deriver } from './derive.js';
import { checkChildren, docOf, isPreferred, readProps, type Ctx } from './context.js';
import { convertItems, sizeOfItems } from './containers.js';
import { layoutDevice, usedBlockTypes, type Instance, type TypeInfo } from './layout.js';
import { hex } from './print.js';

export interface ConvertOptions {
  readonly lowercase: boolean;
  readonly pci?: { readonly vendor: number; readonly device: number };
  /** The SVD file as named in the header comment. */
  readonly sourceName: string;
  /** Names (registers, alternate groups, peripherals) that win a collision, case-insensitive. */
  readonly prefer?: readonly string[];
}

/** Children a derived peripheral may have and still share its base's block type. */
const INSTANCE_ONLY = new Set(['name', 'description', 'baseAddress', 'interrupt', 'groupName', 'version', 'addressBlock', 'headerStructName', 'prependToName', 'appendToName', 'alternatePeripheral', 'disableCondition']);

/** SVD <device> → OutSpec, one step per level: the device's own settings, each peripheral's block type and instance, then the BARs. */
export function convertDevice(root: XmlElement, rep: SvdReporter, options: ConvertOptions): OutSpec | undefined {
  if (root.name !== 'device') {
    rep.error(svdCodes.invalid, root, `the root element is <${root.name}>, not <device>: this is not a CMSIS-SVD file`);
    return undefined;
  }
  const ctx: Ctx = { rep, derive: new Deriver(root, (el, m) => rep.warn(svdCodes.invalid, el, m)), lowercase: options.lowercase, prefer: new Set((options.prefer ?? []).map((p) => p.toLowerCase())), base: 0 };
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
  const instances: Instance[] = [];
  for (const raw of childrenNamed(peripherals, 'peripheral')) placePeripheral(raw, ctx, types, options, instances);
  if (instances.length === 0) {
    rep.error(svdCodes.invalid, peripherals, 'no peripheral with registers to import');
    return undefined;
  }
  return deviceSpec(root, ctx, types, instances, options);
}

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
  typeOf(raw: XmlElement, baseAddress: number, depth = 0): TypeInfo | undefined {
    const { ctx, props, options, types, typeSizes, infos, typeScope } = this;
    const rep = ctx.rep;
    if (types.has(raw)) return types.get(raw);
    const base = ctx.derive.base(raw);
    if (base && depth < 32 && raw.children.every((c) => INSTANCE_ONLY.has(c.name))) {
      const t = this.typeOf(base, Number(parseSvdInteger(childText(ctx.derive.resolve(base), 'baseAddress')) ?? 0n), depth + 1);
      types.set(raw, t);
      return t;
    }
    const el = ctx.derive.resolve(raw);
    const rawName = childText(el, 'name') ?? 'peripheral';
    const registers = child(el, 'registers');
    if (registers) checkChildren(registers, 'registers', ctx);
    const items = registers ? convertItems(registers, readProps(el, props, ctx), { ...ctx, base: baseAddress }, `peripheral '${rawName}'`) : [];
    if (items.length === 0) {
      types.set(raw, undefined);
      return undefined;
    }
    const base0 = identifier(arrayName(rawName), options.lowercase);
    const { name, renamed } = typeScope.take(base0);
    if (renamed) rep.warn(svdCodes.renamed, raw, `a block type is already called '${base0}'; this peripheral's type is '${name}'`);
    const size = sizeOfItems(items, (t) => typeSizes.get(t) ?? 0);
    // A rebase keeps every register aligned to its size within the block: round down to the widest.
    const align = widest(items);
    const start = Math.floor(Math.min(...items.map((i) => i.offset)) / align) * align;
    const t: TypeInfo = { name, raw, items, size, start, doc: docOf(el), shift: 0 };
    typeSizes.set(name, size);
    infos.push(t);
    types.set(raw, t);
    return t;
  }
}

/** One <peripheral>: its type, then its instance (or array, or expanded elements) appended to `instances`; left out with a warning when it cannot be placed. */
function placePeripheral(raw: XmlElement, ctx: Ctx, types: PeripheralTypes, options: ConvertOptions, instances: Instance[]): void {
  const rep = ctx.rep;
  const el = ctx.derive.resolve(raw);
  checkChildren(el, 'peripheral', ctx);
  const rawName = childText(el, 'name');
  if (!rawName) {
    rep.warn(svdCodes.invalid, el, '<peripheral> without a <name>; left out', { kind: 'peripheral', reason: 'no name' });
    return;
  }
  const base = parseSvdInteger(childText(el, 'baseAddress'));
  if (base === undefined) {
    rep.warn(svdCodes.invalid, el, `peripheral '${rawName}' has no readable <baseAddress>; left out`, { kind: 'peripheral', reason: 'no base address' });
    return;
  }
  const one = Number(base);
  const type = types.typeOf(raw, one);
  if (!type) {
    rep.warn(svdCodes.conflict, raw, `peripheral '${rawName}' at ${hex(one)} has no registers; left out`, { kind: 'peripheral', reason: 'no registers' });
    return;
  }
  const blockEnd = addressBlocksEnd(el, rawName, ctx);
  const comments = interruptComments(el, rawName, ctx);
  const doc = docOf(el) === type.doc ? '' : docOf(el);
  const size = type.size;
  const dim = readDim(el);
  if ('error' in dim) {
    rep.warn(svdCodes.invalid, child(el, 'dim') ?? el, `peripheral '${rawName}': ${dim.error}; left out`, { kind: 'peripheral', reason: 'unreadable dim' });
    return;
  }
  const preferred = isPreferred(el, ctx);
  const endOf = (at: number): number => at + Math.max(size, blockEnd);
  const instance = (name: string, at: number, array?: { count: number; stride: number }): Instance => ({
    el,
    rawName,
    name,
    base: at,
    ...(array ? { array } : {}),
    type,
    end: endOf(at + (array ? (array.count - 1) * array.stride : 0)),
    doc,
    comments,
    preferred,
  });
  if (!dim.dim) {
    instances.push(instance(identifier(arrayName(rawName), options.lowercase), one));
    return;
  }
  const { count, increment, indices } = dim.dim;
  if (increment < size) {
    rep.warn(svdCodes.conflict, child(el, 'dimIncrement') ?? el, `peripheral array '${rawName}' at ${hex(one)}: <dimIncrement> 0x${increment.toString(16)} is smaller than its 0x${size.toString(16)} bytes of registers; left out`, { kind: 'peripheral', reason: 'array elements overlap' });
    return;
  }
  if (!indices) instances.push(instance(identifier(arrayName(rawName), options.lowercase), one, { count, stride: increment }));
  else indices.forEach((index, i) => instances.push(instance(identifier(expandedName(rawName, index), options.lowercase), one + i * increment)));
}

/** The device and its BARs over every instance (layout.ts decides collisions and ranges). */
function deviceSpec(root: XmlElement, ctx: Ctx, types: PeripheralTypes, instances: Instance[], options: ConvertOptions): OutSpec {
  const { infos, typeScope } = types;
  const rep = ctx.rep;
  avoidInlineTypeNames(infos, typeScope, rep);
  const deviceName0 = childText(root, 'name') ?? 'device';
  const { bars, bases } = layoutDevice(instances, ctx, deviceName0);
  // Types of peripherals left out (collisions) are not printed.
  const lowest = bases[0]!;
  const where =
    bars.length === 1
      ? `BAR 0 offset = SVD address - ${hex(lowest)}`
      : `${bars.length} BARs, one per dense address range: ${bars.map((b, i) => `BAR ${b.index} offset = SVD address - ${hex(bases[i]!)}`).join('; ')}`;

  const deviceRaw = childText(root, 'name') ?? 'device';
  const name = identifier(deviceRaw, options.lowercase);
  const vendor = childText(root, 'vendor');
  return {
    header: [
      `Imported from ${options.sourceName} by \`regmill import svd\`.`,
      'CMSIS-SVD describes a microcontroller memory map, not a PCI device: each peripheral is a block type',
      ...(bars.length === 1
        ? [`and an instance in BAR 0 at (baseAddress - ${hex(lowest)}), the lowest peripheral base.`]
        : [`and an instance in the BAR of its address range: ${bars.map((b, i) => `BAR ${b.index} from ${hex(bases[i]!)}`).join(', ')}.`]),
      ...(options.pci ? [] : ['SVD has no PCI identity; give one with --vendor/--device.']),
    ],
    blockTypes: usedBlockTypes(infos, bars, 'peripheral'),
    device: {
      name,
      doc: docOf(root) || [vendor, deviceRaw].filter(Boolean).join(' '),
      ...(options.pci ? { pci: options.pci } : {}),
      docs: [`Imported from the CMSIS-SVD description ${options.sourceName}; ${where}.`],
      bars,
    },
  };
}

/** Bytes of the widest register in items (nested clusters included). */
function widest(items: readonly OutItem[]): number {
  let w = 1;
  for (const it of items) w = Math.max(w, it.kind === 'register' ? it.width / 8 : widest(it.items ?? []));
  return w;
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

