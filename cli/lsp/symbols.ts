// Every named thing of a loaded program (declarations) and every place a name refers to one
// (references), with spans — what hover, definition, references, document symbols and semantic tokens
// are answered from. Built from the resolved model (names, offsets, access already worked out) plus the
// syntax tree for what the model does not keep spans of (import paths, ring layouts, each part of an
// interrupt or ring path).
import path from 'node:path';
import type { Span } from '../../compiler/source/source.js';
import type { DeviceDecl, InterruptSettings, Path, SpecFile } from '../../compiler/syntax/ast.js';
import type {
  MBar, MBlockInstance, MBlockType, MCause, MDevice, MEnum, MEnumValue, MField, MInterruptGroup, MLayout, MNode, MRegister, MRing, Model,
} from '../../compiler/model/model.js';
import type { Program } from '../../compiler/resolve/program.js';

export type Target =
  | { readonly kind: 'device'; readonly device: MDevice }
  | { readonly kind: 'bar'; readonly bar: MBar; readonly device: MDevice }
  | { readonly kind: 'register'; readonly register: MRegister }
  | { readonly kind: 'field'; readonly field: MField; readonly register: MRegister }
  | { readonly kind: 'blockInstance'; readonly node: MBlockInstance }
  | { readonly kind: 'blockType'; readonly type: MBlockType }
  | { readonly kind: 'enum'; readonly enum: MEnum }
  | { readonly kind: 'enumValue'; readonly value: MEnumValue; readonly enum: MEnum }
  | { readonly kind: 'layout'; readonly layout: MLayout }
  | { readonly kind: 'interrupts'; readonly group: MInterruptGroup }
  | { readonly kind: 'cause'; readonly cause: MCause; readonly group: MInterruptGroup }
  | { readonly kind: 'ring'; readonly ring: MRing }
  | { readonly kind: 'constant'; readonly value: string }
  | { readonly kind: 'file'; readonly file: string };

export interface Decl {
  readonly name: string;
  readonly nameSpan: Span;
  /** The whole declaration (for outlines and folding). */
  readonly span: Span;
  readonly target: Target;
  readonly children: Decl[];
}

export interface Ref {
  readonly span: Span;
  readonly decl: Decl;
}

/** Where a register sits in a BAR: one entry per instance of the block type holding it. */
export interface Placement {
  readonly bar: MBar;
  readonly device: MDevice;
  /** `rx.rdt`: the names from the BAR down to the register. */
  readonly path: string;
  /** Bytes from the BAR start (of element 0 of every enclosing array). */
  readonly offset: number;
  /** Enclosing arrays, outermost first. */
  readonly arrays: readonly { readonly count: number | undefined; readonly stride: number | undefined }[];
}

const contains = (s: Span, file: string, offset: number): boolean => s.file === file && s.start <= offset && offset <= s.end;

export class SymbolIndex {
  /** Top-level declarations of every file (each with its children), in program order. */
  readonly roots: Decl[] = [];
  readonly refs: Ref[] = [];
  readonly placements = new Map<MRegister, Placement[]>();
  /** Per register: the device whose BAR or layout holds it (for names in hovers). */
  private readonly byObject = new Map<object, Decl>();
  private readonly all: Decl[] = [];

  constructor(program: Program, private readonly model: Model) {
    const fileDecls = new Map<string, Decl>();
    for (const f of program.files) {
      const d = this.decl(f.path, { file: f.path, start: 0, end: 0 }, { file: f.path, start: 0, end: f.source.text.length }, { kind: 'file', file: f.path }, undefined);
      fileDecls.set(f.path, d);
    }
    for (const f of program.files) this.fileLevel(f.path, f.ast, fileDecls);
    for (const e of model.enums) this.roots.push(this.enumDecl(e));
    for (const t of model.blockTypes) if (!t.inline) this.roots.push(this.blockTypeDecl(t));
    for (const l of model.layouts) this.roots.push(this.layoutDecl(l));
    const deviceAsts = new Map<number, DeviceDecl>();
    for (const f of program.files) for (const item of f.ast.items) if (item.kind === 'device') deviceAsts.set(item.name.span.start, item);
    for (const d of model.devices) this.roots.push(this.deviceDecl(d, deviceAsts.get(d.nameSpan.start)));
    // References resolved by the model.
    for (const decl of [...this.all]) {
      const t = decl.target;
      if (t.kind === 'field' && t.field.enum && !t.field.enum.inline && t.field.enumSpan) this.ref(t.field.enumSpan, t.field.enum);
      if (t.kind === 'blockInstance' && t.node.type && !t.node.type.inline) this.ref(t.node.typeSpan, t.node.type);
      // `enum by sct { media: media_status }`: the selector field, each key (a value of the selector's enum) and each case's enum.
      const by = t.kind === 'field' ? t.field.enumBy : undefined;
      if (t.kind === 'field' && by) {
        const selector = t.register.fields.find((f) => f.name === by.selector && f !== t.field);
        if (selector) this.ref(by.selectorSpan, selector);
        for (const c of by.cases) {
          if (c.enum) this.ref(c.enumSpan, c.enum);
          const key = selector?.enum?.values.find((v) => v.name === c.key);
          if (key) this.ref(c.keySpan, key);
        }
      }
    }
    const order = new Map(program.files.map((f, i) => [f.path, i]));
    this.roots.sort((a, b) => (order.get(a.span.file) ?? 0) - (order.get(b.span.file) ?? 0) || a.span.start - b.span.start);
    this.refs.sort((a, b) => a.span.start - b.span.start);
  }

  /** The declaration object for a model object (register, field, enum, …). */
  declOf(o: object): Decl | undefined {
    return this.byObject.get(o);
  }

  /** The reference or declaration name under `offset` (a reference wins: it is the smaller span). */
  at(file: string, offset: number): { decl: Decl; span: Span; isRef: boolean } | undefined {
    let best: { decl: Decl; span: Span; isRef: boolean } | undefined;
    for (const r of this.refs) if (contains(r.span, file, offset) && (!best || r.span.end - r.span.start < best.span.end - best.span.start)) best = { decl: r.decl, span: r.span, isRef: true };
    if (best) return best;
    for (const d of this.all) if (d.target.kind !== 'file' && contains(d.nameSpan, file, offset)) return { decl: d, span: d.nameSpan, isRef: false };
    return undefined;
  }

  referencesTo(decl: Decl): Ref[] {
    return this.refs.filter((r) => r.decl === decl);
  }

  declarations(): readonly Decl[] {
    return this.all;
  }

  /** The innermost device whose span holds `offset` (or the first device of the program). */
  deviceAt(file: string, offset: number): MDevice | undefined {
    return this.model.devices.find((d) => contains(d.span, file, offset)) ?? this.model.devices[0];
  }

  // ---------------------------------------------------------------------------------------------------
  private decl(name: string, nameSpan: Span, span: Span, target: Target, key: object | undefined): Decl {
    const d: Decl = { name, nameSpan, span, target, children: [] };
    this.all.push(d);
    if (key) this.byObject.set(key, d);
    return d;
  }

  private ref(span: Span, to: object): void {
    const decl = this.byObject.get(to);
    if (decl) this.refs.push({ span, decl });
  }

  private fileLevel(from: string, ast: SpecFile, files: Map<string, Decl>): void {
    for (const item of ast.items) {
      if (item.kind === 'import') {
        // The path string (quotes included) refers to the imported file (resolved as analysis.ts does).
        const target = files.get(path.resolve(path.isAbsolute(from) ? path.dirname(from) : process.cwd(), item.path));
        if (target) this.refs.push({ span: item.pathSpan, decl: target });
      } else if (item.kind === 'const') {
        const value = item.value.kind === 'number' ? `0x${item.value.value.toString(16)}` : '';
        this.roots.push(this.decl(item.name.name, item.name.span, item.span, { kind: 'constant', value }, item));
      }
    }
  }

  private enumDecl(e: MEnum): Decl {
    const d = this.decl(e.name, e.nameSpan, e.span, { kind: 'enum', enum: e }, e);
    for (const v of e.values) d.children.push(this.decl(v.name, v.nameSpan, { ...v.nameSpan, end: Math.max(v.nameSpan.end, v.valueSpan.end) }, { kind: 'enumValue', value: v, enum: e }, v));
    return d;
  }

  private blockTypeDecl(t: MBlockType): Decl {
    const d = this.decl(t.name, t.nameSpan, t.span, { kind: 'blockType', type: t }, t);
    for (const n of t.nodes) d.children.push(this.nodeDecl(n));
    return d;
  }

  private layoutDecl(l: MLayout): Decl {
    const d = this.decl(l.name, l.nameSpan, l.span, { kind: 'layout', layout: l }, l);
    for (const w of l.words) d.children.push(this.registerDecl(w));
    return d;
  }

  private registerDecl(r: MRegister): Decl {
    const d = this.decl(r.name, r.nameSpan, r.span, { kind: 'register', register: r }, r);
    if (!r.implicitField) {
      for (const f of r.fields) {
        const fd = this.decl(f.name, f.nameSpan, f.span, { kind: 'field', field: f, register: r }, f);
        if (f.enum?.inline) for (const v of f.enum.values) fd.children.push(this.decl(v.name, v.nameSpan, v.nameSpan, { kind: 'enumValue', value: v, enum: f.enum }, v));
        if (f.enum?.inline) this.byObject.set(f.enum, fd);
        d.children.push(fd);
      }
    } else {
      const f = r.fields[0];
      if (f) this.byObject.set(f, d);
    }
    return d;
  }

  private nodeDecl(n: MNode): Decl {
    if (n.kind === 'register') return this.registerDecl(n);
    const d = this.decl(n.name, n.nameSpan, n.span, { kind: 'blockInstance', node: n }, n);
    if (n.type?.inline) for (const c of n.type.nodes) d.children.push(this.nodeDecl(c));
    return d;
  }

  private deviceDecl(device: MDevice, ast: DeviceDecl | undefined): Decl {
    const d = this.decl(device.name, device.nameSpan, device.span, { kind: 'device', device }, device);
    for (const bar of device.bars) {
      const bd = this.decl(bar.name, bar.nameSpan, bar.span, { kind: 'bar', bar, device }, bar);
      for (const n of bar.nodes ?? []) bd.children.push(this.nodeDecl(n));
      d.children.push(bd);
      this.place(bar.nodes ?? [], { bar, device, path: '', offset: 0, arrays: [] });
    }
    for (const l of device.layouts) d.children.push(this.layoutDecl(l));
    for (const g of device.interrupts) {
      const gd = this.decl(g.name, g.nameSpan, g.span, { kind: 'interrupts', group: g }, g);
      for (const c of g.causes) gd.children.push(this.decl(c.name, c.nameSpan, c.span, { kind: 'cause', cause: c, group: g }, c));
      d.children.push(gd);
    }
    for (const r of device.rings) d.children.push(this.decl(r.name, r.nameSpan, r.span, { kind: 'ring', ring: r }, r));
    if (ast) this.devicePaths(device, ast);
    return d;
  }

  private place(nodes: readonly MNode[], at: Placement): void {
    for (const n of nodes) {
      const path = at.path ? `${at.path}.${n.name}` : n.name;
      const offset = at.offset + (n.offset ?? 0);
      const arrays = n.array ? [...at.arrays, { count: n.array.count, stride: n.array.stride }] : at.arrays;
      if (n.kind === 'register') {
        const list = this.placements.get(n) ?? [];
        list.push({ ...at, path, offset, arrays });
        this.placements.set(n, list);
      } else if (n.type && arrays.length < 8) {
        this.place(n.type.nodes, { ...at, path, offset, arrays });
      }
    }
  }

  // Paths in interrupts, rings and layouts: every part refers to a BAR, block instance, register or field.
  private devicePaths(device: MDevice, ast: DeviceDecl): void {
    const settings = (s: InterruptSettings): (Path | undefined)[] => [s.status, s.enable?.target, s.enable?.set, s.enable?.clear, s.ack?.target, s.test];
    for (const g of ast.interrupts) {
      const paths = [...settings(g), g.mask?.set, g.mask?.clear, ...g.causes.flatMap(settings)];
      for (const p of paths) if (p) this.barPath(device, p);
      // A cause without its own status names a field of the group's status register.
      const group = device.interrupts.find((m) => m.nameSpan.start === g.name.span.start);
      for (const c of g.causes) {
        const mc = group?.causes.find((m) => m.nameSpan.start === c.name.span.start);
        if (mc?.status?.field && !c.status) this.ref(c.name.span, mc.status.field);
        // `ring RING`: the cause's ring.
        const ring = c.ring ? device.rings.find((r) => r.name === c.ring!.name) : undefined;
        if (ring && c.ring) this.ref(c.ring.span, ring);
      }
    }
    for (const r of ast.rings) {
      for (const p of [r.tail, r.head, r.baseLo, r.baseHi, r.length]) if (p) this.barPath(device, p);
      const layout = device.layouts.find((l) => l.name === r.layout.name) ?? this.model.layouts.find((l) => l.name === r.layout.name);
      if (layout) this.ref(r.layout.span, layout);
    }
    for (const l of ast.layouts) {
      const ml = device.layouts.find((m) => m.nameSpan.start === l.name.span.start);
      if (!ml) continue;
      for (const p of [l.owner?.field, l.done]) {
        if (!p) continue;
        const [w, f] = p.parts;
        const word = w && ml.words.find((x) => x.name === w.name);
        if (!word || !w) continue;
        this.ref(w.span, word);
        const field = f && word.fields.find((x) => x.name === f.name);
        if (field && f) this.ref(f.span, field);
      }
    }
  }

  /** Resolves each part of a BAR path as lower/paths.ts does, without reporting (lowering already did). */
  private barPath(device: MDevice, p: Path): void {
    const parts = p.parts;
    const first = parts[0];
    if (!first) return;
    const withRegs = device.bars.filter((b) => b.nodes);
    let i = 0;
    let nodes: readonly MNode[] | undefined;
    const named = withRegs.find((b) => b.name === first.name);
    if (named && parts.length > 1) {
      this.ref(first.span, named);
      nodes = named.nodes;
      i = 1;
    } else {
      nodes = withRegs.find((b) => b.nodes!.some((n) => n.name === first.name))?.nodes;
    }
    for (; nodes && i < parts.length; i++) {
      const part = parts[i]!;
      const node: MNode | undefined = nodes.find((n) => n.name === part.name);
      if (!node) return;
      this.ref(part.span, node);
      if (node.kind === 'block') {
        nodes = node.type?.nodes;
        continue;
      }
      const fp = parts[i + 1];
      const field = fp && node.fields.find((f) => f.name === fp.name);
      if (field && fp) this.ref(fp.span, field);
      return;
    }
  }
}

/** Nodes reachable by a dotted prefix (`rx.` → the nodes of block rx), for completion. */
export function nodesAfter(device: MDevice, names: readonly string[]): { nodes: readonly MNode[]; fields: readonly MField[]; bars: readonly MBar[] } {
  const withRegs = device.bars.filter((b) => b.nodes);
  if (names.length === 0) return { nodes: withRegs.flatMap((b) => b.nodes!), fields: [], bars: withRegs };
  let nodes: readonly MNode[] | undefined = withRegs.find((b) => b.name === names[0])?.nodes;
  let i = nodes ? 1 : 0;
  if (!nodes) nodes = withRegs.find((b) => b.nodes!.some((n) => n.name === names[0]))?.nodes;
  for (; nodes && i < names.length; i++) {
    const node: MNode | undefined = nodes.find((n) => n.name === names[i]);
    if (!node) return { nodes: [], fields: [], bars: [] };
    if (node.kind === 'register') return i === names.length - 1 ? { nodes: [], fields: node.implicitField ? [] : node.fields, bars: [] } : { nodes: [], fields: [], bars: [] };
    nodes = node.type?.nodes;
  }
  return { nodes: nodes ?? [], fields: [], bars: [] };
}
