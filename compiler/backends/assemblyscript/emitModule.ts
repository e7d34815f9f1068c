// IR device → AssemblyScript module source (`<device>.as.ts`): one exported routine per register
// operation the IR offers, BAR snapshot/restore, and descriptor-ring submit/reap. Every register access
// is one access of the register's width, done the way assembly/volatile.as.ts does it (atomic load to
// read, plain store to write); the generated code adds only offsets, masks and loops.
import type { IrDevice, IrExpr, IrLayout, IrRegister, IrRegisterRef, IrRing } from '../../ir/ir.js';
import { jsDoc, oneLine } from '../shared/jsdoc.js';
import { windowLayout } from './layout.js';
import { countOf, mappedBars, registerSites, routineName, strideGlobals, strideOf, type IndexParam, type RegisterSite } from './sites.js';
import { bitsOf, hex } from '../../ir/bits.js';
import { fn, type Routine } from './routine.js';
import { arrayRoutines, newUnrollBudget } from './arrays.js';
import { interruptRoutines } from './interrupts.js';
import { snapshotRoutines } from './snapshot.js';
import { maxWasmAccesses, WasmTooLargeError } from './limits.js';

export type { Routine } from './routine.js';
import { barBase, lit, plainLoad, regRead, regWrite, SPLIT_HELPERS, valueType } from './access.js';
import { deviceWritten, softwareWrites, withVariants } from '../shared/layouts.js';
import { columnMask, reapBatch, submitBatches, wordBase, type SubmitBatch } from '../shared/batch.js';

export interface ModuleHeader {
  readonly version: string;
  readonly specName: string;
}

/**
 * A register routine's address as pointer + constant: the BAR base (a constant, windowLayout) plus the
 * index terms, and the register's offset in the BAR. A register outside arrays thus has a constant
 * address, which V8 loads with no alignment check. The offset goes in the instruction's offset immediate
 * rather than into the pointer: for array registers V8 (x64) would otherwise fold `base + index * stride
 * + offset` into one three-operand LEA, which AMD cores run slower than two-operand ones, and it sits on
 * every access's alignment check (bench/README.md).
 */
function addressOf(site: RegisterSite): { readonly ptr: string; readonly off: string } {
  const ptr = [barBase(site.bar.index), ...site.indices.map((p) => `<usize>${p.name} * ${strideOf(p)}`)].join(' + ');
  return { ptr, off: hex(site.offset) };
}

function indexParams(site: RegisterSite): string[] {
  return site.indices.map((p) => `${p.name}: u32`);
}

function indexChecks(indices: readonly IndexParam[]): string[] {
  return indices.map((p) => `  if (${p.name} >= ${countOf(p)}) unreachable();`);
}

function render(r: Routine): string {
  return [...jsDoc(r.doc), `export function ${r.name}(${r.params.join(', ')}): ${r.ret} {`, ...r.body, '}', ''].join('\n');
}

function registerRoutines(site: RegisterSite, set: WasmRoutineSet, strideReads: ReadonlySet<string>): Routine[] {
  const { reg } = site;
  const w = reg.width;
  const T = valueType(w);
  const m = reg.masks;
  const { ptr } = addressOf(site);
  const at = site.offset;
  const rd = (p: string): string => regRead(reg, p, at);
  const wr = (p: string, value: string): string => regWrite(reg, p, at, value);
  const idx = indexParams(site);
  const checks = indexChecks(site.indices);
  const where = `${site.path.join('.')} @ BAR ${site.bar.index} + ${hex(site.offset)} (${w}-bit)`;
  const out: Routine[] = [];
  const readable = reg.ops.read && !reg.ops.readHasSideEffect;
  const all = set === 'all';
  if ((all || strideReads.has(routineName('read', site.path))) && reg.ops.read) {
    out.push(fn(routineName('read', site.path), idx, T, [...checks, `  return ${rd(ptr)};`], `Reads ${where}.${reg.ops.readHasSideEffect ? ' The read has a side effect.' : ''}`));
  }
  if (all && reg.ops.write) {
    out.push(
      fn(routineName('write', site.path), [...idx, `mask: ${T}`, `bits: ${T}`], 'void', [
        ...checks,
        `  const m = mask & ${lit(w, m.writable)};`,
        `  ${wr(ptr, `(${lit(w, m.writeBase)} & ~m) | (bits & m)`)};`,
      ], `Writes ${where} from its reset value with the fields in \`mask\` set to \`bits\`; other bits get their safe value.`),
    );
  }
  if (all && reg.ops.modify) {
    out.push(
      fn(routineName('modify', site.path), [...idx, `mask: ${T}`, `bits: ${T}`], 'void', [
        ...checks,
        `  const a = ${ptr};`,
        `  const m = mask & ${lit(w, m.writable)};`,
        `  const v = (${rd('a')} & ${lit(w, m.keep)}) | ${lit(w, m.modifyBase)};`,
        `  ${wr('a', '(v & ~m) | (bits & m)')};`,
      ], `Read-modify-write of ${where}: one read, one write; effect bits untouched by \`mask\` are written neutral.`),
    );
  }
  const ackW1 = reg.ops.ackW1 === 'write';
  const ackW0 = reg.ops.ackW0 === 'write';
  if (all && (ackW1 || ackW0) && reg.ops.ackW1 !== 'modify' && reg.ops.ackW0 !== 'modify') {
    const value = `(${lit(w, m.ackBase)} | (bits & ${lit(w, ackW1 ? m.w1Effect : '0x0')})) & ~(bits & ${lit(w, ackW0 ? m.w0Effect : '0x0')})`;
    out.push(fn(routineName('ack', site.path), [...idx, `bits: ${T}`], 'void', [...checks, `  ${wr(ptr, value)};`], `Acknowledges the w1c/w0c \`bits\` of ${where} with one write and no read.`));
  }
  if (readable && (all || changesOnItsOwn(reg))) {
    out.push(
      fn(routineName('pollUntil', site.path), [...idx, `mask: ${T}`, `expect: ${T}`, 'maxReads: u32'], 'i32', [
        ...checks,
        ...(reg.split
          ? ['  const a = ' + ptr + ';', `  for (let i: u32 = 1; i <= maxReads; i++) if ((${rd('a')} & mask) == expect) return <i32>i;`, '  return -1;']
          : [`  return pollUntil${w}(${ptr} + ${hex(at)}, mask, expect, maxReads);`]),
      ],
        `Re-reads ${where} until (value & mask) == expect; the number of reads, or -1 after maxReads.`),
    );
  }
  if (readable && reg.volatile) {
    out.push(
      fn(routineName('stable', site.path), [...idx, 'maxReads: u32'], T, [
        ...checks,
        `  const a = ${ptr};`,
        `  let prev = ${rd('a')};`,
        `  let cur = ${rd('a')};`,
        `  for (let i: u32 = 2; prev != cur && i < maxReads; i++) {`,
        `    prev = cur;`,
        `    cur = ${rd('a')};`,
        `  }`,
        `  return cur;`,
      ], `Reads ${where} until two consecutive reads agree (at most maxReads reads); returns the last value.`),
    );
  }
  return out;
}

/** Hardware changes it (the register or one of its fields is volatile): what polling waits for. */
function changesOnItsOwn(reg: IrRegister): boolean {
  return reg.volatile || reg.fields.some((f) => f.volatile);
}

interface PublishWord {
  readonly word: IrRegister;
  /** Bits of the word replaced at publish time and their value. */
  readonly mask: bigint;
  readonly value: bigint;
}

function fieldMask(word: IrRegister, field: string): { mask: bigint; lsb: number } {
  const f = word.fields.find((x) => x.name === field);
  if (!f) throw new Error(`internal: field ${word.name}.${field} is not in the IR`);
  return { mask: bitsOf(f.lsb, f.width), lsb: f.lsb };
}

/** The word publish() writes last: the owner word with the owner value, else the done word with done cleared. */
export function publishWord(layout: IrLayout): PublishWord | undefined {
  const find = (name: string): IrRegister => {
    const w = layout.words.find((x) => x.name === name);
    if (!w) throw new Error(`internal: word ${name} of layout ${layout.name} is not in the IR`);
    return w;
  };
  if (layout.owner) {
    const word = find(layout.owner.word);
    const { mask, lsb } = fieldMask(word, layout.owner.field);
    return { word, mask, value: (BigInt(layout.owner.value) << BigInt(lsb)) & mask };
  }
  if (layout.done) {
    const word = find(layout.done.word);
    return { word, mask: fieldMask(word, layout.done.field).mask, value: 0n };
  }
  return undefined;
}

function wordLines(word: IrRegister, body: (offset: string) => string): string[] {
  if (!word.array) return [body(hex(word.offset))];
  return [`for (let j: u32 = 0; j < ${word.array.count}; j++) ${body(`${hex(word.offset)} + <usize>j * ${hex(word.array.stride)}`)}`];
}

function ringRoutines(device: IrDevice, ring: IrRing): Routine[] {
  const layout = device.layouts.find((l) => l.name === ring.layout);
  if (!layout) throw new Error(`internal: layout ${ring.layout} of ring ${ring.name} is not in the IR`);
  // A ring array's routines take the ring's index first; its doorbell is the element that index names.
  const idx = ring.array ? ['index: u32'] : [];
  const idxCheck = ring.array ? [`  if (index >= ${ring.array.count}) unreachable();`] : [];
  if (ring.phase) {
    const batch = reapBatch(device, ring);
    return [phaseReap(device, ring, layout, idx, idxCheck), ...(batch ? [phaseReapBatch(ring, batch, idx, idxCheck)] : [])];
  }
  const out: Routine[] = [];
  // A device-written layout (every word ro) has no submit: software never fills it. A layout with
  // variants (NVMe's per-command CDW10-15) gets one submit per variant besides the common one:
  // submit$RING$VARIANT copies that variant's entry (common words and its own) into the same slots.
  const flat = withVariants([layout]);
  for (const l of flat) {
    if (!softwareWrites(l)) continue;
    const variant = l === layout ? undefined : layout.variants!.find((v) => `${layout.name}_${v.name}` === l.name)!.name;
    out.push(submitRoutine(ring, l, variant, idx, idxCheck));
  }
  // Batch submits (shared/batch.ts): entries built in the ring from field columns, per layout and variant.
  for (const b of submitBatches(device, ring)) out.push(submitBatch(ring, b, idx, idxCheck));
  return out.concat(doneReap(ring, layout, idx, idxCheck));
}

/** submit$RING (or submit$RING$VARIANT, the entry as `l`, a variant's flattened layout, lays it out). */
function submitRoutine(ring: IrRing, l: IrLayout, variant: string | undefined, idx: string[], idxCheck: string[]): Routine {
  const size = hex(l.size);
  const last = publishWord(l);
  // A device-written (ro) word is never copied in: software does not write it.
  const fields = l.words.filter((w) => w !== last?.word && !deviceWritten(w));
  const copy = (w: IrRegister): string[] => wordLines(w, (o) => `vwrite${w.width}(d + ${o}, ${plainLoad(w.width, `s + ${o}`)});`);
  const body: string[] = [
    ...idxCheck,
    '  ringCheck(count, tail, n);',
    '  if (n == 0) return tail;',
    '  let e = tail;',
    '  for (let k: u32 = 0; k < n; k++) {',
    `    const d = ring + <usize>e * ${size};`,
    `    const s = staging + <usize>k * ${size};`,
    ...fields.flatMap(copy).map((x) => '    ' + x),
    '    e = ringAdvance(e, 1, count);',
    '  }',
    '  fence();',
  ];
  if (last) {
    const w = last.word.width;
    body.push(
      '  e = tail;',
      '  for (let k: u32 = 0; k < n; k++) {',
      `    const d = ring + <usize>e * ${size};`,
      `    const s = staging + <usize>k * ${size};`,
      ...wordLines(last.word, (o) => `vwrite${w}(d + ${o}, (${plainLoad(w, `s + ${o}`)} & ~${lit(w, last.mask)}) | ${lit(w, last.value)});`).map((x) => '    ' + x),
      '    e = ringAdvance(e, 1, count);',
      '  }',
      '  fence();',
    );
  }
  body.push('  const next = ringAdvance(tail, n, count);');
  if (ring.tail) body.push(...doorbellAddress(ring.tail), `  vwrite${ring.tail.width}(bell, <${valueType(ring.tail.width)}>next);`);
  body.push('  return next;');
  return fn(`submit$${ring.name}${variant ? `$${variant}` : ''}`, [...idx, 'ring: usize', 'count: u32', 'tail: u32', 'staging: usize', 'n: u32'], 'u32', body,
    `Ring ${ring.name} (${l.name}, ${l.size} bytes${variant ? `: variant ${variant} of ${ring.layout}` : ''}): copies n staged entries into the ring from \`tail\`, ` +
      `${last ? `fence, then each entry's ${last.word.name} word${l.owner ? ' with ownership' : ' with done cleared'}, fence, ` : 'fence, '}` +
      `${ring.tail ? `one write of ${ring.tail.path.join('.')}` : 'no doorbell'}; returns the new tail.`,
    [['ring', `count * ${l.size}`, l.align], ['staging', `n * ${l.size}`, l.align]]);
}

function doneReap(ring: IrRing, layout: IrLayout, idx: string[], idxCheck: string[]): Routine[] {
  const out: Routine[] = [];
  const size = hex(layout.size);
  if (layout.done) {
    const word = layout.words.find((x) => x.name === layout.done!.word)!;
    const { mask } = fieldMask(word, layout.done.field);
    const w = word.width;
    out.push(
      fn(`reap$${ring.name}`, [...idx, 'ring: usize', 'count: u32', 'head: u32', 'max: u32'], 'u32', [
        ...idxCheck,
        '  ringCheck(count, head, 0);',
        '  if (max > count) max = count;',
        '  let e = head;',
        '  let k: u32 = 0;',
        '  while (k < max) {',
        `    if ((vread${w}(ring + <usize>e * ${size} + ${hex(word.offset)}) & ${lit(w, mask)}) == 0) break;`,
        '    k++;',
        '    e = ringAdvance(e, 1, count);',
        '  }',
        '  return k;',
      ], `Ring ${ring.name}: counts consecutive entries from \`head\` whose ${layout.done.word}.${layout.done.field} bit is set (at most max).`,
      [['ring', `count * ${layout.size}`, layout.align]]),
    );
  }
  return out;
}

/**
 * Which per-register routines a module gets. 'loops' (the default): only routines that keep a loop in
 * wasm — polling (pollUntil$, stable$) of registers hardware changes, the bulk array routines, BAR
 * snapshot/restore and rings — so the build grows with what earns its place. A single access through a
 * JS → wasm call costs more than the TypeScript accessor (bench/README.md). 'all' adds read$, write$,
 * modify$, ack$ of every register and pollUntil$ of every pollable one, for AssemblyScript code that
 * inlines them (`regmill build --wasm-routines all`).
 */
export type WasmRoutineSet = 'loops' | 'all';
export const WASM_ROUTINE_SETS: readonly WasmRoutineSet[] = ['loops', 'all'];

/**
 * `const bell: usize = …;` the address of a ring's register for ring `index`: the BAR base, the
 * register's offset, and per array level on its path the element `scale * index + add` times the
 * level's stride (a run-time stride's global for the BAR-level array), each element range-checked.
 */
function doorbellAddress(ref: IrRegisterRef): string[] {
  const lines: string[] = [];
  const terms = [barBase(ref.bar), hex(ref.offset)];
  for (const el of ref.elements ?? []) {
    const runtime = el.strideExpr && el.depth === 0 ? strideGlobals(ref.path[0]!) : undefined;
    const at = el.index.scale === 0 ? `<u32>${el.index.add}` : `index * ${el.index.scale} + ${el.index.add}`;
    const name = `e${el.depth}`;
    lines.push(`  const ${name}: u32 = ${at};`, `  if (${name} >= ${runtime ? runtime.count : el.count}) unreachable();`);
    terms.push(`<usize>${name} * ${runtime ? runtime.stride : hex(el.stride)}`);
  }
  return [...lines, `  const bell: usize = ${terms.join(' + ')};`];
}

/**
 * reap$RING of a phase-tag completion ring (NVMe 1.4 section 4.6): from `head`, one read of the tag
 * word per entry while its tag equals `phase` (inverted at each wrap), at most `max`; then one write of
 * the new head to the head doorbell when any entry was consumed. Returns how many; the caller moves
 * its head by that many and inverts its phase if the head wrapped.
 */
function phaseReap(device: IrDevice, ring: IrRing, layout: IrLayout, idx: string[], idxCheck: string[]): Routine {
  const word = layout.words.find((x) => x.name === ring.phase!.word);
  if (!word || word.array || word.width === 64) throw new Error(`internal: phase word ${ring.phase!.word} of ring ${ring.name} must be a plain word of at most 32 bits`);
  const { lsb } = fieldMask(word, ring.phase!.field);
  const w = word.width;
  const size = hex(layout.size);
  const body = [
    ...idxCheck,
    '  ringCheck(count, head, 0);',
    '  if (phase > 1) unreachable();',
    '  if (max > count) max = count;',
    '  let e = head;',
    '  let p = phase;',
    '  let k: u32 = 0;',
    '  while (k < max) {',
    `    if (((vread${w}(ring + <usize>e * ${size} + ${hex(word.offset)}) >> ${lsb}) & 1) != p) break;`,
    '    k++;',
    '    e++;',
    '    if (e == count) {',
    '      e = 0;',
    '      p ^= 1;',
    '    }',
    '  }',
  ];
  if (ring.head) {
    body.push('  if (k == 0) return 0;', ...doorbellAddress(ring.head), `  vwrite${ring.head.width}(bell, <${valueType(ring.head.width)}>e);`);
  }
  body.push('  return k;');
  return fn(`reap$${ring.name}`, [...idx, 'ring: usize', 'count: u32', 'head: u32', 'phase: u32', 'max: u32'], 'u32', body,
    `Ring ${ring.name} (${layout.name}, phase tag ${ring.phase!.word}.${ring.phase!.field}): consumes entries from \`head\` whose tag equals \`phase\` (inverted at each wrap, at most max), ` +
      `then ${ring.head ? `one write of the new head to ${ring.head.path.join('.')}${ring.array ? ` (element of ring \`index\`)` : ''} when any was consumed` : 'no doorbell'}; returns how many.`,
    [['ring', `count * ${layout.size}`, layout.align]]);
}

/** The largest integer a double holds exactly: a 64-bit batch column's bound. */
const MAX_F64_INT = '9007199254740991.0';

/**
 * submitBatch$RING[$VARIANT] (shared/batch.ts): entries built in the ring from the batch's field columns
 * — per entry, every 64-bit column checked (an integer 0 … 2^53 − 1, else a trap before the entry's
 * first store), then each word the layout has software write, in layout order, one store of its width
 * composed from its fields; then one fence and one tail doorbell write, as submit$RING.
 */
function submitBatch(ring: IrRing, b: SubmitBatch, idx: string[], idxCheck: string[]): Routine {
  const size = hex(b.layout.size);
  const col = (c: SubmitBatch['columns'][number]): string => `batch + <usize>cap * ${c.position} + <usize>k * ${c.kind === 'f64' ? 8 : 4}`;
  const locals = new Map(b.columns.filter((c) => c.kind === 'f64').map((c, i) => [c, `v${i}`]));
  const checks = [...locals].flatMap(([c, v]) => [
    `const ${v} = load<f64>(${col(c)}); // ${c.name}`,
    `if (!(${v} >= 0 && ${v} <= ${MAX_F64_INT} && floor<f64>(${v}) == ${v})) unreachable();`,
  ]);
  const stores = b.words.map((word) => {
    const cols = b.columns.filter((c) => c.word === word);
    if (word.width === 64) return `vwrite64(d + ${hex(word.offset)}, <u64>${locals.get(cols[0]!)!});`;
    const terms = [
      ...(wordBase(word, cols) !== 0n ? [lit(word.width, wordBase(word, cols))] : []),
      ...cols.map((c) => {
        const v = c.bits < 32 ? `(load<u32>(${col(c)}) & ${lit(32, columnMask(c))})` : `load<u32>(${col(c)})`;
        return c.lsb > 0 ? `(${v} << ${c.lsb})` : v;
      }),
    ];
    return `vwrite${word.width}(d + ${hex(word.offset)}, ${terms.length ? terms.join(' | ') : '<u32>0'}); // ${cols.map((c) => c.name).join(', ') || 'no field'}`;
  });
  const body = [
    ...idxCheck,
    '  ringCheck(count, tail, n);',
    '  if (n > cap) unreachable();',
    '  if (n == 0) return tail;',
    '  let e = tail;',
    '  for (let k: u32 = 0; k < n; k++) {',
    `    const d = ring + <usize>e * ${size};`,
    ...[...checks, ...stores].map((l) => '    ' + l),
    '    e = ringAdvance(e, 1, count);',
    '  }',
    '  fence();',
    '  const next = ringAdvance(tail, n, count);',
    ...(ring.tail ? [...doorbellAddress(ring.tail), `  vwrite${ring.tail.width}(bell, <${valueType(ring.tail.width)}>next);`] : []),
    '  return next;',
  ];
  const name = `submitBatch$${ring.name}${b.variant ? `$${b.variant}` : ''}`;
  return fn(name, [...idx, 'ring: usize', 'count: u32', 'tail: u32', 'batch: usize', 'cap: u32', 'n: u32'], 'u32', body,
    `Ring ${ring.name} (${b.layout.name}): builds n entries from \`tail\` out of the batch's field columns (${b.columns.map((c) => c.name).join(', ')}; ` +
      `\`cap\` entries per column, ${b.bytes} bytes per entry), each word one store in layout order, then one fence and ${ring.tail ? `one write of ${ring.tail.path.join('.')}` : 'no doorbell'}; returns the new tail.`,
    [['ring', `count * ${b.layout.size}`, b.layout.align], ['batch', `cap * ${b.bytes}`, 8]]);
}

/**
 * reapBatch$RING of a phase-tag ring (shared/batch.ts): reap$RING's scan, and each consumed entry's
 * words copied into the batch's word columns — the tag word as the scan read it, then every other word
 * once, in layout order — then one head doorbell write when any was consumed. Returns how many.
 */
function phaseReapBatch(ring: IrRing, b: NonNullable<ReturnType<typeof reapBatch>>, idx: string[], idxCheck: string[]): Routine {
  const size = hex(b.layout.size);
  const { lsb } = fieldMask(b.tag, ring.phase!.field);
  const col = (j: number): string => `out + <usize>cap * ${4 * j} + <usize>k * 4`;
  const j = (w: IrRegister): number => b.words.indexOf(w);
  const body = [
    ...idxCheck,
    '  ringCheck(count, head, 0);',
    '  if (phase > 1) unreachable();',
    '  if (max > count) max = count;',
    '  if (max > cap) max = cap;',
    '  let e = head;',
    '  let p = phase;',
    '  let k: u32 = 0;',
    '  while (k < max) {',
    `    const s = ring + <usize>e * ${size};`,
    `    const t = vread${b.tag.width}(s + ${hex(b.tag.offset)});`,
    `    if (((t >> ${lsb}) & 1) != p) break;`,
    `    store<u32>(${col(j(b.tag))}, t); // ${b.tag.name}`,
    ...b.words.filter((w) => w !== b.tag).map((w) => `    store<u32>(${col(j(w))}, vread${w.width}(s + ${hex(w.offset)})); // ${w.name}`),
    '    k++;',
    '    e++;',
    '    if (e == count) {',
    '      e = 0;',
    '      p ^= 1;',
    '    }',
    '  }',
    ...(ring.head ? ['  if (k == 0) return 0;', ...doorbellAddress(ring.head), `  vwrite${ring.head.width}(bell, <${valueType(ring.head.width)}>e);`] : []),
    '  return k;',
  ];
  return fn(`reapBatch$${ring.name}`, [...idx, 'ring: usize', 'count: u32', 'head: u32', 'phase: u32', 'max: u32', 'out: usize', 'cap: u32'], 'u32', body,
    `Ring ${ring.name} (${b.layout.name}): reap$${ring.name}'s phase-tag scan (at most max, and at most cap), copying each consumed entry into the word columns at \`out\` ` +
      `(${b.words.map((w) => w.name).join(', ')}; \`cap\` u32 each): the tag word as read, then each other word once in layout order; ` +
      `${ring.head ? `then one write of the new head to ${ring.head.path.join('.')} when any was consumed` : 'no doorbell'}; returns how many.`,
    [['ring', `count * ${b.layout.size}`, b.layout.align], ['out', `cap * ${b.bytes}`, 4]]);
}

/** bindStride$NAME for each BAR-level register array whose stride the device gives (IrArray.strideExpr). */
function strideRoutines(device: IrDevice): Routine[] {
  const out: Routine[] = [];
  for (const bar of mappedBars(device)) {
    for (const n of bar.nodes) {
      if (n.kind !== 'register' || !n.array?.strideExpr) continue;
      const g = strideGlobals(n.name);
      const bytes = n.width / 8;
      out.push(fn(`bindStride$${n.name}`, ['stride: u32', 'count: u32'], 'void', [
        `  if (stride < ${bytes} || count > ${n.array.count}) unreachable();`,
        `  if (count > 0 && <u64>${hex(n.offset)} + <u64>(count - 1) * <u64>stride + ${bytes} > ${hex(bar.size)}) unreachable();`,
        `  ${g.stride} = <usize>stride;`,
        `  ${g.count} = count;`,
      ], `Binds the run-time stride of ${n.name} (the device's, read when the BAR is bound) and how many of its ${n.array.count} elements lie inside BAR ${bar.index}; until then ${n.name} has the smallest stride.`));
    }
  }
  return out;
}

/**
 * read$ routines the wrapper calls to read run-time strides from the device (emitWrapper.ts
 * runtimeStrides): kept with every routine set, since a split register must not be read with one
 * 64-bit generic access.
 */
export function strideReadRoutines(device: IrDevice): Set<string> {
  const out = new Set<string>();
  const visit = (e: IrExpr): void => {
    if (e.kind === 'field') out.add(routineName('read', e.ref.path));
    else if (e.kind === 'unary') visit(e.operand);
    else if (e.kind === 'binary') {
      visit(e.left);
      visit(e.right);
    }
  };
  for (const bar of mappedBars(device)) for (const n of bar.nodes) if (n.kind === 'register' && n.array?.strideExpr) visit(n.array.strideExpr);
  return out;
}

/** The module globals of the run-time strides (set by bindStride$NAME). */
function strideGlobalLines(device: IrDevice): string[] {
  const out: string[] = [];
  for (const bar of mappedBars(device)) {
    for (const n of bar.nodes) {
      if (n.kind !== 'register' || !n.array?.strideExpr) continue;
      const g = strideGlobals(n.name);
      out.push(`let ${g.stride}: usize = ${hex(n.array.stride)}; // ${n.name}: set by bindStride$${n.name}`, `let ${g.count}: u32 = ${n.array.count};`);
    }
  }
  return out;
}

/** Every routine the module exports, in a stable order (barOffset, generic access, registers with their array routines, snapshots, rings). */
export function deviceRoutines(device: IrDevice, set: WasmRoutineSet = 'loops'): Routine[] {
  const sites = registerSites(device);
  const layout = windowLayout(device);
  const out: Routine[] = [
    fn('barOffset', ['bar: i32'], 'usize', [...layout.map(({ bar }) => `  if (bar == ${bar.index}) return ${barBase(bar.index)};`), '  unreachable();', '  return 0; // not reached'],
      'Where this module expects a BAR in the window (its fixed layout); the runtime checks it against the mapping.'),
  ];
  for (const w of [8, 16, 32, 64] as const) {
    const T = valueType(w);
    out.push(fn(`read${w}`, ['offset: usize'], T, [`  return vread${w}(offset);`], `A ${w}-bit volatile read at a window offset.`, [['offset', String(w / 8), w / 8]]));
    out.push(fn(`write${w}`, ['offset: usize', `value: ${T}`], 'void', [`  vwrite${w}(offset, value);`], `A ${w}-bit write at a window offset.`, [['offset', String(w / 8), w / 8]]));
  }
  const budget = newUnrollBudget();
  const strideReads = strideReadRoutines(device);
  for (const site of sites) out.push(...registerRoutines(site, set, strideReads), ...arrayRoutines(site, budget));
  let accesses = 0;
  for (const { bar } of layout) {
    const snap = snapshotRoutines(bar, sites);
    out.push(...snap.routines);
    accesses += snap.statements;
  }
  const limit = maxWasmAccesses();
  if (accesses > limit) throw new WasmTooLargeError(device, accesses, limit, set, 'accesses');
  out.push(...strideRoutines(device));
  for (const ring of device.rings) out.push(...ringRoutines(device, ring));
  out.push(...interruptRoutines(device));
  return out;
}

/** `routines`: deviceRoutines(device), when the caller already has them. */
export function emitModule(device: IrDevice, header: ModuleHeader, routines: readonly Routine[] = deviceRoutines(device)): string {
  const lines: string[] = [
    `// Generated by regmill ${header.version} from ${oneLine(header.specName)}: WebAssembly hot paths for device ${device.name}.`,
    '// Do not edit. Build: asc -O0 --importMemory --runtime stub, then wasm-opt -O3 --skip-pass=local-cse (docs/wasm.md).',
    "import { vread8, vread16, vread32, vread64, vwrite8, vwrite16, vwrite32, vwrite64, fence, pollUntil8, pollUntil16, pollUntil32, pollUntil64, ringAdvance, ringCheck } from './regmill-as/index.as';",
    '',
    '// Where each BAR sits in the device window: fixed when this module is built, so register addresses',
    '// are constants in the code. The runtime maps the BARs at these offsets (docs/wasm.md).',
    ...windowLayout(device).map(({ bar, offset }) => `const ${barBase(bar.index)}: usize = ${hex(offset)}; // BAR ${bar.index} (${bar.name}), ${hex(bar.size)} bytes`),
    '',
    ...(strideGlobalLines(device).length ? ['// Strides the device reports (docs/language.md, run-time strides): bound when the BAR is.', ...strideGlobalLines(device), ''] : []),
    ...(registerSites(device).some((s) => s.reg.split) ? SPLIT_HELPERS : []),
    ...routines.map(render),
  ];
  return lines.join('\n');
}
