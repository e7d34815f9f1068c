// Emits the static part of each register definition: its field set (exported decoders), its layout
// (the compiler's safe-write masks) and its capability type, which exposes only the operations IrOps
// allows. Also the device's enums.
import type { IrEnum, IrField, IrRegister } from '../../ir/ir.js';
import type { EmitContext, RegisterNames } from './context.js';
import { camel, lit, pascal, str } from './names.js';
import { obj, type Writer } from './writer.js';
import { accessLabel } from '../shared/access.js';
import { emitComposer, emitModifier } from './compose.js';
import { hex } from '../../ir/bits.js';

export function emitEnum(ctx: EmitContext, w: Writer, e: IrEnum): void {
  const name = ctx.scope.claim(pascal(e.name));
  ctx.enums.set(e.name, name);
  w.doc(e.doc);
  // An enum with the same values (names, numbers and docs) as one emitted before is that constant
  // under its own name: one type for tsc to check, and registers using either share one field set.
  const key = e.values.map((v) => `${v.name}=${v.value}=${v.doc}`).join('\n');
  const same = ctx.enumsByValues.get(key);
  if (same !== undefined) {
    // An export specifier, not `const`: tsc 7 walks every top-level `const` back from each reference
    // (bench/README.md, issue 13), and the field sets refer to the first constant anyway.
    ctx.enums.set(e.name, same);
    w.line(`export { ${same} as ${name} };`);
    return;
  }
  ctx.enumsByValues.set(key, name);
  const head = `export const ${name} = ${ctx.value('enumeration')}({`;
  if (e.values.length === 0) w.line(`${head}});`);
  else {
    w.open(head);
    for (const v of e.values) {
      w.doc(v.doc);
      w.line(`${v.name}: ${v.value},`);
    }
    w.close('});');
  }
  w.typeLine(`export type ${name} = `, `${ctx.type('EnumValue')}<typeof ${name}>`, ';');
}


const bitRange = (f: IrField): string => (f.width === 1 ? `[${f.lsb}]` : `[${f.lsb + f.width - 1}:${f.lsb}]`);

/** The field helper call: function name and arguments. */
function fieldCall(ctx: EmitContext, f: IrField, wide: boolean): [string, string[]] {
  const enumName = f.enum !== undefined && f.width <= 32 ? ctx.enums.get(f.enum) : undefined;
  const effect = f.onWrite === 'none' ? [] : [str(f.onWrite)];
  const base = [str(f.name), String(f.lsb)];
  if (enumName !== undefined) return [ctx.value(wide ? 'enumField64' : 'enumField'), [...base, String(f.width), str(f.sw), enumName, ...effect]];
  if (f.width === 1) return [ctx.value(wide ? 'flag64' : 'flag'), [...base, str(f.sw), ...effect]];
  const fn = wide ? (f.width > 32 ? 'wide64' : 'uint64') : 'uint';
  return [ctx.value(fn), [...base, String(f.width), str(f.sw), ...effect]];
}

/**
 * `enum by`: `<Reg><Field>Names`, the field's enums by the selector's value name, with nameOf(selector,
 * value) and decode(raw) → `{ sct: 'media', sc: 'unrecovered_read' }` (runtime/registers/fields.ts).
 */
function emitEnumBy(ctx: EmitContext, w: Writer, f: IrField, fieldSet: string, base: string): void {
  const by = f.enumBy!;
  const name = ctx.scope.claim(`${base}${pascal(f.name)}Names`);
  const tables = by.cases.map((c): [string, string] => [c.key, ctx.enums.get(c.enum) ?? pascal(c.enum)]);
  w.doc(`${f.name}'s names by ${by.field} (enum by): ${by.cases.map((c) => `${c.key} → ${c.enum}`).join(', ')}; \`${name}.decode(raw)\` gives both fields by name.`);
  // prettier hugs the last argument, an object literal.
  w.hugCall(`export const ${name} = ${ctx.value('enumBy')}(`, [fieldSet, str(by.field), str(f.name)], obj(tables), ');');
}

/**
 * Emits the field set, layout and capability type of `r`; `prefix` makes the names unique (the
 * block type or layout holding the register). `word`: a DMA layout word (always plain read-write).
 */
export function emitRegisterDefinition(ctx: EmitContext, w: Writer, r: IrRegister, prefix: string, word = false, group?: LayoutGroup): void {
  const base = pascal(prefix === '' ? r.name : `${prefix}_${r.name}`);
  const exported = ctx.scope.claim(base);
  // Registers with identical fields (names, bits, access, effects, enum values, docs) share the first
  // one's field-set constant and, with the same operations, its capability type: tsc then checks one
  // type per field set instead of one per register (issue 13: 210 s for 10,000 registers).
  const key = fieldSetKey(ctx, r);
  const same = ctx.fieldSets.get(key);
  const layoutKey = group ? layoutMember(r.name) : '';
  const n: RegisterNames = {
    fields: same ?? exported,
    layout: group ? `${(group.name ??= ctx.scope.claim(`${camel(group.owner)}Layouts`))}.${layoutKey}` : ctx.scope.claim(`${camel(base)}Layout`),
    type: ctx.scope.claim(`${base}${word ? 'Word' : 'Register'}`),
  };
  ctx.registers.set(r, n);
  const wide = r.width === 64;
  const where = `${r.name}${r.array ? `[${r.array.count}]` : ''} @ ${hex(r.offset)}${r.array ? ` stride ${hex(r.array.stride)}` : ''}`;
  const doc = `${where}, ${r.width}-bit${r.volatile ? ' volatile' : ''}, reset ${r.reset}${r.doc ? ` — ${r.doc}` : ''}`;
  if (same !== undefined) {
    w.doc(`${doc}${doc.includes('\n') ? '\n' : '; '}the fields of \`${same}\``);
    // An export specifier, not `const X = Y`: tsc 7 walks back over every top-level `const` from each
    // reference to an import or a distant constant (bench/README.md, issue 13).
    w.line(`export { ${same} as ${exported} };`);
  } else {
    ctx.fieldSets.set(key, n.fields);
    w.doc(doc);
    w.open(`export const ${n.fields} = {`);
    for (const f of r.fields) {
      w.doc(`${bitRange(f)} ${accessLabel(f)}${f.volatile ? ' volatile' : ''}${f.doc ? ` — ${f.doc}` : ''}`);
      const [fn, args] = fieldCall(ctx, f, wide);
      w.call(`${f.name}: ${fn}(`, args, '),');
    }
    w.close('};');
  }
  const fieldSet = n.fields;
  for (const f of r.fields) if (f.enumBy) emitEnumBy(ctx, w, f, fieldSet, base);

  const composer = emitComposer(ctx, w, r, base);
  const modifier = emitModifier(ctx, w, r, base);
  const m = r.masks;
  const masks = (
    [
      ['keep', m.keep],
      ['writeBase', m.writeBase],
      ['modifyBase', m.modifyBase],
      ['ackBase', m.ackBase],
      ['ack1', m.ackW1],
      ['ack0', m.ackW0],
    ] as const
  )
    .filter(([, v]) => v !== '0x0')
    .map(([k, v]): [string, string] => [k, lit(v, wide)])
    .concat(r.ops.readHasSideEffect ? [['readEffect', 'true']] : [])
    .concat(r.split ? [['split', str(r.split)]] : [])
    .concat(composer !== undefined ? [['compose', composer]] : [])
    .concat(modifier !== undefined ? [['modify', modifier]] : []);
  const fn = wide ? ctx.value('layout64') : ctx.value('layout');
  const args = wide ? [str(r.name), n.fields] : [str(r.name), String(r.width), n.fields];
  if (group) group.entries.push({ key: layoutKey, head: `${layoutKey}: ${fn}(`, args, masks });
  else if (masks.length === 0) w.call(`const ${n.layout} = ${fn}(`, args, ');');
  else w.hugCall(`const ${n.layout} = ${fn}(`, args, obj(masks), ');');

  if (r.ops.readHasSideEffect) w.doc(`${r.name}: reading has side effects, so only the read-named method reads it.`);
  const caps = capabilities(ctx, r, fieldSet, word);
  const capsKey = caps.join(' & ');
  const sameType = ctx.capabilityTypes.get(capsKey);
  if (sameType !== undefined) {
    // prettier breaks a long alias of a plain type name after `=`.
    const one = `export type ${n.type} = ${sameType};`;
    if (w.fits(one)) w.line(one);
    else {
      w.line(`export type ${n.type} =`);
      w.enter();
      w.line(`${sameType};`);
      w.leave();
    }
  }
  else {
    ctx.capabilityTypes.set(capsKey, n.type);
    w.intersection(`export type ${n.type} = `, caps);
  }
}

/**
 * The layouts of one block type's (or BAR's) registers, emitted as one module-private object after
 * their definitions: one top-level `const` per block, not per register. tsc 7 checks a reference to an
 * import at the top level of a module by walking back over every earlier top-level `const`, so a
 * `const` per register made the check quadratic (bench/README.md, issue 13).
 */
export interface LayoutGroup {
  /** Claimed with the first register, so a block without registers takes no name. */
  name?: string;
  readonly owner: string;
  readonly doc: string;
  readonly entries: { readonly key: string; readonly head: string; readonly args: readonly string[]; readonly masks: readonly (readonly [string, string])[] }[];
}

export function layoutGroup(owner: string, doc: string): LayoutGroup {
  return { owner, doc, entries: [] };
}

/** A register's key in its layout group: its name (an object literal's `__proto__` would set the prototype). */
const layoutMember = (name: string): string => (name === '__proto__' ? '__proto___' : name);

export function emitLayoutGroup(w: Writer, g: LayoutGroup): void {
  if (g.name === undefined) return;
  w.doc(g.doc);
  w.open(`const ${g.name} = {`);
  for (const e of g.entries) {
    if (e.masks.length === 0) w.call(e.head, e.args, '),');
    else w.hugCall(e.head, e.args, obj(e.masks), '),');
  }
  w.close('};');
}

/** What the emitted field-set constant is made of: equal keys, equal text (an enum by the first constant with its values). */
function fieldSetKey(ctx: EmitContext, r: IrRegister): string {
  let k = r.width === 64 ? '64' : '32';
  for (const f of r.fields) {
    const e = f.enum !== undefined && f.width <= 32 ? ctx.enums.get(f.enum) : undefined;
    k += `\n${f.name}\t${f.lsb}\t${f.width}\t${f.sw}\t${f.onRead}\t${f.onWrite}\t${f.volatile}\t${e ?? ''}\t${f.doc}`;
  }
  return k;
}

/** The capability types IrOps allows (type-level only: the core class has every method). */
function capabilities(ctx: EmitContext, r: IrRegister, F: string, word: boolean): string[] {
  const fs = `typeof ${F}`;
  const big = r.width === 64 ? ', bigint' : '';
  // A device-written (ro) word falls through: read-only capabilities like a ro register's.
  if (word && r.ops.write) return [`${ctx.type(r.array ? 'WordArray' : 'Word')}<${fs}${big}>`];
  // Trailing generic arguments: value type and index tuple (defaults number and [] are left out).
  // Functions, not strings: naming `Indexed` imports it, and a register whose fields are all `na` has
  // no capability that takes an index (an unused import fails noUnusedLocals).
  const idx = (): string => (r.array ? `, ${ctx.type('Indexed')}` : '');
  const vi = (): string => (r.array ? `, ${r.width === 64 ? 'bigint' : 'number'}${idx()}` : big);
  const o = r.ops;
  const caps: string[] = [];
  if (o.read && !o.readHasSideEffect) caps.push(`${ctx.type('Readable')}<${fs}${vi()}>`);
  if (o.read && o.readHasSideEffect) {
    const effects = new Set(r.fields.map((f) => f.onRead).filter((x) => x !== 'none'));
    const t = effects.size > 1 ? 'ReadsWithSideEffects' : effects.has('set') ? 'ReadsAndSets' : 'ReadsAndClears';
    caps.push(`${ctx.type(t)}<${fs}${vi()}>`);
  }
  if (o.write) caps.push(`${ctx.type('Writable')}<${fs}${vi()}>`);
  if (o.modify) caps.push(`${ctx.type('Modifiable')}<${fs}${idx()}>`);
  if (o.ackW1 !== 'none') caps.push(`${ctx.type('Acks')}<${fs}${idx()}>`);
  if (o.ackW0 !== 'none') caps.push(`${ctx.type('Clears')}<${fs}${idx()}>`);
  if (r.array) caps.push(ctx.type('Sized'));
  if (caps.length === 0 || (caps.length === 1 && r.array)) caps.unshift(`${ctx.type('HasFields')}<${fs}>`);
  return caps;
}
