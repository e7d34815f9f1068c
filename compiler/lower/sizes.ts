// Extents: the bytes one node occupies (an array's last element ends at offset + (count-1)*stride +
// size) and the size of each block type, computed once per type; a type that contains itself is an
// error reported at the instance that closes the cycle.
import type { Reporter } from '../check/report.js';
import type { MBlockType, MNode } from './model.js';
import { byteSize } from './registers.js';

/** Bytes of one element of `node` (a register's width, a block type's size). */
export function elementSize(node: MNode): number | undefined {
  return node.kind === 'register' ? byteSize(node.width) : node.type?.size;
}

/** [start, end) of the whole node relative to its scope, or undefined when something is unknown. */
export function extentOf(node: MNode): { start: number; end: number } | undefined {
  const size = elementSize(node);
  if (node.offset === undefined || size === undefined) return undefined;
  if (!node.array) return { start: node.offset, end: node.offset + size };
  const { count, stride } = node.array;
  if (count === undefined || stride === undefined) return undefined;
  if (count === 0) return { start: node.offset, end: node.offset };
  return { start: node.offset, end: node.offset + (count - 1) * stride + size };
}

export function computeBlockSizes(types: readonly MBlockType[], reporter: Reporter): void {
  const state = new Map<MBlockType, 'busy' | 'done'>();
  const stack: MBlockType[] = [];
  const visit = (t: MBlockType): void => {
    state.set(t, 'busy');
    stack.push(t);
    let size = 0;
    for (const n of t.nodes) {
      if (n.kind === 'block' && n.type) {
        const s = state.get(n.type);
        if (s === 'busy') {
          const chain = [...stack.slice(stack.indexOf(n.type)), n.type].map((x) => x.name).join(' → ');
          reporter.report('blockCycle', `block type '${n.type.name}' contains itself (${chain}); a block cannot be nested in itself`, n.typeSpan);
          continue;
        }
        if (s === undefined) visit(n.type);
      }
      const e = extentOf(n);
      if (e && e.end > size) size = e.end;
    }
    t.size = size;
    stack.pop();
    state.set(t, 'done');
  };
  for (const t of types) if (!state.has(t)) visit(t);
}
