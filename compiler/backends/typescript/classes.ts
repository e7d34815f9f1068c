// Emits the accessor classes: one per BAR with registers, one per block type. Each register gets one
// accessor object, created in the constructor; block arrays are built once too, so no access allocates.
import type { IrBar, IrBlockType, IrNode, IrRegister } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { member, pascal, str } from './names.js';
import type { Writer } from './writer.js';
import { hex } from '../../ir/bits.js';

const RESERVED = new Set(['io', 'base', 'constructor', '__proto__']);

/** Claims the class names of the block types, before anything refers to them. */
export function claimBlockTypes(ctx: EmitContext): Map<string, string> {
  const m = new Map<string, string>();
  for (const t of ctx.device.blockTypes) m.set(t.name, ctx.scope.claim(pascal(t.name)));
  return m;
}

interface Member {
  readonly doc: string;
  readonly decl: string;
  readonly ctor: readonly [head: string, args: readonly string[]];
}

function registerMember(ctx: EmitContext, r: IrRegister, at: string): Member {
  const rn = ctx.registers.get(r)!;
  const prop = member(r.name, RESERVED);
  const doc = `${r.name}${r.array ? `[${r.array.count}]` : ''} @ ${hex(r.offset)}${r.doc ? ` — ${r.doc}` : ''} (fields: \`${rn.fields}\`)`;
  // The width-specific core class: its accesses are direct Mmio calls, no width dispatch per access.
  const cls = ctx.value(r.width === 64 ? (r.array ? 'Register64Array' : 'Register64') : r.array ? `RegisterArray${r.width}` : `Register${r.width}`);
  const args = r.array ? ['io', at, String(r.array.count), hex(r.array.stride), rn.layout] : ['io', at, rn.layout];
  return { doc, decl: `declare readonly ${prop}: ${rn.type};`, ctor: [`this.${prop} = new ${cls}(`, args] };
}

/** Member declarations and constructor calls for the nodes of a BAR (absolute) or block (relative). */
function members(ctx: EmitContext, nodes: readonly IrNode[], classes: Map<string, string>, rel: boolean): Member[] {
  const at = (offset: number): string => (rel ? `base + ${hex(offset)}` : hex(offset));
  return nodes.map((n): Member => {
    if (n.kind === 'register') return registerMember(ctx, n, at(n.offset));
    const cls = classes.get(n.type);
    if (cls === undefined) throw new Error(`ts backend: block ${n.name} has unknown type ${n.type} (IR inconsistent)`);
    const prop = member(n.name, RESERVED);
    const where = `${n.name}${n.array ? `[${n.array.count}]` : ''} @ ${hex(n.offset)}${n.array ? ` stride ${hex(n.array.stride)}` : ''}`;
    if (n.array) {
      return {
        doc: `${where}${n.doc ? ` — ${n.doc}` : ''}; \`.at(i)\` gives instance i`,
        decl: `declare readonly ${prop}: ${ctx.value('BlockArray')}<${cls}>;`,
        ctor: [`this.${prop} = new BlockArray(`, [str(n.name), String(n.array.count), 'io', at(n.offset), hex(n.array.stride), cls]],
      };
    }
    return { doc: `${where}${n.doc ? ` — ${n.doc}` : ''}`, decl: `declare readonly ${prop}: ${cls};`, ctor: [`this.${prop} = new ${cls}(`, ['io', at(n.offset)]] };
  });
}

/**
 * Members are `declare`d and assigned once in the constructor, never class fields: a class field is
 * defined (as undefined) before the constructor assigns it, which makes V8 treat it as mutable and
 * untyped, and a hot `regs.r.read(i)` then reloads and rechecks every link of the chain.
 * `params`: [name, type] of the constructor parameters, kept as readonly members.
 */
function emitBody(w: Writer, ms: readonly Member[], params: readonly (readonly [string, string])[], first?: readonly [string, readonly string[]]): void {
  for (const [name, type] of params) w.line(`declare readonly ${name}: ${type};`);
  for (const m of ms) {
    w.doc(m.doc);
    w.line(m.decl);
  }
  w.blank();
  w.openParams('constructor', params.map(([name, type]) => `${name}: ${type}`));
  for (const [name] of params) w.line(`this.${name} = ${name};`);
  if (first) w.call(first[0], first[1], ');');
  for (const m of ms) w.call(m.ctor[0], m.ctor[1], ');');
  w.close('}');
}

export function emitBlockClass(ctx: EmitContext, w: Writer, t: IrBlockType, classes: Map<string, string>): void {
  w.doc(`Block ${t.name} (${hex(t.size)} bytes)${t.doc ? ` — ${t.doc}` : ''}`);
  w.open(`export class ${classes.get(t.name)!} {`);
  w.line(`static readonly size = ${hex(t.size)};`);
  emitBody(w, members(ctx, t.nodes, classes, true), [
    ['io', ctx.type('Mmio')],
    ['base', 'number'],
  ]);
  w.close('}');
}

export function emitBarClass(ctx: EmitContext, w: Writer, bar: IrBar, classes: Map<string, string>): void {
  const name = ctx.scope.claim(pascal(`${ctx.device.name}_${bar.name}`));
  const what = `${ctx.device.name} BAR ${bar.index} (${bar.name})`;
  w.doc(`BAR ${bar.index} "${bar.name}": ${bar.kind}, ${hex(bar.size)} bytes${bar.doc ? ` — ${bar.doc}` : ''}`, `Construct over the mapped BAR (\`device.bar(${bar.index})\`).`);
  w.open(`export class ${name} {`);
  w.doc('Bytes the mapping must cover.');
  w.line(`static readonly size = ${hex(bar.size)};`);
  const check = [`${ctx.value('requireSize')}(`, ['io', hex(bar.size), str(what)]] as const;
  emitBody(w, members(ctx, bar.nodes, classes, false), [['io', ctx.type('Mmio')]], check);
  w.close('}');
}
