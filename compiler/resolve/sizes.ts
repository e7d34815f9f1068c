// Extents: the bytes one node occupies (an array's last element ends at offset + (count-1)*stride +
// size) and the size of each block type, computed once per type; a type that contains itself is an
// error reported at the instance that closes the cycle.
import type { Reporter } from '../diagnostics/reporter.js';
import type { MBlockType, MNode } from '../model/model.js';
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
  // Depth-first with an explicit stack: a type's size needs the sizes of the types it contains.
  for (const root of types) {
    if (state.has(root)) continue;
    state.set(root, 'busy');
    const stack: { type: MBlockType; next: number }[] = [{ type: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const n = top.type.nodes[top.next];
      if (n) {
        top.next++;
        if (n.kind !== 'block' || !n.type) continue;
        const s = state.get(n.type);
        if (s === 'busy') {
          const names = stack.map((f) => f.type);
          const chain = [...names.slice(names.indexOf(n.type)), n.type].map((x) => x.name).join(' → ');
          reporter.report('blockCycle', `block type '${n.type.name}' contains itself (${chain}); a block cannot be nested in itself`, n.typeSpan);
        } else if (s === undefined) {
          state.set(n.type, 'busy');
          stack.push({ type: n.type, next: 0 });
        }
        continue;
      }
      stack.pop();
      let size = 0;
      for (const m of top.type.nodes) {
        const e = extentOf(m);
        if (e && e.end > size) size = e.end;
      }
      top.type.size = size;
      state.set(top.type, 'done');
    }
  }
}
