// Emits the accessor classes: one per BAR with registers, one per block type. Each register gets one
// accessor object, created in the constructor; block arrays are built once too, so no access allocates.
import type { IrBar, IrBlockType, IrExpr, IrNode, IrRegister } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { member, pascal, str } from './names.js';
import type { Writer } from './writer.js';
import { hex } from '../../ir/bits.js';
import { exprText, exprValue } from '../shared/expr.js';

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
  /** A statement before the constructor call (a run-time stride). */
  readonly before?: string;
  /** A run-time stride the constructor takes in `strides` (the member's name). */
  readonly stride?: string;
}

/** A run-time expression as TypeScript, each field one read through its BAR member (`this.cap.get('dstrd')`). */
export function tsValue(e: IrExpr, self: string): string {
  return exprValue(e, (ref) => `Number(${self}.${ref.path.join('.')}.get(${str(ref.field)}))`, (l, r) => `Math.trunc(${l} / ${r})`);
}

function registerMember(ctx: EmitContext, r: IrRegister, at: string, bar?: IrBar): Member {
  const rn = ctx.registers.get(r)!;
  const prop = member(r.name, RESERVED);
  const se = r.array?.strideExpr;
  if (r.array && se && bar) {
    // NVMe 1.4 section 3.1.1: the stride is the device's (read once here, when the BAR is bound, unless
    // the driver passes it); elements a large stride puts past the BAR's end are out of range.
    const cls = ctx.value(r.width === 64 ? 'Register64Array' : `RegisterArray${r.width}`);
    const what = `${ctx.device.name} ${r.name}`;
    const doc = `${r.name}[${r.array.count}] @ ${hex(r.offset)} stride ${exprText(se)} (read when bound: \`.stride\`)${r.doc ? ` — ${r.doc}` : ''} (fields: \`${rn.fields}\`)`;
    const stride = `${ctx.value('runtimeStride')}(${str(what)}, strides.${prop} ?? ${tsValue(se, 'this')}, ${r.width / 8})`;
    return {
      doc,
      decl: `declare readonly ${prop}: ${rn.type};`,
      ctor: [`this.${prop} = new ${cls}(`, ['io', at, `${ctx.value('elementsInside')}(${r.array.count}, ${at}, ${prop}Stride, ${r.width / 8}, ${hex(bar.size)})`, `${prop}Stride`, rn.layout]],
      before: `const ${prop}Stride = ${stride};`,
      stride: prop,
    };
  }
  const doc = `${r.name}${r.array ? `[${r.array.count}]` : ''} @ ${hex(r.offset)}${r.doc ? ` — ${r.doc}` : ''} (fields: \`${rn.fields}\`)`;
  // The width-specific core class: its accesses are direct Mmio calls, no width dispatch per access.
  const cls = ctx.value(r.width === 64 ? (r.array ? 'Register64Array' : 'Register64') : r.array ? `RegisterArray${r.width}` : `Register${r.width}`);
  const args = r.array ? ['io', at, String(r.array.count), hex(r.array.stride), rn.layout] : ['io', at, rn.layout];
  return { doc, decl: `declare readonly ${prop}: ${rn.type};`, ctor: [`this.${prop} = new ${cls}(`, args] };
}

/** Member declarations and constructor calls for the nodes of a BAR (absolute) or block (relative). */
function members(ctx: EmitContext, nodes: readonly IrNode[], classes: Map<string, string>, rel: boolean, bar?: IrBar): Member[] {
  const at = (offset: number): string => (rel ? `base + ${hex(offset)}` : hex(offset));
  return nodes.map((n): Member => {
    if (n.kind === 'register') return registerMember(ctx, n, at(n.offset), bar);
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
  const strides = ms.filter((m) => m.stride !== undefined);
  const ps = params.map(([name, type]) => `${name}: ${type}`);
  if (strides.length) ps.push(`strides: { ${strides.map((m) => `readonly ${m.stride}?: number`).join('; ')} } = {}`);
  w.openParams('constructor', ps);
  for (const [name] of params) w.line(`this.${name} = ${name};`);
  if (first) w.call(first[0], first[1], ');');
  for (const m of ms) {
    if (m.before) w.line(m.before);
    w.call(m.ctor[0], m.ctor[1], ');');
  }
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
  ctx.barClasses.set(bar.index, name);
  const what = `${ctx.device.name} BAR ${bar.index} (${bar.name})`;
  w.doc(`BAR ${bar.index} "${bar.name}": ${bar.kind}, ${hex(bar.size)} bytes${bar.doc ? ` — ${bar.doc}` : ''}`, `Construct over the mapped BAR (\`device.bar(${bar.index})\`).`);
  w.open(`export class ${name} {`);
  w.doc('Bytes the mapping must cover.');
  w.line(`static readonly size = ${hex(bar.size)};`);
  const check = [`${ctx.value('requireSize')}(`, ['io', hex(bar.size), str(what)]] as const;
  emitBody(w, members(ctx, bar.nodes, classes, false, bar), [['io', ctx.type('Mmio')]], check);
  w.close('}');
}
