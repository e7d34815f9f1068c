// The block types a device uses (IrDevice.blockTypes): every type its BARs instantiate, directly or
// nested, each listed once and after the types it contains.
import type { MBlockType, MDevice, MNode } from './model.js';

/** Block types the device's BARs instantiate, each after the types it contains (explicit stack). */
export function blockTypesOf(d: MDevice): MBlockType[] {
  const out: MBlockType[] = [];
  const seen = new Set<MBlockType>();
  const stack: { type: MBlockType | undefined; nodes: readonly MNode[]; next: number }[] = d.bars.map((b) => ({ type: undefined, nodes: b.nodes ?? [], next: 0 })).reverse();
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const n = top.nodes[top.next];
    if (n) {
      top.next++;
      if (n.kind === 'block' && n.type && !seen.has(n.type)) {
        seen.add(n.type);
        stack.push({ type: n.type, nodes: n.type.nodes, next: 0 });
      }
      continue;
    }
    stack.pop();
    if (top.type) out.push(top.type);
  }
  return out;
}
