// The IR of one device turned into what the documentation shows — tables of rows, register details
// with field tables and bit segments, interrupts, DMA layouts, rings — as plain strings, so the
// Markdown and HTML renderers only differ in markup (and escape everything they print).
import { withVariants } from '../shared/layouts.js';
import type { IrArray, IrCause, IrDevice, IrEnum, IrFieldRef, IrLayout, IrLinear, IrRegister, IrRegisterRef } from '../../ir/ir.js';
import { exprText } from '../shared/expr.js';
import { barSites, type ArrayLevel, type RegisterSite } from '../shared/bar-sites.js';
import { accessLabel, accessMeaning, operations, registerAccess } from './access.js';
import { hex } from '../../ir/bits.js';

export interface Segment {
  readonly msb: number;
  readonly lsb: number;
  /** Field name, or '' for reserved bits. */
  readonly name: string;
  readonly access: string;
}

export interface FieldDoc {
  readonly bits: string;
  readonly name: string;
  readonly access: string;
  readonly meaning: string;
  readonly reset: string;
  readonly doc: string;
  /** An `enum by` field's values carry `when` (`sct = media: media_status`), the case they belong to. */
  readonly values: readonly { readonly name: string; readonly value: string; readonly doc: string; readonly when?: string }[];
}

export interface RegisterDoc {
  /** Anchor, unique in the page. */
  readonly id: string;
  /** Path with index placeholders: `q[i].sub[j].r`. */
  readonly title: string;
  readonly offset: string;
  readonly width: number;
  readonly access: string;
  readonly reset: string;
  readonly volatile: boolean;
  /** How the bus reaches it, when not one access of its width, and whose storage it shares: `` or `, …`. */
  readonly layout: string;
  readonly doc: string;
  readonly operations: string;
  /** Empty for a register declared without fields. */
  readonly fields: readonly FieldDoc[];
  readonly segments: readonly Segment[];
}

export interface Row {
  readonly offset: string;
  readonly name: string;
  /** Anchor of the row's details, when it has any. */
  readonly link?: string;
  readonly width: string;
  readonly access: string;
  readonly reset: string;
  readonly doc: string;
}

export interface TableDoc {
  readonly id: string;
  readonly title: string;
  readonly facts: string;
  readonly doc: string;
  readonly rows: readonly Row[];
}

export interface CauseDoc {
  readonly name: string;
  readonly status: string;
  readonly enable: string;
  readonly ack: string;
  readonly test: string;
  readonly vector: string;
  readonly doc: string;
}

export interface GroupDoc {
  readonly id: string;
  readonly name: string;
  readonly doc: string;
  /** `mask set REG clear REG`, in words. */
  readonly mask?: string;
  readonly causes: readonly CauseDoc[];
}

export interface LayoutDoc {
  readonly table: TableDoc;
  readonly words: readonly RegisterDoc[];
}

export interface DeviceDoc {
  readonly name: string;
  readonly doc: string;
  readonly identity: readonly (readonly [string, string])[];
  readonly bars: readonly TableDoc[];
  /** Register tables of block instances, after their BAR's. */
  readonly blocks: readonly TableDoc[];
  readonly registers: readonly RegisterDoc[];
  readonly interrupts: readonly GroupDoc[];
  readonly layouts: readonly LayoutDoc[];
  readonly rings: readonly (readonly [string, string][])[];
}

const INDEX = 'ijklmnpqrs';
const indexName = (n: number): string => INDEX[n] ?? `i${n}`;
export const bitRange = (msb: number, lsb: number): string => (msb === lsb ? `${lsb}` : `${msb}:${lsb}`);

/** Fields and reserved gaps of a register, most significant first. */
export function segments(r: IrRegister): Segment[] {
  const out: Segment[] = [];
  let next = r.width - 1;
  for (const f of [...r.fields].sort((a, b) => b.lsb - a.lsb)) {
    const msb = f.lsb + f.width - 1;
    if (msb < next) out.push({ msb: next, lsb: msb + 1, name: '', access: '' });
    out.push({ msb, lsb: f.lsb, name: f.name, access: accessLabel(f) });
    next = f.lsb - 1;
  }
  if (next >= 0) out.push({ msb: next, lsb: 0, name: '', access: '' });
  return out;
}

type Enums = ReadonlyMap<string, IrEnum>;

function registerDoc(enums: Enums, r: IrRegister, id: string, title: string, offset: string): RegisterDoc {
  const fields = r.implicitField
    ? []
    : r.fields.map(
        (f): FieldDoc => ({
          bits: bitRange(f.lsb + f.width - 1, f.lsb),
          name: f.name,
          access: accessLabel(f),
          meaning: accessMeaning(f),
          reset: f.reset,
          doc: f.doc,
          values: f.enum
            ? (enums.get(f.enum)?.values ?? [])
            : (f.enumBy?.cases ?? []).flatMap((c) => (enums.get(c.enum)?.values ?? []).map((v) => ({ ...v, when: `${f.enumBy!.field} = ${c.key}: ${c.enum}` }))),
        }),
      );
  return {
    id,
    title,
    offset,
    width: r.width,
    access: registerAccess(r),
    reset: r.reset,
    volatile: r.volatile,
    layout:
      (r.split ? `, accessed as two 32-bit halves, ${r.split === 'lo_hi' ? 'low' : 'high'} dword first (split ${r.split})` : '') +
      (r.shares ? `, another view of ${r.shares}'s storage (one value, read through either)` : ''),
    doc: r.doc,
    operations: operations(r),
    fields,
    segments: segments(r),
  };
}

/** An array's stride as the docs show it: a number, or the device's (`(4 << cap.dstrd)`), never the smallest. */
const strideText = (a: IrArray): string => (a.strideExpr ? `(${exprText(a.strideExpr)})` : hex(a.stride));

/** `scale·y + add` for a ring array's element or vector. */
const linearText = (l: IrLinear, y: string): string => (l.scale === 0 ? String(l.add) : `${l.scale === 1 ? '' : `${l.scale}·`}${y}${l.add ? ` + ${l.add}` : ''}`);

/** `q[i].sub[j].r` and `0x124 + 0x40·i + 0x10·j` for a site. */
function placed(site: RegisterSite): { title: string; offset: string } {
  const letter = new Map(site.levels.map((l, n) => [l.path.join('.'), indexName(n)]));
  const title = site.path.map((p, n) => (letter.has(site.path.slice(0, n + 1).join('.')) ? `${p}[${letter.get(site.path.slice(0, n + 1).join('.'))}]` : p)).join('.');
  const terms = site.levels.map((l, n) => ` + ${strideText(l.array)}·${indexName(n)}`).join('');
  return { title, offset: `${hex(site.offset)}${terms}` };
}

const rowOf = (d: RegisterDoc, name: string): Row => ({
  offset: d.offset,
  name,
  link: d.id,
  width: String(d.width),
  access: d.access,
  reset: d.reset,
  doc: d.doc,
});

function refText(ref: IrFieldRef): string {
  return `${ref.path.join('.')}.${ref.field} [${bitRange(ref.lsb + ref.bits - 1, ref.lsb)}]`;
}

function causeDoc(c: IrCause): CauseDoc {
  const e = c.enable;
  const enable = e.kind === 'field' ? refText(e.ref) : e.kind === 'setClear' ? `set: write 1 to ${refText(e.set)}; clear: write 1 to ${refText(e.clear)}` : 'none (always enabled)';
  const a = c.ack;
  const ack =
    a.kind === 'none'
      ? 'none: level, clears when its condition goes away'
      : a.kind === 'read'
        ? `reading ${a.ref.path.join('.')} clears it`
        : a.kind === 'w0c'
          ? `write 0 to ${refText(a.ref)}`
          : a.kind === 'w1c'
            ? `write 1 to ${refText(a.ref)}`
            : `write 1 to ${refText(a.ref)} (separate ack register)`;
  const status = c.status ? refText(c.status) : c.ring ? `none: new entries in ring ${c.ring.name}` : 'none: the vector is the cause';
  const vector = !c.ring || c.ring.count === 1 ? `${c.vector.kind} ${c.vector.index}` : `${c.vector.kind} ${c.vector.index === 0 ? '' : `${c.vector.index} + `}${c.ring.vectorStep === 1 ? '' : `${c.ring.vectorStep} × `}i for ${c.ring.name}[i], i = 0..${c.ring.count - 1}`;
  return { name: c.name, status, enable, ack: c.status ? ack : 'none: nothing to acknowledge', test: c.test ? `write 1 to ${refText(c.test)}` : '', vector, doc: c.doc };
}

function layoutDoc(enums: Enums, l: IrLayout): LayoutDoc {
  const words = l.words.map((w) => {
    const title = `${w.name}${w.array ? '[i]' : ''}`;
    const offset = `+${hex(w.offset)}${w.array ? ` + ${hex(w.array.stride)}·i` : ''}`;
    return registerDoc(enums, w, `layout-${l.name}-${w.name}`, `${l.name}.${title}`, offset);
  });
  const facts = [`${l.size} bytes, aligned to ${l.align}`];
  if (l.owner) facts.push(`publish writes every other word, a fence, then ${l.owner.word} with ${l.owner.field} = ${l.owner.value}`);
  else if (l.done) facts.push(`publish writes every other word, a fence, then ${l.done.word} with ${l.done.field} cleared`);
  if (l.done) facts.push(`the device sets ${l.done.word}.${l.done.field} when it has finished with the entry`);
  const rows = words.map((d, n) => rowOf(d, l.words[n]!.name + (l.words[n]!.array ? `[${l.words[n]!.array!.count}]` : '')));
  return { table: { id: `layout-${l.name}`, title: `Layout ${l.name}`, facts: facts.join('; '), doc: l.doc, rows }, words };
}

/** `xs` by key, each group in the order of `xs`. */
function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const g = m.get(k);
    if (g) g.push(x);
    else m.set(k, [x]);
  }
  return m;
}

export function deviceDoc(device: IrDevice): DeviceDoc {
  const enums: Enums = new Map(device.enums.map((e) => [e.name, e]));
  const identity: [string, string][] = [];
  if (device.pci) {
    const p = device.pci;
    const ids: [string, number | undefined, number][] = [['vendor', p.vendor, 4], ['device', p.device, 4], ['subsystem vendor', p.subsystemVendor, 4], ['subsystem', p.subsystem, 4], ['class', p.class, 6], ['revision', p.revision, 2]];
    for (const [k, v, digits] of ids) if (v !== undefined) identity.push([k, `0x${v.toString(16).padStart(digits, '0')}`]);
  }
  const bars: TableDoc[] = [];
  const blocks: TableDoc[] = [];
  const registers: RegisterDoc[] = [];
  for (const bar of device.bars) {
    const flags = [bar.prefetchable ? 'prefetchable' : '', bar.is64 ? '64-bit' : ''].filter((x) => x !== '');
    const facts = `${bar.kind}, ${hex(bar.size)} bytes${flags.length ? `, ${flags.join(', ')}` : ''}${bar.hasRegisters ? '' : '; raw memory, no registers'}`;
    const sites = barSites(device, bar);
    const docs = new Map<RegisterSite, RegisterDoc>();
    for (const s of sites.registers) {
      const { title, offset } = placed(s);
      const d = registerDoc(enums, s.register, `reg-bar${bar.index}-${s.path.join('-')}`, title, offset);
      docs.set(s, d);
      registers.push(d);
    }
    // The sites by parent path, once: scanning every site per block was quadratic (issue 13).
    const registersUnder = groupBy(sites.registers, (s) => s.path.slice(0, -1).join('.'));
    const blocksUnder = groupBy(sites.blocks, (b) => b.path.slice(0, -1).join('.'));
    // Rows of the nodes directly under `parent` (a block path, '' for the BAR), offsets relative to
    // `base` and counting only the array levels below it.
    const rowsUnder = (parent: readonly string[], base: number): Row[] => {
      const key = parent.join('.');
      const depth = parent.length;
      const rel = (offset: number, levels: readonly ArrayLevel[]): string => {
        const terms = levels.map((l, n) => (l.path.length > depth ? ` + ${strideText(l.array)}·${indexName(n)}` : '')).join('');
        return `${depth > 0 ? '+' : ''}${hex(offset - base)}${terms}`;
      };
      const rows: { at: number; row: Row }[] = [];
      for (const s of registersUnder.get(key) ?? []) {
        const d = docs.get(s)!;
        rows.push({ at: s.offset, row: { ...rowOf(d, s.path.at(-1)! + (s.register.array ? `[${s.register.array.count}]` : '')), offset: rel(s.offset, s.levels) } });
      }
      for (const b of blocksUnder.get(key) ?? []) {
        const n = b.block;
        rows.push({
          at: b.offset,
          row: {
            offset: `${depth > 0 ? '+' : ''}${hex(b.offset - base)}`,
            name: `${n.name}${n.array ? `[${n.array.count}]` : ''}`,
            link: blockId(b.path),
            width: '',
            access: 'block',
            reset: '',
            doc: `${n.doc ? `${n.doc} ` : ''}(type ${b.type.name}, ${hex(b.type.size)} bytes${n.array ? `, stride ${hex(n.array.stride)}` : ''})`,
          },
        });
      }
      return rows.sort((x, y) => x.at - y.at).map((x) => x.row);
    };
    const blockId = (path: readonly string[]): string => `blk-bar${bar.index}-${path.join('-')}`;
    bars.push({ id: `bar${bar.index}`, title: `BAR ${bar.index} ${bar.name}`, facts, doc: bar.doc, rows: rowsUnder([], 0) });
    for (const b of sites.blocks) {
      const n = b.block;
      const facts = `type ${b.type.name}, ${hex(b.type.size)} bytes at ${hex(b.offset)}${n.array ? `, ${n.array.count} instances ${hex(n.array.stride)} apart` : ''}; offsets relative to the block`;
      blocks.push({ id: blockId(b.path), title: `Block ${b.path.join('.')}`, facts, doc: [...new Set([n.doc, b.type.doc])].filter((x) => x !== '').join('\n\n'), rows: rowsUnder(b.path, b.offset) });
    }
  }
  // The completion column only when some ring is a completion ring or has a vector (older specs' tables stay as they were).
  const completionColumn = device.rings.some((r) => r.phase || r.vector || r.completes);
  const rings = device.rings.map((r): [string, string][] => {
    // Labels as the DSL spells the ring's settings.
    const keys = [['tail', 'tail'], ['head', 'head'], ['baseLo', 'base_lo'], ['baseHi', 'base_hi'], ['length', 'length']] as const;
    const y = r.array?.index ?? 'i';
    const refText = (ref: IrRegisterRef): string => {
      const els = ref.elements ?? [];
      const path = ref.path.map((p, d) => {
        const el = els.find((e) => e.depth === d);
        return el ? `${p}[${linearText(el.index, y)}]` : p;
      });
      return `${path.join('.')} (${hex(ref.offset)}${els.map((el) => ` + ${strideText(el)}·(${linearText(el.index, y)})`).join('')})`;
    };
    const refs = keys.map(([k, label]): [string, string] => [label, r[k] ? refText(r[k]!) : '']);
    const count = [r.count === undefined ? '' : String(r.count), r.countMax ? `at most ${exprText(r.countMax)}` : ''].filter((x) => x !== '').join(', ');
    const kind = [
      r.phase ? `phase tag ${r.phase.word}.${r.phase.field}` : '',
      r.vector ? `${r.vector.kind === 'msix' ? 'MSI-X' : r.vector.kind.toUpperCase()} vector ${linearText(r.vector.index, y)}` : '',
      r.completes ? `completes ${r.completes}` : '',
    ].filter((x) => x !== '').join('; ');
    // A layout with variants: every variant goes into the ring's slots (its `<layout>_<variant>` section).
    const variants = r.phase ? [] : (device.layouts.find((l) => l.name === r.layout)?.variants ?? []).map((v) => `${r.layout}_${v.name}`);
    const layout = variants.length > 0 ? `${r.layout} (variants ${variants.join(', ')})` : r.layout;
    return [['ring', r.array ? `${r.name}[${y}] (${r.array.count} rings)` : r.name], ['layout', layout], ['count', count], ...refs, ...(completionColumn ? [['completion', kind] as [string, string]] : []), ['doc', r.doc]];
  });
  return {
    name: device.name,
    doc: device.doc,
    identity,
    bars,
    blocks,
    registers,
    interrupts: device.interrupts.map((g) => ({
      id: `irq-${g.name}`,
      name: g.name,
      doc: g.doc,
      ...(g.mask
        ? { mask: `One mask for the group's vectors: write 1 to bit n of ${refText(g.mask.set)} to mask vector n, of ${refText(g.mask.clear)} to unmask it; reading either returns the mask (pin-based and MSI vectors only; MSI-X vectors are masked in the MSI-X table).` }
        : {}),
      causes: g.causes.map(causeDoc),
    })),
    layouts: withVariants(device.layouts).map((l) => layoutDoc(enums, l)),
    rings,
  };
}
