// Peripheral instances → BARs. An MCU memory map is not shaped like a PCI device, and three rules make
// it one without losing what does not collide:
// 1. Collisions are decided register by register: peripherals whose ranges interleave (same base,
//    or one inside the gaps of another) are all kept; one is left out only when a register of it
//    lands on a register already placed (the `--prefer`red ones are placed first).
// 2. A .regs block instance is one contiguous range, from its type's offset 0 to its last register.
//    Where a sibling lies inside that range, the type is rebased to its first register; if that is
//    not enough, the wider one's registers are placed directly in the BAR (`USB_CTRL`).
// 3. A sparse map (a Cortex-M part: peripherals at 0x4000_0000, the system control space at
//    0xE000_E000) is split at its widest gaps into up to six BARs, so no BAR, and no wasm device
//    window, spans gigabytes (a wasm32 window holds at most 4 GiB).
import type { OutBar, OutBlock, OutBlockType, OutItem } from './model.js';
import type { XmlElement } from './xml.js';
import { Scope } from './names.js';
import { svdCodes } from './report.js';
import { hex } from './print.js';
import type { Ctx } from './context.js';
import { RangeSet } from './ranges.js';

export interface TypeInfo {
  /** Changes only when an inline block would get the same generated type name. */
  name: string;
  readonly raw: XmlElement;
  /** Offsets relative to the peripheral's baseAddress. */
  readonly items: readonly OutItem[];
  /** Bytes from the peripheral base to the end of its last register. */
  readonly size: number;
  /** Offset of its first register, rounded down to its widest register (where a rebase may start). */
  readonly start: number;
  readonly doc: string;
  /** 0, or `start` once rebased: printed offsets are items' offsets minus this. */
  shift: number;
}

export interface Instance {
  readonly el: XmlElement;
  readonly rawName: string;
  readonly name: string;
  /** SVD address of (the first element of) the peripheral. */
  readonly base: number;
  readonly array?: { readonly count: number; readonly stride: number };
  readonly type: TypeInfo;
  /** End address of its registers and address blocks (for the BAR size). */
  readonly end: number;
  readonly doc: string;
  readonly comments: readonly string[];
  readonly preferred: boolean;
}

/** A split only pays at gaps this wide; below it one BAR stays (and matches the SVD's single map). */
const SPLIT_GAP = 0x100_0000;
const MAX_BARS = 6;
const MAX_ELEMENTS = 4096;

interface Range {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

/** Register byte ranges of items (relative), arrays element by element up to a bound. */
function registerRanges(items: readonly OutItem[], at: number, prefix: string, out: Range[]): Range[] {
  for (const it of items) {
    const count = it.array?.count ?? 1;
    const stride = it.array?.stride ?? 0;
    const label = prefix ? `${prefix}.${it.name}` : it.name;
    if (it.kind === 'register') {
      const bytes = it.width / 8;
      if (count > MAX_ELEMENTS) out.push({ start: at + it.offset, end: at + it.offset + (count - 1) * stride + bytes, label });
      else for (let i = 0; i < count; i++) out.push({ start: at + it.offset + i * stride, end: at + it.offset + i * stride + bytes, label: count > 1 ? `${label}[${i}]` : label });
    } else {
      for (let i = 0; i < Math.min(count, MAX_ELEMENTS); i++) registerRanges(it.items ?? [], at + it.offset + i * stride, count > 1 ? `${label}[${i}]` : label, out);
    }
  }
  return out;
}

function elementBases(inst: Instance): number[] {
  const n = inst.array?.count ?? 1;
  return Array.from({ length: n }, (_, i) => inst.base + i * (inst.array?.stride ?? 0));
}

/** Step 1: drops peripherals with a register on another's register (preferred ones placed first). */
function dropColliding(instances: readonly Instance[], typeRanges: (t: TypeInfo) => Range[], ctx: Ctx): Instance[] {
  const order = [...instances].sort((a, b) => Number(b.preferred) - Number(a.preferred) || a.base - b.base);
  const taken = new RangeSet<Range>();
  const kept = new Set<Instance>();
  for (const inst of order) {
    const mine: Range[] = [];
    for (const b of elementBases(inst)) for (const r of typeRanges(inst.type)) mine.push({ start: b + r.start, end: b + r.end, label: `${inst.rawName}.${r.label}` });
    let clash: [Range, Range] | undefined;
    for (const r of mine) {
      const hit = taken.find(r.start, r.end);
      if (hit) {
        clash = [r, hit];
        break;
      }
    }
    if (clash) {
      const [r, hit] = clash;
      const alt = inst.el.children.some((c) => c.name === 'alternatePeripheral') ? ' (it is an alternate view)' : '';
      ctx.rep.warn(
        svdCodes.conflict,
        inst.el,
        `peripheral '${inst.rawName}' at ${hex(inst.base)}${alt}: its register ${r.label} at ${hex(r.start)} collides with ${hit.label}; .regs registers cannot overlap, so the peripheral is left out (--prefer ${inst.rawName} keeps it instead)`,
        { kind: 'peripheral', reason: 'a register collides with another peripheral' },
      );
      continue;
    }
    for (const r of mine) taken.add(r);
    kept.add(inst);
  }
  return instances.filter((i) => kept.has(i));
}

/** Step 3: groups instances into address ranges split at the widest gaps (at most six). */
function groupIntoBars(instances: readonly Instance[]): Instance[][] {
  const sorted = [...instances].sort((a, b) => a.base - b.base);
  const gaps: { at: number; width: number }[] = [];
  let reach = -Infinity;
  sorted.forEach((inst, i) => {
    if (i > 0 && inst.base > reach) gaps.push({ at: i, width: inst.base - reach });
    reach = Math.max(reach, inst.end);
  });
  const cuts = gaps
    .filter((g) => g.width >= SPLIT_GAP)
    .sort((a, b) => b.width - a.width)
    .slice(0, MAX_BARS - 1)
    .map((g) => g.at)
    .sort((a, b) => a - b);
  const groups: Instance[][] = [];
  let from = 0;
  for (const c of [...cuts, sorted.length]) {
    groups.push(sorted.slice(from, c));
    from = c;
  }
  return groups;
}

/** A node of one BAR while overlaps are resolved: a peripheral instance or an item placed directly. */
interface PNode {
  readonly name: string;
  readonly el: XmlElement;
  /** SVD address of its first element. */
  readonly abs: number;
  readonly inst?: Instance;
  readonly item?: OutItem;
  readonly comments: readonly string[];
}

function blockSpan(items: readonly OutItem[]): number {
  let end = 0;
  for (const it of items) {
    const one = it.kind === 'register' ? it.width / 8 : blockSpan(it.items ?? []);
    end = Math.max(end, it.offset + (it.array ? (it.array.count - 1) * it.array.stride : 0) + one);
  }
  return end;
}

/** The byte ranges the compiler's overlap check sees for a node: one per array element. */
function extents(n: PNode): { start: number; end: number }[] {
  if (n.inst) return elementBases(n.inst).map((b) => ({ start: b + n.inst!.type.shift, end: b + n.inst!.type.size }));
  const it = n.item!;
  const one = it.kind === 'register' ? it.width / 8 : blockSpan(it.items ?? []);
  const count = Math.min(it.array?.count ?? 1, MAX_ELEMENTS);
  const stride = it.array?.stride ?? 0;
  if ((it.array?.count ?? 1) > MAX_ELEMENTS) return [{ start: n.abs, end: n.abs + (it.array!.count - 1) * stride + one }];
  return Array.from({ length: count }, (_, i) => ({ start: n.abs + i * stride, end: n.abs + i * stride + one }));
}

function span(n: PNode): number {
  const e = extents(n);
  return e[e.length - 1]!.end - e[0]!.start;
}

/** The first pair of nodes whose extents meet, or undefined. */
function firstOverlap(nodes: readonly PNode[]): [PNode, PNode] | undefined {
  const all: { start: number; end: number; node: PNode }[] = [];
  for (const node of nodes) for (const e of extents(node)) all.push({ ...e, node });
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  let reach: (typeof all)[number] | undefined;
  for (const e of all) {
    if (reach && e.start < reach.end && e.node !== reach.node) return [reach.node, e.node];
    if (!reach || e.end > reach.end) reach = e;
  }
  return undefined;
}

/** The children of a node placed directly in the BAR, named `<node>_<child>`. */
function flatten(n: PNode, ctx: Ctx, other: PNode): PNode[] {
  const parts: { at: number; name: string; items: readonly OutItem[] }[] = [];
  if (n.inst) {
    elementBases(n.inst).forEach((b, i) => parts.push({ at: b, name: n.inst!.array ? `${n.name}${i}` : n.name, items: n.inst!.type.items }));
  } else {
    const it = n.item as OutBlock;
    const count = it.array?.count ?? 1;
    for (let i = 0; i < count; i++) parts.push({ at: n.abs + i * (it.array?.stride ?? 0), name: it.array ? `${n.name}${i}` : n.name, items: it.items ?? [] });
  }
  const what = n.inst ? `peripheral '${n.inst.rawName}'` : `cluster '${n.name}'`;
  const e = extents(n);
  ctx.rep.warn(
    svdCodes.unsupported,
    n.el,
    `${what} spans ${hex(e[0]!.start)}..${hex(e[e.length - 1]!.end - 1)} and '${other.name}' at ${hex(other.abs)} lies between its registers; a .regs block is one contiguous range, so its registers are placed directly in the BAR, named ${n.name}_…`,
  );
  const doc = n.inst ? n.inst.doc || n.inst.type.doc : (n.item as OutBlock).doc;
  const out: PNode[] = [];
  for (const p of parts) {
    p.items.forEach((item, k) => {
      const comments = k === 0 ? [`${p.name}${doc ? ': ' + doc : ''} (its registers placed here, named ${p.name}_…)`, ...n.comments] : [];
      out.push({ name: `${p.name}_${item.name}`, el: n.el, abs: p.at + item.offset, item, comments });
    });
  }
  return out;
}

/** Step 2 for one BAR: rebase, then flatten, until no two nodes' extents meet. */
function resolveExtents(instances: readonly Instance[], ctx: Ctx): PNode[] {
  let nodes: PNode[] = instances.map((inst) => ({ name: inst.name, el: inst.el, abs: inst.base, inst, comments: inst.comments }));
  for (let guard = 0; guard < 100_000; guard++) {
    const pair = firstOverlap(nodes);
    if (!pair) break;
    let rebased = false;
    for (const n of pair) {
      if (n.inst && n.inst.type.shift < n.inst.type.start) {
        n.inst.type.shift = n.inst.type.start;
        rebased = true;
      }
    }
    if (rebased) continue;
    const blocks = pair.filter((n) => n.inst || n.item?.kind === 'block');
    const wide = blocks.sort((a, b) => span(b) - span(a))[0];
    if (!wide) break; // two registers: impossible after dropColliding, and the compile check would say so
    const other = pair[0] === wide ? pair[1] : pair[0];
    nodes = nodes.flatMap((n) => (n === wide ? flatten(n, ctx, other) : [n]));
  }
  return nodes;
}

export interface DeviceLayout {
  readonly bars: readonly OutBar[];
  /** SVD address each BAR starts at. */
  readonly bases: readonly number[];
}

/** Places the instances: collisions out, BARs split at wide gaps, extents made disjoint. */
export function layoutDevice(
  instances: readonly Instance[],
  ctx: Ctx,
  deviceName: string,
  naming: { readonly firstIndex?: number; readonly name?: (base: number, count: number) => string } = {},
): DeviceLayout {
  const rangesOf = new Map<TypeInfo, Range[]>();
  const typeRanges = (t: TypeInfo): Range[] => {
    let r = rangesOf.get(t);
    if (!r) rangesOf.set(t, (r = registerRanges(t.items, 0, '', [])));
    return r;
  };
  const kept = dropColliding(instances, typeRanges, ctx);
  const groups = groupIntoBars(kept).filter((g) => g.length > 0);
  const bars: OutBar[] = [];
  const bases: number[] = [];
  groups.forEach((group, index) => {
    const barBase = Math.min(...group.map((i) => i.base));
    const nodes = resolveExtents(group, ctx).sort((a, b) => a.abs + (a.inst?.type.shift ?? 0) - (b.abs + (b.inst?.type.shift ?? 0)));
    const scope = new Scope();
    const items: OutItem[] = [];
    for (const n of nodes) {
      const { name, renamed } = scope.take(n.name);
      if (renamed) ctx.rep.warn(svdCodes.renamed, n.el, `the BAR already has a peripheral or register called '${n.name}'; this one is imported as '${name}'`);
      if (n.inst) {
        const inst = n.inst;
        items.push({ kind: 'block', name, ...(inst.array ? { array: inst.array } : {}), offset: inst.base + inst.type.shift - barBase, doc: inst.doc, type: inst.type.name, comments: inst.comments });
      } else {
        const item = n.item!;
        const bytes = item.kind === 'register' ? item.width / 8 : 1;
        if ((n.abs - barBase) % bytes !== 0) {
          // Inside its peripheral it was aligned to the peripheral's base; the BAR's base is another.
          ctx.rep.warn(svdCodes.conflict, n.el, `register '${n.name}' at ${hex(n.abs)}, placed directly in the BAR, is not aligned to its ${bytes}-byte size there; left out`, { kind: 'register', reason: 'misaligned once placed in the BAR' });
          continue;
        }
        items.push({ ...item, name, offset: n.abs - barBase, comments: [...n.comments, ...item.comments] });
      }
    }
    const end = Math.max(...group.map((i) => i.end)) - barBase;
    let size = 1;
    while (size < end) size *= 2;
    const name = naming.name?.(barBase, groups.length) ?? (groups.length === 1 ? 'periph' : `periph_${barBase.toString(16).padStart(8, '0')}`);
    bars.push({ index: index + (naming.firstIndex ?? 0), name, size, doc: `Peripherals from ${hex(barBase)} (${deviceName})`, items });
    bases.push(barBase);
  });
  return { bars, bases };
}

/**
 * The block types the BARs instantiate, in `infos` order. A type the layout rebased to its first
 * register (another `sharer`, e.g. "peripheral" or "address block", uses the range before it) gets its
 * offsets moved and a comment saying where they start.
 */
export function usedBlockTypes(infos: readonly TypeInfo[], bars: readonly OutBar[], sharer: string): OutBlockType[] {
  const used = new Set(bars.flatMap((b) => b.items.map((i) => (i.kind === 'block' ? i.type : undefined))));
  return infos
    .filter((t) => used.has(t.name))
    .map((t): OutBlockType => ({
      name: t.name,
      doc: t.doc,
      items: t.shift === 0 ? t.items : t.items.map((i) => ({ ...i, offset: i.offset - t.shift })),
      comments: t.shift === 0 ? [] : [`Offsets from the first register, at baseAddress + ${hex(t.shift)} (another ${sharer} shares the range before it).`],
    }));
}
