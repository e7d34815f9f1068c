// Emits the accessor classes: one per BAR with registers, one per block type. Each register gets one
// accessor object, created in the constructor; block arrays are built once too, so no access allocates.
import type { IrBar, IrBlockType, IrNode, IrRegister } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { doc, hex, member, pascal, str } from './names.js';

const RESERVED = new Set(['io', 'base', 'constructor', '__proto__']);

/** Claims the class names of the block types, before anything refers to them. */
export function claimBlockTypes(ctx: EmitContext): Map<string, string> {
  const m = new Map<string, string>();
  for (const t of ctx.device.blockTypes) m.set(t.name, ctx.scope.claim(pascal(t.name)));
  return m;
}

function registerCtor(ctx: EmitContext, r: IrRegister, at: string): string {
  const l = ctx.registers.get(r)!.layout;
  if (r.array) {
    const cls = ctx.value(r.width === 64 ? 'Register64Array' : 'RegisterArray');
    return `new ${cls}(io, ${at}, ${r.array.count}, ${hex(r.array.stride)}, ${l})`;
  }
  return `new ${ctx.value(r.width === 64 ? 'Register64' : 'Register')}(io, ${at}, ${l})`;
}

/** Member declarations and constructor statements for the nodes of a BAR or block. */
function members(ctx: EmitContext, nodes: readonly IrNode[], classes: Map<string, string>, rel: boolean): { decls: string; inits: string } {
  const decls: string[] = [];
  const inits: string[] = [];
  const at = (offset: number): string => (rel ? `base + ${hex(offset)}` : hex(offset));
  for (const n of nodes) {
    const prop = member(n.name, RESERVED);
    if (n.kind === 'register') {
      const rn = ctx.registers.get(n)!;
      decls.push(`${doc(`${n.name}${n.array ? `[${n.array.count}]` : ''} @ ${hex(n.offset)}${n.doc ? ` — ${n.doc}` : ''} (fields: \`${rn.fields}\`)`)}readonly ${prop}: ${rn.type};`);
      inits.push(`this.${prop} = ${registerCtor(ctx, n, at(n.offset))};`);
    } else {
      const cls = classes.get(n.type);
      if (cls === undefined) throw new Error(`ts backend: block ${n.name} has unknown type ${n.type} (IR inconsistent)`);
      const where = `${n.name}${n.array ? `[${n.array.count}]` : ''} @ ${hex(n.offset)}${n.array ? ` stride ${hex(n.array.stride)}` : ''}`;
      if (n.array) {
        decls.push(`${doc(`${where}${n.doc ? ` — ${n.doc}` : ''}`, '`.at(i)` gives instance i.')}readonly ${prop}: ${ctx.value('BlockArray')}<${cls}>;`);
        inits.push(`this.${prop} = new BlockArray(${str(n.name)}, ${n.array.count}, (i) => new ${cls}(io, ${at(n.offset)} + i * ${hex(n.array.stride)}));`);
      } else {
        decls.push(`${doc(`${where}${n.doc ? ` — ${n.doc}` : ''}`)}readonly ${prop}: ${cls};`);
        inits.push(`this.${prop} = new ${cls}(io, ${at(n.offset)});`);
      }
    }
  }
  return { decls: decls.join('\n'), inits: inits.join('\n') };
}

export function emitBlockClass(ctx: EmitContext, t: IrBlockType, classes: Map<string, string>): string {
  const name = classes.get(t.name)!;
  const { decls, inits } = members(ctx, t.nodes, classes, true);
  return (
    `${doc(`Block ${t.name} (${hex(t.size)} bytes)${t.doc ? ` — ${t.doc}` : ''}`)}export class ${name} {\n` +
    `static readonly size = ${hex(t.size)};\n${decls}\n\n` +
    `constructor(readonly io: ${ctx.type('Mmio')}, readonly base: number) {\n${inits}\n}\n}\n`
  );
}

export function barClassName(ctx: EmitContext, bar: IrBar): string {
  return pascal(`${ctx.device.name}_${bar.name}`);
}

export function emitBarClass(ctx: EmitContext, bar: IrBar, classes: Map<string, string>): string {
  const name = ctx.scope.claim(barClassName(ctx, bar));
  const { decls, inits } = members(ctx, bar.nodes, classes, false);
  const what = `${ctx.device.name} BAR ${bar.index} (${bar.name})`;
  return (
    `${doc(`BAR ${bar.index} "${bar.name}": ${bar.kind}, ${hex(bar.size)} bytes${bar.doc ? ` — ${bar.doc}` : ''}`, 'Construct over the mapped BAR (`device.bar(' + bar.index + ')`).')}` +
    `export class ${name} {\n/** Bytes the mapping must cover. */\nstatic readonly size = ${hex(bar.size)};\n${decls}\n\n` +
    `constructor(readonly io: ${ctx.type('Mmio')}) {\n${ctx.value('requireSize')}(io, ${hex(bar.size)}, ${str(what)});\n${inits}\n}\n}\n`
  );
}
