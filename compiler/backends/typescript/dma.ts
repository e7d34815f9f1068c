// Emits DMA layouts (a view class per layout whose words are plain registers over host memory, and a
// publish() order: every word, fence, owner/done word last) and rings (entry views by index).
import type { IrLayout, IrRegister, IrRing } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { camel, lit, pascal, str } from './names.js';
import { emitRegisterDefinition } from './registers.js';
import { arr, obj, type Val, type Writer } from './writer.js';
import { bitsOf, hex } from '../../ir/bits.js';
import { deviceWritten, softwareWrites } from '../shared/layouts.js';

// Members of the core DmaView a word may not shadow.
const VIEW_MEMBERS = new Set(['io', 'base', 'spec', 'order', 'lastWord', 'doneWord', 'publish', 'isDone', 'writeWord', 'word', 'constructor', '__proto__']);

function fieldMask(l: IrLayout, word: string, field: string): { mask: string; lsb: number; big: boolean } {
  const w = l.words.find((x) => x.name === word);
  const f = w?.fields.find((x) => x.name === field);
  if (w === undefined || f === undefined) throw new Error(`ts backend: layout ${l.name}: no field ${word}.${field} (IR inconsistent)`);
  if (w.array) throw new Error(`ts backend: layout ${l.name}: the owner/done word ${word} is an array word (not supported)`);
  const big = w.width === 64;
  return { mask: lit(hex(bitsOf(f.lsb, f.width)), big), lsb: f.lsb, big };
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const prop = (name: string): string => (IDENT.test(name) ? `v.${name}` : `v[${str(name)}]`);
const at = (offset: number): string => (offset === 0 ? 'at' : `at + ${hex(offset)}`);

/** `const wI = <the word's value from v>;` (one call, broken the way prettier breaks it). */
function wordValue(ctx: EmitContext, w: Writer, word: IrRegister, local: string): void {
  const fn = ctx.value(word.width === 64 ? 'dmaWord64' : 'dmaWord');
  w.call(`const ${local} = ${fn}(`, [prop(word.name), ctx.registers.get(word)!.layout], ');');
}

/**
 * The ring's entry writer (runtime/registers/ring.ts DmaEntry): body (every word but the last, in
 * layout order), last (owner forced or done cleared) and done, each word one access at a constant
 * offset. Returns the entry constant's name.
 */
function emitEntry(ctx: EmitContext, w: Writer, l: IrLayout, values: string): string {
  const base = camel(l.name);
  const names = { body: ctx.scope.claim(`${base}Body`), last: ctx.scope.claim(`${base}Last`), done: ctx.scope.claim(`${base}Done`), entry: ctx.scope.claim(`${base}Entry`) };
  const lastName = l.owner?.word ?? l.done?.word;
  const params = [`io: ${ctx.type('Mmio')}`, 'at: number', `v: ${values}`];
  w.blank();
  w.doc(`Writes every word of a ${l.name} entry at \`at\`${lastName ? ` but ${lastName}` : ''}, in layout order (ring publish, first pass).`);
  w.openParams(`function ${names.body}`, params, ': void');
  l.words.forEach((word, i) => {
    if (word.name === lastName || deviceWritten(word)) return;
    if (word.array) {
      const args = ['io', at(word.offset), prop(word.name), String(word.array.count), hex(word.array.stride), ctx.registers.get(word)!.layout];
      w.call(`${ctx.value('dmaWords')}(`, args, ');');
      return;
    }
    wordValue(ctx, w, word, `w${i}`);
    w.line(`io.write${word.width}(${at(word.offset)}, w${i});`);
  });
  w.close('}');
  let last = 'undefined';
  if (lastName !== undefined) {
    const i = l.words.findIndex((x) => x.name === lastName);
    const word = l.words[i]!;
    const f = l.owner ? { ...l.owner, value: l.owner.value } : { word: l.done!.word, field: l.done!.field, value: '0x0' };
    const m = fieldMask(l, f.word, f.field);
    const value = lit('0x' + (BigInt(f.value) << BigInt(m.lsb)).toString(16), m.big);
    const what = l.owner ? `with ${l.owner.field} = ${l.owner.value}` : `with ${l.done!.field} cleared`;
    w.blank();
    w.doc(`Writes the ${lastName} word of a ${l.name} entry ${what} (ring publish, after the fence).`);
    w.openParams(`function ${names.last}`, params, ': void');
    wordValue(ctx, w, word, `w${i}`);
    const forced = `(w${i} & ~${m.mask}) | ${value}`;
    w.line(`io.write${word.width}(${at(word.offset)}, ${word.width === 32 ? `(${forced}) >>> 0` : forced});`);
    w.close('}');
    last = names.last;
  }
  let done = 'undefined';
  if (l.done) {
    const word = l.words.find((x) => x.name === l.done!.word)!;
    const m = fieldMask(l, l.done.word, l.done.field);
    w.blank();
    w.doc(`One read of ${l.done.word}: is ${l.done.word}.${l.done.field} set in the ${l.name} entry at \`at\`?`);
    w.openParams(`function ${names.done}`, [`io: ${ctx.type('Mmio')}`, 'at: number'], ': boolean');
    w.line(`return (io.read${word.width}(${at(word.offset)}) & ${m.mask}) !== ${m.big ? '0n' : '0'};`);
    w.close('}');
    done = names.done;
  }
  w.blank();
  w.call(`const ${names.entry} = ${ctx.value('dmaEntry')}(`, [String(l.size), names.body, last, done], ');');
  return names.entry;
}

/** Emits a layout's word definitions, publish-values type, spec, entry writer and view class; returns the class name. */
export function emitLayout(ctx: EmitContext, w: Writer, l: IrLayout): string {
  for (const word of l.words) {
    if (VIEW_MEMBERS.has(word.name)) throw new Error(`ts backend: layout ${l.name}: a word may not be called '${word.name}' (a DmaView member)`);
    emitRegisterDefinition(ctx, w, word, l.name, true);
    w.blank();
  }
  const className = ctx.scope.claim(pascal(l.name));
  const values = ctx.scope.claim(`${className}Values`);
  const spec = ctx.scope.claim(`${camel(l.name)}Spec`);
  const words = l.words.map((word): Val => {
    const e: [string, Val][] = [['name', str(word.name)], ['offset', String(word.offset)], ['layout', ctx.registers.get(word)!.layout]];
    if (word.array) e.push(['array', obj([['count', String(word.array.count)], ['stride', String(word.array.stride)]])]);
    if (deviceWritten(word)) e.push(['deviceWritten', 'true']);
    return obj(e);
  });
  const entries: [string, Val][] = [['name', str(l.name)], ['size', String(l.size)], ['align', String(l.align)], ['words', arr(words)]];
  const publishes = softwareWrites(l);
  if (publishes) {
    w.doc(`What ${className}.publish() takes: each word's raw value or field values (missing words get their reset value).`);
    w.open(`export type ${values} = {`);
    for (const word of l.words.filter((x) => !deviceWritten(x))) {
      const v = `${ctx.type('WordValue')}<typeof ${ctx.registers.get(word)!.fields}${word.width === 64 ? ', bigint' : ''}>`;
      w.typeLine(`readonly ${word.name}?: `, word.array ? `readonly ${v}[]` : v, ';');
    }
    w.close('};');
  }
  let lastDoc = publishes ? `publish() writes every word${l.words.some(deviceWritten) ? ' software writes (not the device-written ones)' : ''}.` : 'Written only by the device: no publish().';
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
  // Only for layouts a ring uses (noUnusedLocals in a user's tsconfig).
  const entry = publishes && ctx.device.rings.some((r) => r.layout === l.name) ? emitEntry(ctx, w, l, values) : undefined;
  ctx.dmaEntries.set(className, { entry, values });

  w.doc(`Layout ${l.name}: ${l.size} bytes, aligned to ${l.align}${l.doc ? ` — ${l.doc}` : ''}`, lastDoc, l.done ? `isDone() reads ${l.done.word}.${l.done.field}.` : '');
  w.open(publishes ? `export class ${className} extends ${ctx.value('DmaView')}<${values}> {` : `export class ${className} extends ${ctx.value('DmaReadView')} {`);
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
  const doorbell = r.tail !== undefined && r.tail.width <= 32;
  w.doc(
    `Ring ${r.name} of ${r.layout}${r.doc ? ` — ${r.doc}` : ''}`,
    refs.length > 0 ? `Device registers: ${refs.map((k) => `${k} ${r[k]!.path.join('.')} @ ${hex(r[k]!.offset)}`).join(', ')}.` : '',
    '`at(i)` gives entry i (made once, on first use); `publish(entries)` writes a batch from the tail (one fence,',
    `the owner words, one fence${doorbell ? ', one write of `doorbell`, the ' + r.tail!.path.join('.') + ' register' : ''}), \`reap()\` moves the head past finished entries.`,
  );
  // A device-written layout (every word ro) has no entry writer: the ring only reads (Ring<V>, P = never).
  const entry = ctx.dmaEntries.get(layoutClass)!.entry;
  const head = `export class ${name} extends ${ctx.value('Ring')}<${layoutClass}${entry ? `, ${ctx.dmaEntries.get(layoutClass)!.values}` : ''}> {`;
  if (w.fits(head)) w.open(head);
  else {
    // prettier: one type argument per line.
    w.open(`export class ${name} extends Ring<`);
    w.line(`${layoutClass},`);
    w.line(ctx.dmaEntries.get(layoutClass)!.values);
    w.close('> {');
    w.enter();
  }
  if (r.count !== undefined) w.line(`static readonly defaultCount = ${r.count};`);
  if (refs.length > 0) {
    w.doc('The device registers that drive this ring.');
    const table = refs.map((k): [string, Val] => {
      const x = r[k]!;
      return [k, obj([['bar', String(x.bar)], ['path', str(x.path.join('.'))], ['offset', hex(x.offset)], ['width', String(x.width)]])];
    });
    w.value('static readonly registers = ', obj(table), ' as const;');
  }
  const params = [`io: ${ctx.type('Mmio')}`, r.count !== undefined ? `count = ${r.count}` : 'count: number', 'base = 0'];
  if (doorbell && entry) params.push(`doorbell?: ${ctx.type('RingDoorbell')}`);
  w.openParams('constructor', params);
  const args = entry ? [layoutClass, entry, ...(doorbell ? ['doorbell'] : [])] : [layoutClass];
  w.call('super(', [str(r.name), 'io', 'base', 'count', ...args], ');');
  w.close('}');
  w.close('}');
}
