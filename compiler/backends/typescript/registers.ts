// Emits the static part of each register definition: its field set (exported decoders), its layout
// (the compiler's safe-write masks) and its capability type, which exposes only the operations IrOps
// allows. Also the device's enums.
import type { IrEnum, IrField, IrRegister } from '../../ir/ir.js';
import type { EmitContext, RegisterNames } from './context.js';
import { camel, doc, hex, lit, pascal, str } from './names.js';

export function emitEnum(ctx: EmitContext, e: IrEnum): string {
  const name = ctx.scope.claim(pascal(e.name));
  ctx.enums.set(e.name, name);
  const values = e.values.map((v) => `${doc(v.doc)}${v.name}: ${v.value},`).join('\n');
  return (
    `${doc(e.doc, `Values of a ${e.width}-bit field; \`${name}.nameOf(v)\` names a value (undefined for undocumented ones).`)}` +
    `export const ${name} = ${ctx.value('enumeration')}({\n${values}\n});\n` +
    `export type ${name} = ${ctx.type('EnumValue')}<typeof ${name}>;\n`
  );
}

/** `rc w1c`, `ro`, `pulse`… — the field's access the way the spec writes it. */
export function accessLabel(f: Pick<IrField, 'sw' | 'onRead' | 'onWrite'>): string {
  const parts: string[] = [];
  if (f.onRead === 'clear') parts.push('rc');
  if (f.onRead === 'set') parts.push('rs');
  if (f.onWrite !== 'none') parts.push(f.onWrite);
  if (parts.length === 0) parts.push({ rw: 'rw', r: 'ro', w: 'wo', na: 'na' }[f.sw]);
  return parts.join(' ');
}

const bitRange = (f: IrField): string => (f.width === 1 ? `[${f.lsb}]` : `[${f.lsb + f.width - 1}:${f.lsb}]`);

function fieldCtor(ctx: EmitContext, f: IrField, wide: boolean): string {
  const enumName = f.enum !== undefined ? ctx.enums.get(f.enum) : undefined;
  const acc = str(f.sw);
  if (enumName !== undefined && f.width <= 32) {
    return `${ctx.value(wide ? 'enumField64' : 'enumField')}(${str(f.name)}, ${f.lsb}, ${f.width}, ${acc}, ${enumName})`;
  }
  if (f.width === 1) return `${ctx.value(wide ? 'flag64' : 'flag')}(${str(f.name)}, ${f.lsb}, ${acc})`;
  if (wide && f.width > 32) return `${ctx.value('wide64')}(${str(f.name)}, ${f.lsb}, ${f.width}, ${acc})`;
  return `${ctx.value(wide ? 'uint64' : 'uint')}(${str(f.name)}, ${f.lsb}, ${f.width}, ${acc})`;
}

function maskOf(r: IrRegister, pick: (f: IrField) => boolean): bigint {
  let m = 0n;
  for (const f of r.fields) if (pick(f)) m |= ((1n << BigInt(f.width)) - 1n) << BigInt(f.lsb);
  return m;
}

const names = (fields: readonly IrField[]): string => (fields.length === 0 ? 'never' : fields.map((f) => str(f.name)).join(' | '));

/**
 * Emits the field set, layout and capability type of `r`; `prefix` makes the names unique (the
 * block type or layout holding the register). `word`: a DMA layout word (always plain read-write).
 */
export function emitRegisterDefinition(ctx: EmitContext, r: IrRegister, prefix: string, word = false): string {
  const base = pascal(prefix === '' ? r.name : `${prefix}_${r.name}`);
  const n: RegisterNames = {
    fields: ctx.scope.claim(base),
    layout: ctx.scope.claim(`${camel(base)}Layout`),
    type: ctx.scope.claim(`${base}${word ? 'Word' : 'Register'}`),
  };
  ctx.registers.set(r, n);
  const wide = r.width === 64;
  const fieldLines = r.fields
    .map((f) => `${doc(`${bitRange(f)} ${accessLabel(f)}${f.volatile ? ' volatile' : ''}${f.doc ? ` — ${f.doc}` : ''}`)}${f.name}: ${fieldCtor(ctx, f, wide)},`)
    .join('\n');
  const regDoc = doc(
    `${r.name}${r.array ? `[${r.array.count}]` : ''} @ ${hex(r.offset)}${r.array ? ` stride ${hex(r.array.stride)}` : ''}, ${r.width}-bit${r.volatile ? ' volatile' : ''}, reset ${r.reset}${r.doc ? ` — ${r.doc}` : ''}`,
  );
  const m = r.masks;
  const ack1 = maskOf(r, (f) => f.onWrite === 'w1c' || f.onWrite === 'w1t');
  const ack0 = maskOf(r, (f) => f.onWrite === 'w0c');
  const masks = [
    ['keep', m.keep],
    ['writeBase', m.writeBase],
    ['modifyBase', m.modifyBase],
    ['ackBase', m.ackBase],
    ['ack1', '0x' + ack1.toString(16)],
    ['ack0', '0x' + ack0.toString(16)],
  ]
    .filter(([, v]) => v !== '0x0')
    .map(([k, v]) => `${k}: ${lit(v!, wide)}`)
    .concat(r.ops.readHasSideEffect ? ['readEffect: true'] : [])
    .join(', ');
  const maskArg = masks === '' ? '' : `, { ${masks} }`;
  const layoutCall = wide
    ? `${ctx.value('layout64')}(${str(r.name)}, ${n.fields}${maskArg})`
    : `${ctx.value('layout')}(${str(r.name)}, ${r.width}, ${n.fields}${maskArg})`;
  return (
    `${regDoc}export const ${n.fields} = {\n${fieldLines}\n};\n` +
    `const ${n.layout} = ${layoutCall};\n` +
    `${doc(`What ${r.name} allows: ${opsSummary(r, word)}.`)}export type ${n.type} = ${capabilities(ctx, r, n.fields, word)};\n`
  );
}

function opsSummary(r: IrRegister, word: boolean): string {
  if (word) return 'read, write, modify (DMA memory)';
  const o = r.ops;
  const parts: string[] = [];
  if (o.read) parts.push(o.readHasSideEffect ? 'a read with side effects (never implicit)' : 'read');
  if (o.write) parts.push('write');
  if (o.modify) parts.push('modify');
  if (o.ackW1 !== 'none') parts.push(`ack (${o.ackW1 === 'write' ? 'read-free' : 'read-modify-write'})`);
  if (o.ackW0 !== 'none') parts.push(`clear (${o.ackW0 === 'write' ? 'read-free' : 'read-modify-write'})`);
  return parts.length === 0 ? 'no access' : parts.join(', ');
}

function capabilities(ctx: EmitContext, r: IrRegister, F: string, word: boolean): string {
  const fs = `typeof ${F}`;
  const V = r.width === 64 ? 'bigint' : 'number';
  if (word) return `${ctx.type(r.array ? 'WordArray' : 'Word')}<${fs}${r.width === 64 ? ', bigint' : ''}>`;
  // Trailing generic arguments: value type and index tuple (defaults number and [] are left out).
  const idx = r.array ? `, ${ctx.type('Indexed')}` : '';
  const vi = r.array ? `, ${V}${idx}` : V === 'bigint' ? ', bigint' : '';
  const o = r.ops;
  const caps: string[] = [];
  if (o.read && !o.readHasSideEffect) caps.push(`${ctx.type('Readable')}<${fs}${vi}>`);
  if (o.read && o.readHasSideEffect) {
    const effects = new Set(r.fields.map((f) => f.onRead).filter((x) => x !== 'none'));
    const t = effects.size > 1 ? 'ReadsWithSideEffects' : effects.has('set') ? 'ReadsAndSets' : 'ReadsAndClears';
    caps.push(`${ctx.type(t)}<${fs}${vi}>`);
  }
  const writable = r.fields.filter((f) => f.sw === 'w' || f.sw === 'rw');
  if (o.write) caps.push(`${ctx.type('Writable')}<${fs}, ${names(writable)}${vi}>`);
  if (o.modify) caps.push(`${ctx.type('Modifiable')}<${fs}, ${names(writable)}${idx}>`);
  if (o.ackW1 !== 'none') caps.push(`${ctx.type('Acks')}<${names(r.fields.filter((f) => f.onWrite === 'w1c' || f.onWrite === 'w1t'))}${idx}>`);
  if (o.ackW0 !== 'none') caps.push(`${ctx.type('Clears')}<${names(r.fields.filter((f) => f.onWrite === 'w0c'))}${idx}>`);
  if (r.array) caps.push(ctx.type('Sized'));
  if (caps.length === 0 || (caps.length === 1 && r.array)) caps.unshift(`${ctx.type('HasFields')}<${fs}>`);
  return caps.join(' & ');
}
