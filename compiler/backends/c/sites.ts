// Every register reachable from a BAR, with the path and the array levels on the way: block
// instances are followed into their (shared) types, so a register inside `rxq[4]` becomes one site
// `rxq.rdt` whose accessor takes the queue index. Arrays are never expanded.
import type { IrArray, IrBar, IrBlockInstance, IrBlockType, IrDevice, IrRegister } from '../../ir/ir.js';

/** One array level on the way to a register: its path name and geometry. */
export interface ArrayLevel {
  readonly name: string;
  readonly array: IrArray;
  /** Path of the array node: the emitter looks its STRIDE define up by it. */
  readonly path: readonly string[];
}

export interface RegisterSite {
  readonly register: IrRegister;
  /** Names from the BAR down to the register. */
  readonly path: readonly string[];
  /** Offset of element 0 at every level, from the start of the BAR. */
  readonly offset: number;
  /** Enclosing block-array levels (outermost first), then the register's own array. */
  readonly levels: readonly ArrayLevel[];
}

export interface BlockSite {
  readonly block: IrBlockInstance;
  readonly type: IrBlockType;
  readonly path: readonly string[];
  readonly offset: number;
}

export interface BarSites {
  readonly registers: RegisterSite[];
  readonly blocks: BlockSite[];
}

export function barSites(device: IrDevice, bar: IrBar): BarSites {
  const out: BarSites = { registers: [], blocks: [] };
  const types = new Map(device.blockTypes.map((t) => [t.name, t]));
  const walk = (nodes: IrBar['nodes'], base: number, path: readonly string[], levels: readonly ArrayLevel[], depth: number): void => {
    for (const n of nodes) {
      const p = [...path, n.name];
      const lv = n.array ? [...levels, { name: n.name, array: n.array, path: p }] : levels;
      if (n.kind === 'register') {
        out.registers.push({ register: n, path: p, offset: base + n.offset, levels: lv });
        continue;
      }
      const t = types.get(n.type);
      if (t === undefined) throw new Error(`c backend: block ${p.join('.')} has unknown type ${n.type} (IR inconsistent)`);
      // The IR is checked, so a type never contains itself; the bound only turns a broken IR into an error.
      if (depth > 100) throw new Error(`c backend: blocks nested more than 100 deep at ${p.join('.')} (IR inconsistent)`);
      out.blocks.push({ block: n, type: t, path: p, offset: base + n.offset });
      walk(t.nodes, base + n.offset, p, lv, depth + 1);
    }
  };
  walk(bar.nodes, 0, [], [], 0);
  return out;
}
