// Emits a register's composer: the function write({…}) and modify({…}) call to insert field values,
// with every mask and shift a constant known now, so V8 inlines it and (the caller's object literal
// not escaping) a modify allocates nothing. The run-time compose() walked the object's keys instead
// (bench/README.md). Values the inline test does not take (enum names, a flag given as 0/1, anything
// out of range, a field that is not writable) go to the core's encodeField, which throws what
// Field.encode throws. Registers with the same field shapes share one composer.
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
