// Emits DMA layouts (a view class per layout whose words are plain registers over host memory, and a
// publish() order: every word, fence, owner/done word last) and rings (entry views by index).
import type { IrExpr, IrLayout, IrLinear, IrRegister, IrRegisterRef, IrRing } from '../../ir/ir.js';
import { tsValue } from './classes.js';
import { exprText } from '../shared/expr.js';
import type { EmitContext } from './context.js';
import { camel, lit, pascal, str } from './names.js';
import { emitRegisterDefinition } from './registers.js';
import { arr, obj, type Val, type Writer } from './writer.js';
import { bitsOf, hex } from '../../ir/bits.js';
import { deviceWritten, softwareWrites } from '../shared/layouts.js';
import { reapBatch, submitBatches, wordBase } from '../shared/batch.js';

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
    if (word.width === 64 && lastName !== undefined) {
      // A number (≤ 2^53) goes in as two 32-bit halves, before the fence that precedes the owner
      // word: no BigInt on the hot path (runtime/registers/ring.ts, dmaSplit64).
      w.call(`${ctx.value('dmaWrite64')}(`, ['io', at(word.offset), prop(word.name), ctx.registers.get(word)!.layout], ');');
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
  const [publish, publishLast, reap] = emitViewLoops(ctx, w, l, values, lastName, names.done, done !== 'undefined');
  w.blank();
  const args = [String(l.size), names.body, last, done];
  if (publish !== undefined) args.push(publish, reap ?? 'undefined', publishLast ?? 'undefined');
  w.call(`const ${names.entry} = ${ctx.value('dmaEntry')}(`, args, ');');
  return names.entry;
}

const TYPED: Record<number, string> = { 8: 'u8', 16: 'u16', 32: 'u32', 64: 'u64' };
const SHIFT: Record<number, number> = { 8: 0, 16: 1, 32: 2, 64: 3 };

/** `u32[(at + 0xc) >>> 2]`: the typed-array element of a word at `offset` in the entry at `entry`. */
function cell(width: number, offset: number, entry = 'at'): string {
  const sum = offset === 0 ? entry : `${entry} + ${hex(offset)}`;
  const shift = SHIFT[width]!;
  return `${TYPED[width]}[${shift === 0 ? sum : `${sum === entry && !entry.includes(' ') ? sum : `(${sum})`} >>> ${shift}`}]`;
}

/**
 * `local` = the word's value from `src`: a number that fits the width is taken as it is, tested
 * inline (measured ~2 ns a descriptor less than a call per word into the core's dmaWord, bench/README.md);
 * anything else (field values, a bigint, undefined, an error) goes to the core's dmaWord/dmaValue64.
 */
function valueOf(ctx: EmitContext, w: Writer, local: string, src: string, width: number, split: boolean, layout: string): void {
  if (width === 64 && !split) {
    w.call(`const ${local} = ${ctx.value('dmaWord64')}(`, [src, layout], ');');
    return;
  }
  const bad =
    width === 64
      ? `!(${local} >= 0 && ${local} <= 0x1fffffffffffff && Math.floor(${local}) === ${local})`
      : width === 32
        ? `((${local} | 0) !== ${local} && ${local} >>> 0 !== ${local})`
        : `(${local} & ${hex(2 ** width - 1)}) !== ${local}`;
  w.line(`let ${local} = ${src};`);
  w.open(`if (typeof ${local} !== 'number' || ${bad}) {`);
  w.call(`${local} = ${ctx.value(width === 64 ? 'dmaValue64' : 'dmaWord')}(`, [local, layout], ');');
  w.close('}');
}

/**
 * The test the fast publish pass makes of a word's value: true for anything but a plain value of the
 * width (a number; for a 64-bit word split into halves an integer number up to 2^53 − 1, unsplit a
 * bigint) — the values the general pass (valueOf) takes as they are.
 */
function fastBad(local: string, width: number, split: boolean): string {
  if (width === 64) return split ? `typeof ${local} !== 'number' || !(${local} >= 0 && ${local} <= 0x1fffffffffffff && Math.floor(${local}) === ${local})` : `typeof ${local} !== 'bigint' || ${local} < 0n || ${local} > 0xffffffffffffffffn`;
  if (width === 32) return `typeof ${local} !== 'number' || ((${local} | 0) !== ${local} && ${local} >>> 0 !== ${local})`;
  return `typeof ${local} !== 'number' || (${local} & ${hex(2 ** width - 1)}) !== ${local}`;
}

/**
 * The ring's publish and reap loops over the Mmio's typed arrays (ring.ts DmaEntry.publish/reap):
 * V8 optimizes them on their own, called once per batch, with every offset a constant, where the
 * core's generic loops make a checked Mmio call per word through the entry object (measured 2–3×
 * slower, bench/README.md, issue 13). Each entry: every value read and checked, then `live`, then
 * the stores in layout order — the stores body/last make through the Mmio. The two passes are two
 * functions, the ring fencing between and after them: each then stays under TurboFan's bytecode limit
 * for inlining (460 bytes in V8 11.3), and inlined into the caller's loop, the views of a ring kept in
 * a constant fold to constant typed arrays (no length or data-pointer load per store): the tx ring of
 * bench.regs measured 13 → 9.5 ns CPU per descriptor. Only for layouts whose words are all single,
 * naturally aligned and whose size is a multiple of the widest (else the core loops run). Returns the
 * three names (publishLast undefined without an owner or done word, reap without a done bit).
 */
function emitViewLoops(ctx: EmitContext, w: Writer, l: IrLayout, values: string, lastName: string | undefined, doneFn: string, hasDone: boolean): [string | undefined, string | undefined, string | undefined] {
  const widest = Math.max(...l.words.map((x) => x.width));
  if (l.words.some((x) => x.array || x.offset % (x.width / 8) !== 0) || l.size % (widest / 8) !== 0) return [undefined, undefined, undefined];
  const base = camel(l.name);
  const publish = ctx.scope.claim(`${base}Publish`);
  const size = hex(l.size);
  const views = ctx.type('MmioViews');
  const body = l.words.filter((x) => x.name !== lastName);
  const lastWord = l.words.find((x) => x.name === lastName);
  // The typed arrays a pass stores through (a split 64-bit word: u32 only on the fast path).
  const arrays = (ws: readonly IrRegister[], fast = false): string =>
    [...new Set(ws.flatMap((x) => (x.width === 64 ? (fast && split(x) ? ['u32'] : split(x) ? ['u32', 'u64'] : ['u64']) : [TYPED[x.width]!])))].sort().join(', ');
  const split = (x: IrRegister): boolean => x.width === 64 && lastName !== undefined;
  const closed = ctx.value('dmaClosed');
  const params = [`m: ${views}`, `io: ${ctx.type('Mmio')}`, 'base: number', 'count: number', 'start: number', `v: readonly ${values}[]`, 'n: number'];
  const from = ctx.scope.claim(`${base}PublishFrom`);
  const resume = (fn: string): string => `${fn}(m, io, base, count, i, v, n, k)`;
  // The fast pass: values that are plain numbers of the width, stored straight; at the first entry
  // that is anything else (field values, a bigint, undefined, an error) or once the views are closed,
  // the general pass takes over from that entry (it reads that entry's values again).
  w.blank();
  w.doc(`Ring publish of ${l.name} entries from \`start\` over the Mmio's views, first pass: every word but ${lastName ?? 'none'} of each; returns the next index (the ring fences after it).`);
  w.openParams(`function ${publish}`, params, ': number');
  if (body.length > 0) w.line(`const { ${arrays(body, true)} } = m;`);
  w.line('let i = start;');
  w.line('let k = 0;');
  w.open('for (; k < n; k++) {');
  if (body.length > 0) w.line('const e = v[k]!;');
  body.forEach((x) => {
    const j = l.words.indexOf(x);
    w.line(`const w${j} = ${prop(x.name).replace(/^v/, 'e')};`);
    w.line(`if (${fastBad(`w${j}`, x.width, split(x))}) break;`);
  });
  w.line('if (!m.live) break;');
  w.line(`const at = base + i * ${size};`);
  body.forEach((x) => {
    const j = l.words.indexOf(x);
    if (split(x)) {
      // Two 32-bit halves, low first (ring.ts dmaSplit64 says why that is safe here).
      w.line(`const hi${j} = (w${j} / 0x100000000) | 0;`);
      w.line(`${cell(32, x.offset)} = w${j} - hi${j} * 0x100000000;`);
      w.line(`${cell(32, x.offset + 4)} = hi${j};`);
    } else w.line(`${cell(x.width, x.offset)} = w${j};`);
  });
  w.line('i = i + 1 === count ? 0 : i + 1;');
  w.close('}');
  w.line(`return k === n ? i : ${resume(from)};`);
  w.close('}');
  // The general pass, from entry k0 at index `start` on: every value converted or refused by the core.
  w.blank();
  w.doc(`${publish} from entry \`k0\` (at index \`start\`) on, for any values: field values, bigints, missing words, errors.`);
  w.openParams(`function ${from}`, [...params, 'k0: number'], ': number');
  if (body.length > 0) w.line(`const { ${arrays(body)} } = m;`);
  w.line('let i = start;');
  w.open('for (let k = k0; k < n; k++) {');
  if (body.length > 0) w.line('const e = v[k]!;');
  body.forEach((x) => {
    const j = l.words.indexOf(x);
    const lay = ctx.registers.get(x)!.layout;
    valueOf(ctx, w, `w${j}`, prop(x.name).replace(/^v/, 'e'), x.width, split(x), lay);
  });
  w.line(`if (!m.live) ${closed}(io);`);
  w.line(`const at = base + i * ${size};`);
  body.forEach((x) => {
    const j = l.words.indexOf(x);
    if (split(x)) {
      w.open(`if (typeof w${j} === 'number') {`);
      w.line(`const hi = (w${j} / 0x100000000) | 0;`);
      w.line(`${cell(32, x.offset)} = w${j} - hi * 0x100000000;`);
      w.line(`${cell(32, x.offset + 4)} = hi;`);
      w.close(`} else ${cell(64, x.offset)} = w${j};`);
    } else w.line(`${cell(x.width, x.offset)} = w${j};`);
  });
  w.line('i = i + 1 === count ? 0 : i + 1;');
  w.close('}');
  w.line('return i;');
  w.close('}');
  let publishLast: string | undefined;
  if (lastWord) {
    const f = l.owner ? { word: l.owner.word, field: l.owner.field, value: l.owner.value } : { word: l.done!.word, field: l.done!.field, value: '0x0' };
    const mk = fieldMask(l, f.word, f.field);
    const value = lit('0x' + (BigInt(f.value) << BigInt(mk.lsb)).toString(16), mk.big);
    const lay = ctx.registers.get(lastWord)!.layout;
    publishLast = ctx.scope.claim(`${base}PublishLast`);
    const lastFrom = ctx.scope.claim(`${base}PublishLastFrom`);
    const forced = `(x & ~${mk.mask}) | ${value}`;
    const store = `${cell(lastWord.width, lastWord.offset, `base + i * ${size}`)} = ${lastWord.width === 32 ? `(${forced}) >>> 0` : forced};`;
    const typed = lastWord.width === 64 ? 'u64' : TYPED[lastWord.width]!;
    w.blank();
    w.doc(`Ring publish of ${l.name} entries, second pass (after the ring's fence): the ${lastName} word of each, ${l.owner ? `${l.owner.field} = ${l.owner.value}` : `${l.done!.field} cleared`}.`);
    w.openParams(`function ${publishLast}`, params, ': void');
    w.line(`const ${typed} = m.${typed};`);
    w.line('let i = start;');
    w.line('let k = 0;');
    w.open('for (; k < n; k++) {');
    w.line(`const x = ${prop(lastWord.name).replace(/^v/, 'v[k]!')};`);
    w.line(`if (${fastBad('x', lastWord.width, false)} || !m.live) break;`);
    w.line(store);
    w.line('i = i + 1 === count ? 0 : i + 1;');
    w.close('}');
    w.line(`if (k < n) ${resume(lastFrom)};`);
    w.close('}');
    w.blank();
    w.doc(`${publishLast} from entry \`k0\` (at index \`start\`) on, for any values.`);
    w.openParams(`function ${lastFrom}`, [...params, 'k0: number'], ': void');
    w.line(`const ${typed} = m.${typed};`);
    w.line('let i = start;');
    w.open('for (let k = k0; k < n; k++) {');
    valueOf(ctx, w, 'x', prop(lastWord.name).replace(/^v/, 'v[k]!'), lastWord.width, false, lay);
    w.line(`if (!m.live) ${closed}(io);`);
    w.line(store);
    w.line('i = i + 1 === count ? 0 : i + 1;');
    w.close('}');
    w.close('}');
  }
  if (!hasDone) return [publish, publishLast, undefined];
  const reap = ctx.scope.claim(`${base}Reap`);
  const dw = l.words.find((x) => x.name === l.done!.word)!;
  const dm = fieldMask(l, l.done!.word, l.done!.field);
  w.blank();
  w.doc(`Ring reap of ${l.name} entries over live views: how many from \`head\` on (at most \`limit\`) are done, one read each.`);
  w.openParams(`function ${reap}`, [`m: ${views}`, 'base: number', 'count: number', 'head: number', 'limit: number'], ': number');
  w.line(`const ${TYPED[dw.width]} = m.${TYPED[dw.width]};`);
  w.line('let i = head;');
  w.line('let k = 0;');
  w.open(`while (k < limit && (${cell(dw.width, dw.offset, `base + i * ${size}`)}! & ${dm.mask}) !== ${dm.big ? '0n' : '0'}) {`);
  w.line('k++;');
  w.line('i = i + 1 === count ? 0 : i + 1;');
  w.close('}');
  w.line('return k;');
  w.close('}');
  void doneFn;
  return [publish, publishLast, reap];
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
      // A 64-bit word also takes an integer number up to 2^53 − 1 (what DMA addresses are in practice).
      const v = `${ctx.type('WordValue')}<typeof ${ctx.registers.get(word)!.fields}${word.width === 64 ? ', bigint | number' : ''}>`;
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
  // A variant's flattened layout (`sqe_identify`) too, when a ring is over the layout it varies.
  const ringUses = ctx.device.rings.some((r) => !r.phase && (r.layout === l.name || ctx.device.layouts.find((x) => x.name === r.layout)?.variants?.some((v) => `${r.layout}_${v.name}` === l.name)));
  const entry = publishes && ringUses ? emitEntry(ctx, w, l, values) : undefined;
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

/** `scale * index + add` as TypeScript over the parameter `index`. */
function linear(l: IrLinear): string {
  if (l.scale === 0) return String(l.add);
  const y = l.scale === 1 ? 'index' : `${l.scale} * index`;
  return l.add ? `${y} + ${l.add}` : y;
}

/**
 * The register a ring writes (its doorbell) as a RingDoorbell over the BAR class `regs`: block arrays
 * by `.at(i)`, a register array by its element index, e.g. `{ write: (v) => regs.doorbell.write(2 * index + 1, v) }`.
 */
function doorbellOf(ref: IrRegisterRef): string {
  let expr = 'regs';
  const els = ref.elements ?? [];
  const last = ref.path.length - 1;
  ref.path.forEach((name, depth) => {
    expr += `.${name}`;
    const el = els.find((e) => e.depth === depth);
    if (el && depth < last) expr += `.at(${linear(el.index)})`;
  });
  const el = els.find((e) => e.depth === last);
  return el ? `{ write: (v: number) => ${expr}.write(${linear(el.index)}, v) }` : expr;
}

/** `variants`: the ring's layout's variants and their classes (emitLayout of withVariants). */
export function emitRing(ctx: EmitContext, w: Writer, r: IrRing, layoutClass: string, variants: readonly { readonly name: string; readonly cls: string }[] = []): void {
  const name = ctx.scope.claim(`${pascal(r.name)}Ring`);
  const refs = (['tail', 'head', 'baseLo', 'baseHi', 'length'] as const).filter((k) => r[k] !== undefined);
  const bell = r.phase ? r.head : r.tail;
  const doorbell = bell !== undefined && bell.width <= 32;
  const bound = r.array || r.countMax !== undefined;
  const regsClass = bell ? ctx.barClasses.get(bell.bar) : r.countMax ? firstBarClass(ctx, r.countMax) : undefined;
  if (bound && regsClass === undefined) throw new Error(`ts backend: ring ${r.name}: no BAR class for its registers (IR inconsistent)`);
  const layout = ctx.device.layouts.find((l) => l.name === r.layout)!;
  const what = r.phase
    ? [
        `Completion ring: an entry is new while its ${r.phase.word}.${r.phase.field} phase tag equals \`phase\` (1 on the first pass, inverted at each wrap);`,
        `\`reap(max, visit)\` reads that word once per entry and writes the head doorbell${bell ? ` (${bell.path.join('.')})` : ''} once per batch.`,
      ]
    : [
        '`at(i)` gives entry i (made once, on first use); `publish(entries)` writes a batch from the tail (one fence,',
        `the owner words, one fence${doorbell ? ', one write of `doorbell`, the ' + bell!.path.join('.') + ' register' : ''}), \`reap()\` moves the head past finished entries.`,
      ];
  w.doc(
    `Ring ${r.name}${r.array ? `[${r.array.index}:${r.array.count}]` : ''} of ${r.layout}${r.doc ? ` — ${r.doc}` : ''}`,
    refs.length > 0 ? `Device registers: ${refs.map((k) => `${k} ${r[k]!.path.join('.')} @ ${hex(r[k]!.offset)}`).join(', ')}.` : '',
    ...what,
    r.countMax ? `The entry count is given when the ring is made, at most ${exprText(r.countMax)} (read from the device then).` : '',
    r.vector ? `Interrupt: ${r.vector.kind.toUpperCase().replace('MSIX', 'MSI-X')} vector ${r.array ? linear(r.vector.index).replace('index', r.array.index) : r.vector.index.add} (\`vector\`).` : '',
    r.completes ? `Completes ring ${r.completes}${r.array ? ` (element for element)` : ''}.` : '',
  );
  // A device-written layout (every word ro) has no entry writer: a plain ring over it only reads (Ring<V>).
  const entry = ctx.dmaEntries.get(layoutClass)!.entry;
  const base = r.phase
    ? `${ctx.value('PhaseTagRing')}<${layoutClass}>`
    : `${ctx.value('Ring')}<${layoutClass}${entry ? `, ${ctx.dmaEntries.get(layoutClass)!.values}` : ''}>`;
  const head = `export class ${name} extends ${base} {`;
  if (w.fits(head) || r.phase) w.open(head);
  else {
    // prettier: one type argument per line.
    w.open(`export class ${name} extends Ring<`);
    w.line(`${layoutClass},`);
    w.line(ctx.dmaEntries.get(layoutClass)!.values);
    w.close('> {');
    w.enter();
  }
  if (r.array) {
    w.doc(`Rings in the array: ${r.name}[0] … ${r.name}[${r.array.count - 1}].`);
    w.line(`static readonly rings = ${r.array.count};`);
  }
  if (r.count !== undefined) w.line(`static readonly defaultCount = ${r.count};`);
  if (refs.length > 0) {
    w.doc(`The device registers that drive this ring${r.array ? ' (offsets of ring 0)' : ''}.`);
    const table = refs.map((k) => {
      const x = r[k]!;
      return [k, obj([['bar', String(x.bar)], ['path', str(x.path.join('.'))], ['offset', hex(x.offset)], ['width', String(x.width)]])] as [string, Val];
    });
    w.value('static readonly registers = ', obj(table), ' as const;');
  }
  if (r.vector) {
    w.doc(`The ${r.vector.kind.toUpperCase().replace('MSIX', 'MSI-X')} vector this ring signals.`);
    w.line('declare readonly vector: number;');
  }
  // Variants of a writable, owner-less ring layout: the same slots, each variant's own writer.
  const writers = entry && !r.phase ? variants.filter((v) => ctx.dmaEntries.get(v.cls)?.entry !== undefined) : [];
  if (writers.length > 0) {
    w.doc(
      `The entry as each variant of ${r.layout} lays it out, in this ring's slots: \`variants.${writers[0]!.name}.publish([…])\` writes`,
      'entries of that variant from the tail (fence, one doorbell write), `submit(n, fill)` fills them through its view.',
    );
    w.open('declare readonly variants: {');
    for (const v of writers) w.line(`readonly ${v.name}: ${ctx.value('RingVariant')}<${v.cls}, ${ctx.dmaEntries.get(v.cls)!.values}>;`);
    w.close('};');
  }
  const countParam = r.count !== undefined ? `count = ${r.count}` : 'count: number';
  const params = bound
    ? [`regs: ${regsClass!}`, ...(r.array ? ['index: number'] : []), `io: ${ctx.type('Mmio')}`, countParam, 'base = 0']
    : [`io: ${ctx.type('Mmio')}`, countParam, 'base = 0', ...(doorbell ? [`doorbell?: ${ctx.type('RingDoorbell')}`] : [])];
  w.openParams('constructor', params);
  const ringName = r.array ? `\`${r.name}[\${${ctx.value('ringIndex')}(${str(r.name)}, index, ${r.array.count})}]\`` : str(r.name);
  const count = r.countMax ? `${ctx.value('ringCount')}(${str(r.name)}, count, ${tsValue(r.countMax, 'regs')}, ${str(exprText(r.countMax))})` : 'count';
  const bellArg = doorbell ? [bound ? doorbellOf(bell!) : 'doorbell'] : [];
  if (r.phase) {
    const word = layout.words.find((x) => x.name === r.phase!.word)!;
    const field = word.fields.find((f) => f.name === r.phase!.field)!;
    if (word.width === 64 || word.array) throw new Error(`ts backend: ring ${r.name}: a phase tag in a 64-bit or array word is not supported`);
    const tag = `{ offset: ${word.offset}, width: ${word.width}, bit: ${field.lsb} }`;
    w.call('super(', [ringName, 'io', 'base', count, layoutClass, tag, ...bellArg], ');');
  } else {
    w.call('super(', [ringName, 'io', 'base', count, layoutClass, ...(entry ? [entry, ...bellArg] : [])], ');');
  }
  if (r.vector) w.line(`this.vector = ${r.array ? linear(r.vector.index) : String(r.vector.index.add)};`);
  if (writers.length > 0) {
    w.open('this.variants = {');
    for (const v of writers) w.call(`${v.name}: new RingVariant(`, ['this', str(v.name), v.cls, ctx.dmaEntries.get(v.cls)!.entry!], '),');
    w.close('};');
  }
  w.close('}');
  w.close('}');
}

/**
 * The batch classes of ring `r` (compiler/backends/shared/batch.ts): a `<Layout>Fields` per layout (and
 * variant) Ring.submitBatch builds entries from, a `<Layout>Words` PhaseTagRing.reapBatch copies into;
 * one per layout, however many rings use it. `done`: layout names already emitted.
 */
export function emitBatches(ctx: EmitContext, w: Writer, r: IrRing, done: Set<string>): void {
  const wasm = (routine: string): string => `the wasm routine ${routine}$${r.name}`;
  for (const b of submitBatches(ctx.device, r)) {
    if (done.has(`${b.layout.name}:fields`)) continue;
    done.add(`${b.layout.name}:fields`);
    const cls = ctx.scope.claim(`${pascal(b.layout.name)}Fields`);
    const spec = ctx.scope.claim(`${camel(b.layout.name)}FieldsSpec`);
    const words = b.words.map((x) => obj([['name', str(x.name)], ['offset', String(x.offset)], ['width', String(x.width)], ['base', x.width === 64 ? '0' : hex(wordBase(x, b.columns))]]));
    const columns = b.columns.map((c) =>
      obj([['name', str(c.name)], ['word', String(b.words.indexOf(c.word))], ['lsb', String(c.lsb)], ['bits', String(c.bits)], ['kind', str(c.kind)], ['position', String(c.position)]]),
    );
    w.value(`const ${spec}: ${ctx.type('EntryFieldsSpec')} = `, obj([['layout', str(b.layout.name)], ['size', String(b.layout.size)], ['bytes', String(b.bytes)], ['words', arr(words)], ['columns', arr(columns)]], true), ';');
    w.blank();
    w.doc(
      `A batch of up to \`cap\` ${b.layout.name} entries as field columns, for ${pascal(r.name)}Ring.submitBatch (and ${wasm('submitBatch')}${b.variant ? `$${b.variant}` : ''}):`,
      `entry k is element k of each column; fields not set stay as stored (0 in a new batch). ${b.bytes} bytes per entry, column by column from \`byteOffset\`.`,
    );
    w.open(`export class ${cls} extends ${ctx.value('EntryFields')} {`);
    for (const c of b.columns) {
      w.doc(c.kind === 'f64' ? `${c.word.name} (64-bit): an integer number 0 … 2^53 − 1` : `${c.word.name}${c.word.implicitField ? '' : `.${c.field}`} [${c.lsb + c.bits - 1}:${c.lsb}]`);
      w.line(`declare readonly ${c.name}: ${c.kind === 'f64' ? 'Float64Array' : 'Uint32Array'};`);
    }
    w.blank();
    w.openParams('constructor', ['cap: number', 'buffer?: ArrayBufferLike', 'byteOffset = 0']);
    w.line(`super(${spec}, cap, buffer, byteOffset);`);
    w.close('}');
    w.close('}');
    w.blank();
  }
  const rb = reapBatch(ctx.device, r);
  if (rb && !done.has(`${rb.layout.name}:words`)) {
    done.add(`${rb.layout.name}:words`);
    const cls = ctx.scope.claim(`${pascal(rb.layout.name)}Words`);
    const spec = ctx.scope.claim(`${camel(rb.layout.name)}WordsSpec`);
    const words = rb.words.map((x) => obj([['name', str(x.name)], ['offset', String(x.offset)], ['width', String(x.width)]]));
    w.value(`const ${spec}: ${ctx.type('EntryWordsSpec')} = `, obj([['layout', str(rb.layout.name)], ['size', String(rb.layout.size)], ['words', arr(words)], ['tag', String(rb.words.indexOf(rb.tag))]], true), ';');
    w.blank();
    w.doc(
      `Up to \`cap\` consumed ${rb.layout.name} entries as word columns, filled by ${pascal(r.name)}Ring.reapBatch (and ${wasm('reapBatch')}):`,
      `entry k (the k-th consumed) is element k of each column. ${4 * rb.words.length} bytes per entry, column by column from \`byteOffset\`.`,
    );
    w.open(`export class ${cls} extends ${ctx.value('EntryWords')} {`);
    for (const x of rb.words) {
      w.doc(`${x.name} @ +${hex(x.offset)}, ${x.width}-bit${x.doc ? ` — ${x.doc}` : ''}`);
      w.line(`declare readonly ${x.name}: Uint32Array;`);
    }
    w.blank();
    w.openParams('constructor', ['cap: number', 'buffer?: ArrayBufferLike', 'byteOffset = 0']);
    w.line(`super(${spec}, cap, buffer, byteOffset);`);
    w.close('}');
    w.close('}');
    w.blank();
  }
}

/** The BAR class of the first field a run-time expression reads. */
function firstBarClass(ctx: EmitContext, e: IrExpr): string | undefined {
  if (e.kind === 'field') return ctx.barClasses.get(e.ref.bar);
  if (e.kind === 'unary') return firstBarClass(ctx, e.operand);
  if (e.kind === 'binary') return firstBarClass(ctx, e.left) ?? firstBarClass(ctx, e.right);
  return undefined;
}
