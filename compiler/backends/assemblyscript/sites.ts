// Where every register of a device lives, as the AssemblyScript emitter needs it: a constant offset in
// its BAR plus one index per array level (block arrays, then register arrays), outermost first. Arrays
// stay count + stride: routines take indices, loops walk them.
import type { IrBar, IrDevice, IrRegister } from '../../ir/ir.js';
import { typeLookup, walkNodes } from '../../ir/walk.js';

export interface IndexParam {
  /** Parameter / loop variable name, unique within the site. */
  readonly name: string;
  readonly count: number;
  readonly stride: number;
  /**
   * A run-time stride (IrArray.strideExpr): the module globals holding the stride and the element count
   * set when the BAR is bound (bindStride$NAME), used instead of `stride` and `count`.
   */
  readonly runtime?: { readonly stride: string; readonly count: string };
}

/** The globals of a BAR-level array with a run-time stride. */
export const strideGlobals = (name: string): { readonly stride: string; readonly count: string } => ({ stride: `stride$${name}`, count: `count$${name}` });

export interface RegisterSite {
  readonly bar: IrBar;
  /** Names from the BAR down to the register. */
  readonly path: readonly string[];
  readonly reg: IrRegister;
  /** Byte offset in the BAR with every index 0. */
  readonly offset: number;
  readonly indices: readonly IndexParam[];
}

/** BARs the hot paths can reach: memory BARs with a register map (I/O ports cannot be mapped). */
export function mappedBars(device: IrDevice): IrBar[] {
  return device.bars.filter((b) => b.kind === 'mmio' && b.hasRegisters);
}

export function registerSites(device: IrDevice): RegisterSite[] {
  const typeOf = typeLookup(device);
  const sites: RegisterSite[] = [];
  type At = { readonly path: readonly string[]; readonly indices: readonly IndexParam[] };
  for (const bar of mappedBars(device)) {
    walkNodes<At>(bar.nodes, { path: [], indices: [] }, {
      typeOf,
      visit: (node, offset, at) => {
        const path = [...at.path, node.name];
        const indices = node.array ? [...at.indices, indexParam(node.name, node.array.count, node.array.stride, at.indices, node.array.strideExpr ? strideGlobals(node.name) : undefined)] : at.indices;
        if (node.kind === 'register') sites.push({ bar, path, reg: node, offset, indices });
        return { path, indices };
      },
      broken: (node, { path }, why) => {
        throw new Error(why === 'unknown type' ? `internal: block type ${node.type} of ${path.join('.')} is not in the IR` : `internal: blocks nested more than 100 deep at ${path.join('.')}`);
      },
    });
  }
  return sites;
}

function indexParam(name: string, count: number, stride: number, outer: readonly IndexParam[], runtime?: IndexParam['runtime']): IndexParam {
  let param = `${name}Index`;
  for (let n = 2; outer.some((p) => p.name === param); n++) param = `${name}Index${n}`;
  return runtime ? { name: param, count, stride, runtime } : { name: param, count, stride };
}

/** Export name of a routine for a site: verb$bar-path, e.g. `read$rxq$rdt`. `$` cannot occur in DSL names. */
export function routineName(verb: string, path: readonly string[]): string {
  return `${verb}$${path.join('$')}`;
}
