// Overlap detection for one scope without expanding arrays: contiguous nodes by one sorted sweep;
// arrays against what lies inside their extent. For a pair whose extents meet, an actual pair of
// overlapping elements is found in O(1) (equal strides, or one side single) or by walking the
// shorter array (different strides, bounded).
import type { MNode } from '../model/model.js';
import { elementSize, extentOf } from '../model/sizes.js';

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
  const plain: Item[] = [];
  const arrays: Item[] = [];
  nodes.forEach((node, order) => {
    const e = extentOf(node);
    const size = elementSize(node);
    if (!e || size === undefined || size === 0 || e.end <= e.start) return;
    const count = node.array?.count ?? 1;
    const item = { node, order, start: e.start, end: e.end, size, count, stride: node.array?.stride ?? size };
    (count > 1 ? arrays : plain).push(item);
  });
  const byStart = (x: Item, y: Item): number => x.start - y.start || x.order - y.order;
  plain.sort(byStart);
  arrays.sort(byStart);

  const out: Overlap[] = [];
  const reported = new Set<MNode>();
  const consider = (a: Item, b: Item): void => {
    const [first, second] = a.order < b.order ? [a, b] : [b, a];
    if (reported.has(second.node)) return;
    const hit = pairOverlap(first, second);
    if (!hit) return;
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
  };

  // Contiguous nodes: an interval that starts before the furthest end so far overlaps its owner.
  let reach: Item | undefined;
  let maxPlain = 0;
  for (const it of plain) {
    if (reach && it.start < reach.end) consider(reach, it);
    if (!reach || it.end > reach.end) reach = it;
    maxPlain = Math.max(maxPlain, it.end - it.start);
  }
  // Arrays have holes, so each is compared with the contiguous nodes inside its extent (found by
  // binary search) and with the arrays whose extents meet it (a sweep over arrays only).
  for (const a of arrays) {
    let lo = 0;
    let hi = plain.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (plain[mid]!.start < a.start - maxPlain) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < plain.length && plain[k]!.start < a.end; k++) if (plain[k]!.end > a.start) consider(a, plain[k]!);
  }
  let active: Item[] = [];
  for (const it of arrays) {
    active = active.filter((a) => a.end > it.start);
    for (const a of active) consider(a, it);
    active.push(it);
  }
  const orderOf = new Map(nodes.map((n, i) => [n, i]));
  return out.sort((x, y) => orderOf.get(x.node)! - orderOf.get(y.node)!);
}
