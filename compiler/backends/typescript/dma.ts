// Emits DMA layouts (a view class per layout whose words are plain registers over host memory, and a
// publish() order: every word, fence, owner/done word last) and rings (entry views by index).
import type { IrLayout, IrRing } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { camel, lit, pascal, str } from './names.js';
import { emitRegisterDefinition } from './registers.js';
import { arr, obj, type Val, type Writer } from './writer.js';
import { bitsOf, hex } from '../../ir/bits.js';

// Members of the core DmaView a word may not shadow.
const VIEW_MEMBERS = new Set(['io', 'base', 'spec', 'order', 'lastWord', 'doneWord', 'publish', 'isDone', 'writeWord', 'constructor', '__proto__']);

function fieldMask(l: IrLayout, word: string, field: string): { mask: string; lsb: number; big: boolean } {
  const w = l.words.find((x) => x.name === word);
  const f = w?.fields.find((x) => x.name === field);
  if (w === undefined || f === undefined) throw new Error(`ts backend: layout ${l.name}: no field ${word}.${field} (IR inconsistent)`);
  if (w.array) throw new Error(`ts backend: layout ${l.name}: the owner/done word ${word} is an array word (not supported)`);
  const big = w.width === 64;
  return { mask: lit(hex(bitsOf(f.lsb, f.width)), big), lsb: f.lsb, big };
}

/** Emits a layout's word definitions, publish-values type, spec and view class; returns the class name. */
export function emitLayout(ctx: EmitContext, w: Writer, l: IrLayout): string {
  for (const word of l.words) {
    if (VIEW_MEMBERS.has(word.name)) throw new Error(`ts backend: layout ${l.name}: a word may not be called '${word.name}' (a DmaView member)`);
    emitRegisterDefinition(ctx, w, word, l.name, true);
    w.blank();
  }
  const className = ctx.scope.claim(pascal(l.name));
  const values = ctx.scope.claim(`${className}Values`);
  const spec = ctx.scope.claim(`${camel(l.name)}Spec`);

  w.doc(`What ${className}.publish() takes: each word's raw value or field values (missing words get their reset value).`);
  w.open(`export type ${values} = {`);
  for (const word of l.words) {
    const v = `${ctx.type('WordValue')}<typeof ${ctx.registers.get(word)!.fields}${word.width === 64 ? ', bigint' : ''}>`;
    w.typeLine(`readonly ${word.name}?: `, word.array ? `readonly ${v}[]` : v, ';');
  }
  w.close('};');

  const words = l.words.map((word): Val => {
    const e: [string, Val][] = [['name', str(word.name)], ['offset', String(word.offset)], ['layout', ctx.registers.get(word)!.layout]];
    if (word.array) e.push(['array', obj([['count', String(word.array.count)], ['stride', String(word.array.stride)]])]);
    return obj(e);
  });
  const entries: [string, Val][] = [['name', str(l.name)], ['size', String(l.size)], ['align', String(l.align)], ['words', arr(words)]];
  let lastDoc = 'publish() writes every word.';
  if (l.owner) {
    const m = fieldMask(l, l.owner.word, l.owner.field);
    const value = lit(hex(BigInt(l.owner.value) << BigInt(m.lsb)), m.big);
    entries.push(['last', obj([['word', str(l.owner.word)], ['mask', m.mask], ['value', value]])]);
    lastDoc = `publish() writes every other word, fences, then ${l.owner.word} with ${l.owner.field} = ${l.owner.value}.`;
  } else if (l.done) {
    const m = fieldMask(l, l.done.word, l.done.field);
    entries.push(['last', obj([['word', str(l.done.word)], ['mask', m.mask], ['value', lit('0x0', m.big)]])]);
    lastDoc = `publish() writes every other word, fences, then ${l.done.word} with ${l.done.field} cleared.`;
  }
  if (l.done) entries.push(['done', obj([['word', str(l.done.word)], ['mask', fieldMask(l, l.done.word, l.done.field).mask]])]);
  w.value(`const ${spec}: ${ctx.type('DmaLayoutSpec')} = `, obj(entries, true), ';');

  w.doc(`Layout ${l.name}: ${l.size} bytes, aligned to ${l.align}${l.doc ? ` — ${l.doc}` : ''}`, lastDoc, l.done ? `isDone() reads ${l.done.word}.${l.done.field}.` : '');
  w.open(`export class ${className} extends ${ctx.value('DmaView')}<${values}> {`);
  w.line(`static readonly size = ${l.size};`);
  w.line(`static readonly align = ${l.align};`);
  for (const word of l.words) {
    const where = `${word.name}${word.array ? `[${word.array.count}]` : ''} @ +${hex(word.offset)}${word.array ? ` stride ${hex(word.array.stride)}` : ''}`;
    w.doc(`${where}, ${word.width}-bit${word.doc ? ` — ${word.doc}` : ''}`);
    w.line(`declare readonly ${word.name}: ${ctx.registers.get(word)!.type};`);
  }
  w.blank();
  w.openParams('constructor', [`io: ${ctx.type('Mmio')}`, 'base = 0']);
  w.line(`super(io, base, ${spec});`);
  w.close('}');
  w.close('}');
  return className;
}

export function emitRing(ctx: EmitContext, w: Writer, r: IrRing, layoutClass: string): void {
  const name = ctx.scope.claim(`${pascal(r.name)}Ring`);
  const refs = (['tail', 'head', 'baseLo', 'baseHi', 'length'] as const).filter((k) => r[k] !== undefined);
  w.doc(
    `Ring ${r.name} of ${r.layout}${r.doc ? ` — ${r.doc}` : ''}`,
    refs.length > 0 ? `Device registers: ${refs.map((k) => `${k} ${r[k]!.path.join('.')} @ ${hex(r[k]!.offset)}`).join(', ')}.` : '',
    '`at(i)` gives entry i (made once, on first use).',
  );
  w.open(`export class ${name} extends ${ctx.value('Ring')}<${layoutClass}> {`);
  if (r.count !== undefined) w.line(`static readonly defaultCount = ${r.count};`);
  if (refs.length > 0) {
    w.doc('The device registers that drive this ring.');
    const table = refs.map((k): [string, Val] => {
      const x = r[k]!;
      return [k, obj([['bar', String(x.bar)], ['path', str(x.path.join('.'))], ['offset', hex(x.offset)], ['width', String(x.width)]])];
    });
    w.value('static readonly registers = ', obj(table), ' as const;');
  }
  w.openParams('constructor', [`io: ${ctx.type('Mmio')}`, r.count !== undefined ? `count = ${r.count}` : 'count: number', 'base = 0']);
  w.call('super(', [str(r.name), 'io', 'base', 'count', layoutClass], ');');
  w.close('}');
  w.close('}');
}
