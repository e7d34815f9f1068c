// The one walk over the IR's block structure, for every back end and the simulated device: BAR nodes,
// each block instance's type found by name (IrDevice.blockTypes), arrays never expanded (an array is
// one node with count and stride). A checked IR never nests a type in itself; the depth bound only
// turns a broken IR into a clear error instead of a stack overflow.
import type { IrBlockInstance, IrBlockType, IrDevice, IrNode, IrRegister } from './ir.js';

/** Block types by name; undefined for a name the IR does not define. */
export type TypeOf = (name: string) => IrBlockType | undefined;

export function typeLookup(device: IrDevice): TypeOf {
  const types = new Map(device.blockTypes.map((t) => [t.name, t]));
  return (name) => types.get(name);
}

/** Bytes of one element of `node`: a register's width, a block type's size. */
export function elementSize(node: IrNode, typeOf: TypeOf): number | undefined {
  return node.kind === 'register' ? node.width / 8 : typeOf(node.type)?.size;
}

const MAX_DEPTH = 100;

export interface WalkOptions<S> {
  readonly typeOf: TypeOf;
  /** Called for every node depth first, in declaration order; `offset` is from the walk's start, every index 0. */
  readonly visit: (node: IrNode, offset: number, state: S) => S;
  /** A block instance whose type is missing, or nested deeper than 100 (the IR is inconsistent). */
  readonly broken: (block: IrBlockInstance, state: S, why: 'unknown type' | 'too deep') => never;
}

/** Depth-first over `nodes` and the nodes of every block instance's type; a block's nodes get the state its visit returned. */
export function walkNodes<S>(nodes: readonly IrNode[], state: S, options: WalkOptions<S>, base = 0, depth = 0): void {
  for (const n of nodes) {
    const inner = options.visit(n, base + n.offset, state);
    if (n.kind === 'register') continue;
    const t = options.typeOf(n.type);
    if (t === undefined) options.broken(n, inner, 'unknown type');
    if (depth > MAX_DEPTH) options.broken(n, inner, 'too deep');
    walkNodes(t.nodes, inner, options, base + n.offset, depth + 1);
  }
}

/** The register `path` names from `nodes` (through block instances), or undefined. */
export function registerAt(nodes: readonly IrNode[], path: readonly string[], typeOf: TypeOf): IrRegister | undefined {
  let scope = nodes;
  for (let i = 0; i < path.length; i++) {
    const n = scope.find((x) => x.name === path[i]);
    if (n === undefined) return undefined;
    if (n.kind === 'register') return i === path.length - 1 ? n : undefined;
    scope = typeOf(n.type)?.nodes ?? [];
  }
  return undefined;
}
