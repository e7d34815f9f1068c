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
 * Emits the field set, layout and capability type of `r`; `prefix` makes the names unique (the
 * block type or layout holding the register). `word`: a DMA layout word (always plain read-write).
 */
export function emitRegisterDefinition(ctx: EmitContext, w: Writer, r: IrRegister, prefix: string, word = false): void {
  const base = pascal(prefix === '' ? r.name : `${prefix}_${r.name}`);
  const n: RegisterNames = {
    fields: ctx.scope.claim(base),
    layout: ctx.scope.claim(`${camel(base)}Layout`),
    type: ctx.scope.claim(`${base}${word ? 'Word' : 'Register'}`),
  };
  ctx.registers.set(r, n);
  const wide = r.width === 64;
  const where = `${r.name}${r.array ? `[${r.array.count}]` : ''} @ ${hex(r.offset)}${r.array ? ` stride ${hex(r.array.stride)}` : ''}`;
  w.doc(`${where}, ${r.width}-bit${r.volatile ? ' volatile' : ''}, reset ${r.reset}${r.doc ? ` — ${r.doc}` : ''}`);
  w.open(`export const ${n.fields} = {`);
  for (const f of r.fields) {
    w.doc(`${bitRange(f)} ${accessLabel(f)}${f.volatile ? ' volatile' : ''}${f.doc ? ` — ${f.doc}` : ''}`);
    const [fn, args] = fieldCall(ctx, f, wide);
    w.call(`${f.name}: ${fn}(`, args, '),');
  }
  w.close('};');

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
  if (masks.length === 0) w.call(`const ${n.layout} = ${fn}(`, args, ');');
  else w.hugCall(`const ${n.layout} = ${fn}(`, args, obj(masks), ');');

  if (r.ops.readHasSideEffect) w.doc(`${r.name}: reading has side effects, so only the read-named method reads it.`);
  w.intersection(`export type ${n.type} = `, capabilities(ctx, r, n.fields, word));
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
