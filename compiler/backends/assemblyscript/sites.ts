// Where every register of a device lives, as the AssemblyScript emitter needs it: a constant offset in
// its BAR plus one index per array level (block arrays, then register arrays), outermost first. Arrays
// stay count + stride: routines take indices, loops walk them.
import type { IrBar, IrDevice, IrNode, IrRegister } from '../../ir/ir.js';

export interface IndexParam {
  /** Parameter / loop variable name, unique within the site. */
  readonly name: string;
  readonly count: number;
  readonly stride: number;
}

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
  const types = new Map(device.blockTypes.map((t) => [t.name, t]));
  const sites: RegisterSite[] = [];
  const walk = (bar: IrBar, nodes: readonly IrNode[], base: number, path: readonly string[], indices: readonly IndexParam[]): void => {
    for (const node of nodes) {
      const here = [...path, node.name];
      const params = node.array ? [...indices, indexParam(node.name, node.array.count, node.array.stride, indices)] : indices;
      if (node.kind === 'register') {
        sites.push({ bar, path: here, reg: node, offset: base + node.offset, indices: params });
      } else {
        const type = types.get(node.type);
        if (!type) throw new Error(`internal: block type ${node.type} of ${here.join('.')} is not in the IR`);
        walk(bar, type.nodes, base + node.offset, here, params);
      }
    }
  };
  for (const bar of mappedBars(device)) walk(bar, bar.nodes, 0, [], []);
  return sites;
}

function indexParam(name: string, count: number, stride: number, outer: readonly IndexParam[]): IndexParam {
  let param = `${name}Index`;
  for (let n = 2; outer.some((p) => p.name === param); n++) param = `${name}Index${n}`;
  return { name: param, count, stride };
}

/** Export name of a routine for a site: verb$bar-path, e.g. `read$rxq$rdt`. `$` cannot occur in DSL names. */
export function routineName(verb: string, path: readonly string[]): string {
  return `${verb}$${path.join('$')}`;
}
