// DMA layouts → offset/field defines per word and plain get/set accessors over one entry in host
// memory (`volatile void *entry`), plus ring geometry. A layout with an owner or done bit gets
// publish(entry, staged): every other word from a staged copy, the header's release fence, then the
// owner word (owner set) or done word (done cleared) last, so the device never sees half an entry.
import type { IrEnum, IrField, IrLayout, IrRegister, IrRing } from '../../ir/ir.js';
import { enumByFunctions, fieldDefines, fieldIds, fieldSuffixes } from './fields.js';
import { comment, cType, defines, join, lit, lower, num, upper, type Scope, type Width } from './names.js';
import { bitsOf } from '../../ir/bits.js';
import { deviceWritten, softwareWrites } from '../shared/layouts.js';

/** The suffixes a layout word declares after its base: macros after `B_`, functions after `lower(B)_`. */
function wordSuffixes(word: IrRegister): { macros: string[]; functions: string[] } {
  const macros = ['OFFSET', 'WIDTH', 'RESET'];
  if (word.array) macros.push('COUNT', 'STRIDE');
  const fields = fieldSuffixes(word);
  macros.push(...fields.macros);
  const functions = [...fields.functions, 'get'];
  if (!deviceWritten(word)) functions.push('set');
  return { macros, functions };
}

function fieldOf(l: IrLayout, word: string, field: string): { word: IrRegister; field: IrField; mask: bigint; lsb: number } {
  const w = l.words.find((x) => x.name === word);
  const f = w?.fields.find((x) => x.name === field);
  if (w === undefined || f === undefined) throw new Error(`c backend: layout ${l.name}: no field ${word}.${field} (IR inconsistent)`);
  return { word: w, field: f, mask: bitsOf(f.lsb, f.width), lsb: f.lsb };
}

/**
 * A layout gets publish() when it names the word the device looks at last (an owner or a done bit)
 * and software writes some word of it: a device-written entry (every word `ro`) has none.
 */
export const publishes = (l: IrLayout): boolean => (l.owner !== undefined || l.done !== undefined) && softwareWrites(l);

/**
 * publish(entry, staged): each word but the last one from `staged` (memcpy: staged is ordinary memory
 * of any alignment), `fence()`, then the last word with its owner field forced to the owner value
 * (or its done field cleared). Array words go element by element; when the last word is an array,
 * only element 0 (the one is_done looks at) waits for the fence.
 */
function emitPublish(l: IrLayout, L: string, wordBase: ReadonlyMap<IrRegister, string>, fence: string): string[] {
  const last = l.owner ? fieldOf(l, l.owner.word, l.owner.field) : fieldOf(l, l.done!.word, l.done!.field);
  const lastB = wordBase.get(last.word)!;
  const M = `${join(lastB, fieldIds(last.word).get(last.field)!)}_MASK`;
  const copy = (w: IrRegister, i: string): string[] => {
    const B = wordBase.get(w)!;
    const T = cType(w.width as Width);
    const at = w.array ? `${join(B, 'OFFSET')} + ${i} * ${join(B, 'STRIDE')}` : join(B, 'OFFSET');
    const idx = w.array ? `, ${i}` : '';
    const v = w === last.word && i === '0' ? (l.owner ? `(${T})((v & ~${M}) | ${join(L, 'OWNER_VALUE')})` : `(${T})(v & ~${M})`) : 'v';
    const open = w.array && i === 'i' ? `for (size_t i = ${w === last.word ? 1 : 0}; i < ${join(B, 'COUNT')}; i++) {` : '{';
    return [open, `  ${T} v;`, `  memcpy(&v, s + ${at}, sizeof v);`, `  ${lower(join(B, 'set'))}(entry${idx}, ${v});`, '}'];
  };
  const body: string[] = ['const uint8_t *s = (const uint8_t *)staged;'];
  for (const w of l.words) if ((w !== last.word || w.array) && !deviceWritten(w)) body.push(...copy(w, w.array ? 'i' : ''));
  body.push(`${fence}();`, ...copy(last.word, '0'));
  const how = l.owner
    ? `${l.owner.word} last with ${l.owner.field} = ${l.owner.value} (${join(L, 'OWNER_VALUE')})`
    : `${l.done!.word} last with ${l.done!.field} cleared`;
  return [
    ...comment([
      `Publishes one ${l.name} entry: every word but ${last.word.name}${last.word.array ? '[0]' : ''} from \`staged\` (${join(L, 'SIZE')} bytes laid out like the entry, in ordinary memory),`,
      `then a release fence (${fence}), then ${how}.`,
      'The device never sees a half-written entry. Each word is one volatile store of its width.',
    ]),
    `static inline void ${lower(join(L, 'publish'))}(volatile void *entry, const void *staged)`,
    '{',
    ...body.map((x) => `  ${x}`),
    '}',
  ];
}

/** `fence`: the header's release-fence function (claimed by header.ts when any layout publishes). */
export function emitLayout(scope: Scope, prefix: string, l: IrLayout, fence: string, enums: readonly IrEnum[] = []): { lines: string[]; base: string } {
  const L = scope.claim(join(prefix, upper(l.name)), (b) => [join(b, 'SIZE'), join(b, 'ALIGN'), ...(l.done ? [lower(join(b, 'is_done'))] : []), ...(l.owner ? [join(b, 'OWNER_VALUE')] : []), ...(publishes(l) ? [lower(join(b, 'publish'))] : [])]);
  const out = comment([`Layout ${l.name}: ${l.size} bytes, aligned to ${l.align}${l.doc ? ` — ${l.doc}` : ''}`]);
  const rows: [string, string][] = [[join(L, 'SIZE'), num(l.size)], [join(L, 'ALIGN'), num(l.align)]];
  if (l.owner) {
    const o = fieldOf(l, l.owner.word, l.owner.field);
    rows.push([join(L, 'OWNER_VALUE'), lit(BigInt(l.owner.value) << BigInt(o.lsb), o.word.width as Width)]);
  }
  out.push(...defines(rows));
  const wordBase = new Map<IrRegister, string>();
  for (const word of l.words) {
    const B = scope.claimSuffixes(join(L, upper(word.name)), wordSuffixes(word));
    wordBase.set(word, B);
    const T = cType(word.width as Width);
    const where = `${word.name}${word.array ? `[${word.array.count}]` : ''} @ +${num(word.offset).slice(0, -1)}`;
    out.push('', ...comment([`${l.name}.${where}, ${word.width}-bit${word.doc ? ` — ${word.doc}` : ''}`]));
    const wr: [string, string, string?][] = [[join(B, 'OFFSET'), num(word.offset)], [join(B, 'WIDTH'), String(word.width)]];
    if (word.array) wr.push([join(B, 'COUNT'), String(word.array.count)], [join(B, 'STRIDE'), num(word.array.stride)]);
    wr.push([join(B, 'RESET'), lit(word.reset, word.width as Width)], ...fieldDefines(B, word));
    out.push(...defines(wr));
    const idx = word.array ? ', size_t i' : '';
    const at = `${join(B, 'OFFSET')}${word.array ? ` + i * ${join(B, 'STRIDE')}` : ''}`;
    out.push(
      `static inline ${T} ${lower(join(B, 'get'))}(const volatile void *entry${idx})`,
      '{',
      `  return *(const volatile ${T} *)((const volatile uint8_t *)entry + ${at});`,
      '}',
    );
    // A device-written (ro) word has no setter: software only reads it.
    if (!deviceWritten(word)) {
      out.push(
        `static inline void ${lower(join(B, 'set'))}(volatile void *entry${idx}, ${T} v)`,
        '{',
        `  *(volatile ${T} *)((volatile uint8_t *)entry + ${at}) = v;`,
        '}',
      );
    }
    out.push(...enumByFunctions(B, word, enums));
  }
  if (publishes(l)) out.push('', ...emitPublish(l, L, wordBase, fence));
  if (l.done) {
    const d = fieldOf(l, l.done.word, l.done.field);
    const B = wordBase.get(d.word)!;
    const M = `${join(B, fieldIds(d.word).get(d.field)!)}_MASK`;
    const get = d.word.array ? `${lower(join(B, 'get'))}(entry, 0)` : `${lower(join(B, 'get'))}(entry)`;
    out.push(
      '',
      ...comment([`Non-zero when the device has finished with the entry (${l.done.word}.${l.done.field} set).`]),
      `static inline int ${lower(join(L, 'is_done'))}(const volatile void *entry)`,
      '{',
      `  return (${get} & ${M}) != 0;`,
      '}',
    );
  }
  return { lines: out, base: L };
}

/** `layoutBase`: the claimed define prefix of the ring's layout (its SIZE define). */
export function emitRing(scope: Scope, prefix: string, r: IrRing, layoutBase: string, layout?: IrLayout): string[] {
  const refs = (['tail', 'head', 'baseLo', 'baseHi', 'length'] as const).filter((k) => r[k] !== undefined);
  const elementName = (k: string, depth: number, path: readonly string[]): string => join(upper(k), 'ELEMENT', ...(path.length > 1 ? [upper(path[depth]!)] : []));
  const extra = (b: string): string[] => [
    ...(r.array ? [join(b, 'RINGS')] : []),
    ...(r.phase ? [join(b, 'PHASE_OFFSET'), join(b, 'PHASE_SHIFT')] : []),
    ...(r.vector ? [join(b, 'VECTOR')] : []),
    ...refs.flatMap((k) => (r[k]!.elements ?? []).map((el) => join(b, elementName(k, el.depth, r[k]!.path)))),
  ];
  const R = scope.claim(join(prefix, upper(r.name), 'RING'), (b) => [join(b, 'COUNT'), join(b, 'ENTRY_SIZE'), ...extra(b)]);
  const regs = refs.map((k) => `${k} ${r[k]!.path.join('.')} (BAR ${r[k]!.bar} @ ${num(r[k]!.offset).slice(0, -1)})`).join(', ');
  const out = comment([
    `Ring ${r.name}${r.array ? `[${r.array.index}:${r.array.count}]` : ''} of ${r.layout}${r.doc ? ` — ${r.doc}` : ''}`,
    regs ? `Device registers${r.array ? ' (of ring 0; ring y uses the elements below)' : ''}: ${regs}.` : '',
    r.phase ? `Completion ring found by its phase tag ${r.phase.word}.${r.phase.field} (1 on the first pass, inverted at each wrap); ${r.head ? 'head is the consumer doorbell.' : 'no doorbell.'}` : '',
    r.countMax ? 'Its entry count is chosen at run time, at most the bound the spec gives (see the IR: countMax).' : '',
  ]);
  const rows: [string, string][] = [[join(R, 'ENTRY_SIZE'), join(layoutBase, 'SIZE')]];
  if (r.count !== undefined) rows.push([join(R, 'COUNT'), String(r.count)]);
  if (r.array) rows.push([join(R, 'RINGS'), String(r.array.count)]);
  const lin = (l: { scale: number; add: number }): string => (l.scale === 0 ? `${l.add}u` : `((size_t)(y) * ${l.scale}u + ${l.add}u)`);
  for (const k of refs) for (const el of r[k]!.elements ?? []) rows.push([`${join(R, elementName(k, el.depth, r[k]!.path))}(y)`, lin(el.index)]);
  if (r.vector) rows.push([`${join(R, 'VECTOR')}(y)`, lin(r.vector.index)]);
  if (r.phase && layout) {
    const word = layout.words.find((w) => w.name === r.phase!.word);
    const field = word?.fields.find((f) => f.name === r.phase!.field);
    if (word && field) rows.push([join(R, 'PHASE_OFFSET'), num(word.offset)], [join(R, 'PHASE_SHIFT'), String(field.lsb)]);
  }
  out.push(...defines(rows));
  return out;
}
