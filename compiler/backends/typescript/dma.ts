// Emits DMA layouts (a view class per layout whose words are plain registers over host memory, and a
// publish() order: every word, fence, owner/done word last) and rings (entry views by index).
import type { IrLayout, IrRing } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { camel, doc, hex, lit, pascal, str } from './names.js';
import { emitRegisterDefinition } from './registers.js';

// Members of the core DmaView a word may not shadow.
const VIEW_MEMBERS = new Set(['io', 'base', 'spec', 'order', 'lastWord', 'doneWord', 'publish', 'isDone', 'writeWord', 'constructor', '__proto__']);

function fieldMask(l: IrLayout, word: string, field: string): { mask: string; lsb: number; big: boolean } {
  const w = l.words.find((x) => x.name === word);
  const f = w?.fields.find((x) => x.name === field);
  if (w === undefined || f === undefined) throw new Error(`ts backend: layout ${l.name}: no field ${word}.${field} (IR inconsistent)`);
  if (w.array) throw new Error(`ts backend: layout ${l.name}: the owner/done word ${word} is an array word (not supported)`);
  const big = w.width === 64;
  return { mask: lit('0x' + (((1n << BigInt(f.width)) - 1n) << BigInt(f.lsb)).toString(16), big), lsb: f.lsb, big };
}

export function emitLayout(ctx: EmitContext, l: IrLayout): { code: string; className: string } {
  const defs = l.words.map((w) => emitRegisterDefinition(ctx, w, l.name, true)).join('\n');
  const className = ctx.scope.claim(pascal(l.name));
  const values = ctx.scope.claim(`${className}Values`);
  const spec = ctx.scope.claim(`${camel(l.name)}Spec`);
  for (const w of l.words) {
    if (VIEW_MEMBERS.has(w.name)) throw new Error(`ts backend: layout ${l.name}: a word may not be called '${w.name}' (a DmaView member)`);
  }
  const words = l.words.map((w) => {
    const array = w.array ? `, array: { count: ${w.array.count}, stride: ${w.array.stride} }` : '';
    return `{ name: ${str(w.name)}, offset: ${w.offset}, layout: ${ctx.registers.get(w)!.layout}${array} }`;
  });
  let last = '';
  let lastDoc = 'publish() writes every word.';
  if (l.owner) {
    const m = fieldMask(l, l.owner.word, l.owner.field);
    const value = lit('0x' + (BigInt(l.owner.value) << BigInt(m.lsb)).toString(16), m.big);
    last = `last: { word: ${str(l.owner.word)}, mask: ${m.mask}, value: ${value} },`;
    lastDoc = `publish() writes every other word, fences, then ${l.owner.word} with ${l.owner.field} = ${l.owner.value}.`;
  } else if (l.done) {
    const m = fieldMask(l, l.done.word, l.done.field);
    last = `last: { word: ${str(l.done.word)}, mask: ${m.mask}, value: ${lit('0x0', m.big)} },`;
    lastDoc = `publish() writes every other word, fences, then ${l.done.word} with ${l.done.field} cleared.`;
  }
  const done = l.done ? `done: { word: ${str(l.done.word)}, mask: ${fieldMask(l, l.done.word, l.done.field).mask} },` : '';
  const valueType = l.words
    .map((w) => {
      const v = `${ctx.type('WordValue')}<typeof ${ctx.registers.get(w)!.fields}${w.width === 64 ? ', bigint' : ''}>`;
      return `readonly ${w.name}?: ${w.array ? `readonly ${v}[]` : v};`;
    })
    .join('\n');
  const decls = l.words
    .map((w) => {
      const where = `${w.name}${w.array ? `[${w.array.count}]` : ''} @ +${hex(w.offset)}${w.array ? ` stride ${hex(w.array.stride)}` : ''}`;
      return `${doc(`${where}, ${w.width}-bit${w.doc ? ` — ${w.doc}` : ''}`)}declare readonly ${w.name}: ${ctx.registers.get(w)!.type};`;
    })
    .join('\n');
  const code =
    `${defs}\n` +
    `${doc(`What ${className}.publish() takes: each word's raw value or field values (missing words get their reset value).`)}` +
    `export type ${values} = {\n${valueType}\n};\n` +
    `const ${spec}: ${ctx.type('DmaLayoutSpec')} = { name: ${str(l.name)}, size: ${l.size}, align: ${l.align}, words: [\n${words.join(',\n')}\n], ${last} ${done} };\n` +
    doc(`Layout ${l.name}: ${l.size} bytes, aligned to ${l.align}${l.doc ? ` — ${l.doc}` : ''}`, lastDoc, l.done ? `isDone() reads ${l.done.word}.${l.done.field}.` : '') +
    `export class ${className} extends ${ctx.value('DmaView')}<${values}> {\nstatic readonly size = ${l.size};\nstatic readonly align = ${l.align};\n${decls}\n\n` +
    `constructor(io: ${ctx.type('Mmio')}, base = 0) {\nsuper(io, base, ${spec});\n}\n}\n`;
  return { code, className };
}

export function emitRing(ctx: EmitContext, r: IrRing, layoutClass: string): string {
  const name = ctx.scope.claim(`${pascal(r.name)}Ring`);
  const refs = (['tail', 'head', 'baseLo', 'baseHi', 'length'] as const).filter((k) => r[k] !== undefined);
  const regs = refs.map((k) => `${k} ${r[k]!.path.join('.')} @ ${hex(r[k]!.offset)}`).join(', ');
  const table = refs
    .map((k) => `${k}: { bar: ${r[k]!.bar}, path: ${str(r[k]!.path.join('.'))}, offset: ${hex(r[k]!.offset)}, width: ${r[k]!.width} }`)
    .join(', ');
  const count = r.count !== undefined ? `count = ${r.count}` : 'count: number';
  return (
    doc(`Ring ${r.name} of ${r.layout}${r.doc ? ` — ${r.doc}` : ''}`, regs ? `Device registers: ${regs}.` : '', '`at(i)` gives entry i (made once, on first use).') +
    `export class ${name} extends ${ctx.value('Ring')}<${layoutClass}> {\n` +
    (r.count !== undefined ? `static readonly defaultCount = ${r.count};\n` : '') +
    (table ? `/** The device registers that drive this ring. */\nstatic readonly registers = { ${table} } as const;\n` : '') +
    `constructor(io: ${ctx.type('Mmio')}, ${count}, base = 0) {\nsuper(${str(r.name)}, io, base, count, ${layoutClass}.size, (m, b) => new ${layoutClass}(m, b));\n}\n}\n`
  );
}
