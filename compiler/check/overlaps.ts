// Overlap detection for one scope without expanding arrays: sort by extent, sweep, and for each pair
// of extents that intersect find an actual pair of overlapping elements in O(1) (equal strides or a
// single node) or by walking the shorter array (different strides, bounded).
import type { MNode } from '../lower/model.js';
import { elementSize, extentOf } from '../lower/sizes.js';

interface Item {
  readonly node: MNode;
  readonly order: number;
  readonly start: number;
  readonly end: number;
  readonly size: number;
  readonly count: number;
  readonly stride: number;
}

export interface Overlap {
  /** Declared later (reported). */
  readonly node: MNode;
  readonly index: number | undefined;
  readonly start: number;
  readonly end: number;
  /** Declared earlier. */
  readonly other: MNode;
  readonly otherIndex: number | undefined;
  readonly otherStart: number;
  readonly otherEnd: number;
}

const MAX_WALK = 100_000;

/** An element index of `x` overlapping [s, s+len), or undefined. */
function elementOver(x: Item, s: number, len: number): number | undefined {
  if (x.count === 1 || x.stride === 0) return x.start < s + len && s < x.start + x.size ? 0 : undefined;
  const lo = Math.max(0, Math.floor((s - x.size - x.start) / x.stride) + 1);
  const hi = Math.min(x.count - 1, Math.ceil((s + len - x.start) / x.stride) - 1);
  for (let i = lo; i <= hi && i <= lo + 2; i++) {
    const p = x.start + i * x.stride;
    if (p < s + len && s < p + x.size) return i;
  }
  return undefined;
}

function pairOverlap(a: Item, b: Item): [number, number] | undefined {
  if (b.count === 1 || b.stride === 0) {
    const i = elementOver(a, b.start, b.size);
    return i === undefined ? undefined : [i, 0];
  }
  if (a.count === 1 || a.stride === 0) {
    const j = elementOver(b, a.start, a.size);
    return j === undefined ? undefined : [0, j];
  }
  if (a.stride === b.stride) {
    // Element i of a and j of b overlap iff -a.size < (a.start - b.start) + (i - j) * stride < b.size.
    const s = a.stride;
    const d = a.start - b.start;
    const kLo = Math.floor((-a.size - d) / s) + 1;
    const kHi = Math.ceil((b.size - d) / s) - 1;
    for (let k = kLo; k <= kHi && k <= kLo + 4; k++) {
      const jLo = Math.max(0, -k);
      const jHi = Math.min(b.count - 1, a.count - 1 - k);
      if (jLo <= jHi) return [jLo + k, jLo];
    }
    return undefined;
  }
  // Different strides: walk the elements of the shorter array that lie in the common range.
  const [walk, other, swap] = a.count <= b.count ? [a, b, false] : [b, a, true];
  const from = Math.max(walk.start, other.start);
  const to = Math.min(walk.end, other.end);
  let i = Math.max(0, Math.floor((from - walk.size - walk.start) / walk.stride) + 1);
  for (let n = 0; i < walk.count && n < MAX_WALK; i++, n++) {
    const p = walk.start + i * walk.stride;
    if (p >= to) break;
    const j = elementOver(other, p, walk.size);
    if (j !== undefined) return swap ? [j, i] : [i, j];
  }
  return undefined;
}

export function findOverlaps(nodes: readonly MNode[]): Overlap[] {
  const items: Item[] = [];
  nodes.forEach((node, order) => {
    const e = extentOf(node);
    const size = elementSize(node);
    if (!e || size === undefined || size === 0 || e.end <= e.start) return;
    const count = node.array?.count ?? 1;
    items.push({ node, order, start: e.start, end: e.end, size, count, stride: node.array?.stride ?? size });
  });
  items.sort((x, y) => x.start - y.start || x.order - y.order);
  const out: Overlap[] = [];
  const reported = new Set<MNode>();
  let active: Item[] = [];
  for (const it of items) {
    active = active.filter((a) => a.end > it.start);
    for (const a of active) {
      const [first, second] = a.order < it.order ? [a, it] : [it, a];
      if (reported.has(second.node)) continue;
      const hit = pairOverlap(first, second);
      if (!hit) continue;
      reported.add(second.node);
      const [i, j] = hit;
      const s1 = first.start + i * first.stride;
      const s2 = second.start + j * second.stride;
      out.push({
        node: second.node,
        index: second.node.array ? j : undefined,
        start: s2,
        end: s2 + second.size - 1,
        other: first.node,
        otherIndex: first.node.array ? i : undefined,
        otherStart: s1,
        otherEnd: s1 + first.size - 1,
      });
    }
    active.push(it);
  }
  return out;
}
