// Emits a register's composer: the function write({…}) and modify({…}) call to insert field values,
// with every mask and shift a constant known now, so V8 inlines it and (the caller's object literal
// not escaping) a modify allocates nothing. The run-time compose() walked the object's keys instead
// (bench/README.md). Values the inline test does not take (enum names, a flag given as 0/1, anything
// out of range, a field that is not writable) go to the core's encodeField, which throws what
// Field.encode throws. Registers with the same field shapes share one composer.
//
// modify() gets a whole generated routine (emitModifier): one read, the kept bits and the inserts as
// constants, one write. V8 inlines it into Register.modify and the caller's loop; a composer called
// from the core's generic modify, with the layout's masks as loads, measured ~1.5× slower
// (bench/README.md, issue 13).
import type { IrField, IrRegister } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { camel, str } from './names.js';
import { bitsOf, hex } from '../../ir/bits.js';
import type { Writer } from './writer.js';

const writable = (f: IrField): boolean => f.sw === 'rw' || f.sw === 'w';

/** What makes two composers the same code: each field's name, position, width, kind and writability. */
function shapeKey(r: IrRegister): string {
  let k = '';
  for (const f of r.fields) k += `${f.name}:${f.lsb}:${f.width}:${f.width === 1 ? 'f' : 'u'}:${writable(f) ? 'w' : 'r'};`;
  return k;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `v.name`, or an own-property read when `name` is also an Object.prototype member (`constructor`). */
function valueOf(name: string): string {
  if (name in Object.prototype) return `Object.hasOwn(v, ${str(name)}) ? v[${str(name)}] : undefined`;
  return IDENT.test(name) ? `v.${name}` : `v[${str(name)}]`;
}

/** The statement inserting field `f` (index `i`): an inline fast path, encodeField for the rest. */
function insert(f: IrField, i: number, enc: string): string {
  const mask = Number(bitsOf(f.lsb, f.width));
  const slow = `${enc}(l, ${i}, f)`;
  const clear = mask === 0xffffffff ? '0' : `(x & ~${hex(mask)})`;
  if (!writable(f)) return `if (f !== undefined) ${slow};`;
  let fast: string;
  if (f.width === 1) fast = `f === true ? ${hex(mask)} : f === false ? 0 : ${slow}`;
  else {
    const fits = f.width >= 32 ? 'f === f >>> 0' : `f === f >>> 0 && f <= ${hex(2 ** f.width - 1)}`;
    fast = `${fits} ? ${f.lsb === 0 ? 'f' : `f << ${f.lsb}`} : ${slow}`;
  }
  // prettier drops parentheses around a ternary that is the whole right-hand side.
  return `if (f !== undefined) x = ${clear === '0' ? fast : `${clear} | (${fast})`};`;
}

/** Emits (once per field shape) the composer of a ≤32-bit register and returns its name. */
export function emitComposer(ctx: EmitContext, w: Writer, r: IrRegister, base: string): string | undefined {
  if (r.fields.length === 0 || r.width === 64) return undefined;
  const key = shapeKey(r);
  const known = ctx.composers.get(key);
  if (known !== undefined) return known;
  const name = ctx.scope.claim(`compose${base}`);
  ctx.composers.set(key, name);
  const enc = ctx.value('encodeField');
  const params = [`x: number`, `v: ${ctx.type('ComposeInput')}`, `l: ${ctx.type('RegisterLayout')}`];
  w.doc(`Inserts ${r.fields.map((f) => f.name).join(', ')} into \`x\` (the ${camel(base)} composer; masks and shifts are constants).`);
  w.openParams(`function ${name}`, params, ': number');
  r.fields.forEach((f, i) => {
    w.line(`${i === 0 ? 'let f = ' : 'f = '}${valueOf(f.name)};`);
    w.line(insert(f, i, enc));
  });
  w.line('return x >>> 0;');
  w.close('}');
  return name;
}

/** Emits (once per field shape, width and masks) the modify() routine of a register; returns its name. */
export function emitModifier(ctx: EmitContext, w: Writer, r: IrRegister, base: string): string | undefined {
  if (r.fields.length === 0 || r.width === 64 || !r.ops.modify || r.ops.readHasSideEffect) return undefined;
  const keep = Number(BigInt(r.masks.keep));
  const modifyBase = Number(BigInt(r.masks.modifyBase));
  const key = `${shapeKey(r)}|${r.width}|${keep}|${modifyBase}`;
  const known = ctx.modifiers.get(key);
  if (known !== undefined) return known;
  const name = ctx.scope.claim(`modify${base}`);
  ctx.modifiers.set(key, name);
  const enc = ctx.value('encodeField');
  const params = [`io: ${ctx.type('Mmio')}`, 'o: number', `v: ${ctx.type('ComposeInput')}`, `l: ${ctx.type('RegisterLayout')}`];
  const all = r.width === 32 ? 0xffffffff : 2 ** r.width - 1;
  const read = `io.read${r.width}(o)`;
  const kept = keep === all ? read : `${read} & ${hex(keep)}`;
  w.doc(`modify() of ${camel(base)}: one read, ${r.fields.map((f) => f.name).join(', ')} inserted among the kept bits, one write.`);
  w.openParams(`function ${name}`, params, ': void');
  w.line(`let x = ${modifyBase === 0 ? kept : `(${kept}) | ${hex(modifyBase)}`};`);
  r.fields.forEach((f, i) => {
    w.line(`${i === 0 ? 'let f = ' : 'f = '}${valueOf(f.name)};`);
    w.line(insert(f, i, enc));
  });
  // Inserts and kept bits lie inside the width: only a 32-bit value needs making unsigned again.
  // A 32-bit x is an int32: made unsigned only when negative (the written value is unsigned either
  // way), since V8 checks a value it knows is a non-negative int32 more cheaply than a uint32
  // (bench/README.md, issue 13). Narrower values lie inside their width already.
  if (r.width === 32) {
    w.line('if (x < 0) io.write32(o, x >>> 0);');
    w.line('else io.write32(o, x);');
  } else w.line(`io.write${r.width}(o, x);`);
  w.close('}');
  return name;
}
