// The size of each block type (the end of its furthest node, model/sizes.ts), computed once per type;
// a type that contains itself is an error reported at the instance that closes the cycle.
import type { Reporter } from '../diagnostics/reporter.js';
import type { MBlockType } from '../model/model.js';
import { extentOf } from '../model/sizes.js';

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
