// Registers and clusters of a peripheral or cluster: converted, ordered by offset, checked for
// overlaps (SVD files do describe registers on top of each other; .regs cannot) and named uniquely.
import type { OutBlock, OutItem } from './model.js';
import { child, childText, type XmlElement } from './xml.js';
import { parseSvdInteger } from './numbers.js';
import { arrayName, expandedName, identifier, Scope } from './names.js';
import { readDim } from './dim.js';
import { svdCodes } from './report.js';
import { checkChildren, docOf, isPreferred, readProps, type Ctx, type Placed, type Props } from './context.js';
import { hex } from './print.js';
import { convertRegister } from './registers.js';
import { RangeSet } from './ranges.js';

/** Converts the <register>/<cluster> children of `el` (a <registers> or a <cluster>). */
export function convertItems(el: XmlElement, props: Props, ctx: Ctx, where: string): OutItem[] {
  const placed: Placed[] = [];
  for (const raw of el.children) {
    if (raw.name !== 'register' && raw.name !== 'cluster') continue;
    const resolved = ctx.derive.resolve(raw);
    placed.push(...(raw.name === 'register' ? convertRegister(resolved, props, ctx) : convertCluster(resolved, props, ctx)));
  }
  return place(placed, ctx, where);
}

/** Bytes from an item's offset to the end of its last element. */
export function extentOf(item: OutItem, blockSize: (b: OutBlock) => number): number {
  const one = item.kind === 'register' ? item.width / 8 : blockSize(item);
  return item.array ? (item.array.count - 1) * item.array.stride + one : one;
}

/** End of the last register of a list of items, relative to their container. */
export function sizeOfItems(items: readonly OutItem[], typeSize: (name: string) => number): number {
  const blockSize = (b: OutBlock): number => (b.type !== undefined ? typeSize(b.type) : sizeOfItems(b.items ?? [], typeSize));
  let end = 0;
  for (const it of items) end = Math.max(end, it.offset + extentOf(it, blockSize));
  return end;
}

/**
 * Drops what overlaps an item placed before it (`--prefer`red items are placed first, then in file
 * order by offset), makes names unique in the container, and orders by offset. `at` is the SVD address
 * of the container's offset 0, for messages.
 */
export function place(placed: readonly Placed[], ctx: Ctx, where: string, at = ctx.base): OutItem[] {
  const sorted = [...placed].sort((a, b) => Number(isPreferred(b.el, ctx)) - Number(isPreferred(a.el, ctx)) || a.offset - b.offset);
  const taken = new Occupied();
  const kept: Placed[] = [];
  for (const p of sorted) {
    const clash = taken.add(p);
    if (clash) {
      const alt = child(p.el, 'alternateGroup') ?? child(p.el, 'alternateRegister') ?? child(p.el, 'alternateCluster');
      const view = alt ? ` (an alternate view: <${alt.name}>${alt.text.trim()}</${alt.name}>)` : '';
      const kind = p.el.name === 'cluster' ? 'cluster' : 'register';
      ctx.rep.warn(
        svdCodes.conflict,
        p.el,
        `${kind} '${p.name}' at ${hex(at + p.offset)}${view} overlaps '${clash}' in ${where}; .regs registers cannot overlap, so it is left out (--prefer ${childText(p.el, 'name') ?? p.name} keeps it instead)`,
        { kind, reason: alt ? 'another view of the same address was kept' : 'overlaps another register' },
      );
      continue;
    }
    kept.push(p);
  }
  kept.sort((a, b) => a.offset - b.offset);
  const scope = new Scope();
  const out: OutItem[] = [];
  for (const p of kept) {
    const { name, renamed } = scope.take(p.name);
    if (renamed) ctx.rep.warn(svdCodes.renamed, p.el, `${where} already has a register or block called '${p.name}'; this one is imported as '${name}'`);
    taken.rename(p, name);
    out.push(p.build(name, p.offset));
  }
  return out;
}

/** Byte ranges in use, element by element for arrays (interleaved arrays do not overlap). */
class Occupied {
  private readonly ranges = new RangeSet<{ start: number; end: number; owner: Placed }>();
  private readonly names = new Map<Placed, string>();

  /** Adds p's ranges, or returns the name of what it overlaps (and adds nothing). */
  add(p: Placed): string | undefined {
    const mine = rangesOf(p);
    for (const r of mine) {
      const hit = this.ranges.find(r.start, r.end);
      if (hit) return this.names.get(hit.owner) ?? hit.owner.name;
    }
    for (const r of mine) this.ranges.add({ ...r, owner: p });
    return undefined;
  }
  rename(p: Placed, name: string): void {
    this.names.set(p, name);
  }
}

const MAX_ELEMENTS = 4096;

function rangesOf(p: Placed): { start: number; end: number }[] {
  if (!p.array) return [{ start: p.offset, end: p.offset + p.size }];
  if (p.array.count > MAX_ELEMENTS) return [{ start: p.offset, end: p.offset + (p.array.count - 1) * p.array.stride + p.size }];
  return Array.from({ length: p.array.count }, (_, i) => ({ start: p.offset + i * p.array!.stride, end: p.offset + i * p.array!.stride + p.size }));
}

/** A <cluster> → an inline block (an array when it has dim with indices 0..n-1). */
function convertCluster(el: XmlElement, inherited: Props, ctx: Ctx): Placed[] {
  checkChildren(el, 'cluster', ctx);
  const rawName = childText(el, 'name');
  if (!rawName) {
    ctx.rep.warn(svdCodes.invalid, el, '<cluster> without a <name>; left out');
    return [];
  }
  const offset = parseSvdInteger(childText(el, 'addressOffset'));
  if (offset === undefined) {
    ctx.rep.warn(svdCodes.invalid, el, `cluster '${rawName}' has no readable <addressOffset>; left out`);
    return [];
  }
  const props = readProps(el, inherited, ctx);
  const items = convertItems(el, props, { ...ctx, base: ctx.base + Number(offset) }, `cluster '${rawName}'`);
  if (items.length === 0) {
    ctx.rep.warn(svdCodes.conflict, el, `cluster '${rawName}' at ${hex(ctx.base + Number(offset))} has no registers; left out`, { kind: 'cluster', reason: 'no registers' });
    return [];
  }
  const size = sizeOfItems(items, () => 0);
  const doc = docOf(el);
  const make =
    (array?: { count: number; stride: number }) =>
    (name: string, at: number): OutBlock => ({ kind: 'block', name, ...(array ? { array } : {}), offset: at, doc, items, comments: [] });
  const dim = readDim(el);
  if ('error' in dim) {
    ctx.rep.warn(svdCodes.invalid, child(el, 'dim') ?? el, `cluster '${rawName}': ${dim.error}; left out`);
    return [];
  }
  if (!dim.dim) return [{ el, name: identifier(arrayName(rawName), ctx.lowercase), offset: Number(offset), size, build: make() }];
  const { count, increment, indices } = dim.dim;
  if (increment < size) {
    ctx.rep.warn(svdCodes.conflict, child(el, 'dimIncrement') ?? el, `cluster array '${rawName}': <dimIncrement> 0x${increment.toString(16)} is smaller than the cluster's 0x${size.toString(16)} bytes, so elements overlap; left out`);
    return [];
  }
  if (!indices) return [{ el, name: identifier(arrayName(rawName), ctx.lowercase), offset: Number(offset), size, array: { count, stride: increment }, build: make({ count, stride: increment }) }];
  return indices.map((index, i) => ({ el, name: identifier(expandedName(rawName, index), ctx.lowercase), offset: Number(offset) + i * increment, size, build: make() }));
}
