// Every register reachable from a BAR, with the path and the array levels on the way: block
// instances are followed into their (shared) types, so a register inside `rxq[4]` becomes one site
// `rxq.rdt` whose accessor takes the queue index. Arrays are never expanded.
import type { IrArray, IrBar, IrBlockInstance, IrBlockType, IrDevice, IrRegister } from '../../ir/ir.js';
import { typeLookup, walkNodes } from '../../ir/walk.js';

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
  const typeOf = typeLookup(device);
  type At = { readonly path: readonly string[]; readonly levels: readonly ArrayLevel[] };
  walkNodes<At>(bar.nodes, { path: [], levels: [] }, {
    typeOf,
    visit: (n, offset, at) => {
      const path = [...at.path, n.name];
      const levels = n.array ? [...at.levels, { name: n.name, array: n.array, path }] : at.levels;
      if (n.kind === 'register') out.registers.push({ register: n, path, offset, levels });
      else {
        const type = typeOf(n.type);
        if (type) out.blocks.push({ block: n, type, path, offset });
      }
      return { path, levels };
    },
    broken: (n, { path }, why) => {
      if (why === 'unknown type') throw new Error(`c backend: block ${path.join('.')} has unknown type ${n.type} (IR inconsistent)`);
      throw new Error(`c backend: blocks nested more than 100 deep at ${path.join('.')} (IR inconsistent)`);
    },
  });
  return out;
}
