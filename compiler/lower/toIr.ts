// The checked model → the IR of compiler/ir/ir.ts. Runs only when there are no errors, so every value
// the model may leave undefined is defined here. Deterministic: order follows the source.
import type {
  IrBar, IrBlockType, IrCause, IrDevice, IrEnum, IrEnumBy, IrField, IrFieldRef, IrLayout, IrNode, IrPci,
  IrRegister, IrRegisterRef, IrReservedBits, IrRing, IrSourceRef, IrSpec, IrArray, IrExpr, IrRingElement,
} from '../ir/ir.js';
import { IR_VERSION } from '../ir/ir.js';
import { lineColOf, type Source, type Span } from '../source/source.js';
import { computeMasks } from './masks.js';
import { bitsOf, hex } from '../ir/bits.js';
import { mergedReset } from './resets.js';
import { blockTypesOf } from '../model/blockTypesOf.js';
import type { MArray, MBlockType, MCause, MDevice, MEnum, MEnumBy, MExpr, MLayout, MNode, MRef, MRegister, MRegisterRef, MRing, Model } from '../model/model.js';
import type { Program } from '../resolve/program.js';

type Width = IrRegister['width'];

class IrBuilder {
  constructor(private readonly sources: ReadonlyMap<string, Source>) {}

  at(span: Span): IrSourceRef {
    const src = this.sources.get(span.file);
    const { line, col } = src ? lineColOf(src, span.start) : { line: 0, col: 0 };
    return { file: span.file, line, col };
  }

  register(r: MRegister): IrRegister {
    const width = r.width! as Width;
    const reset = mergedReset(r);
    const fields: IrField[] = r.fields
      .map((f) => {
        const w = f.msb! - f.lsb! + 1;
        return {
          name: f.name,
          doc: f.doc,
          lsb: f.lsb!,
          width: w,
          sw: f.access.sw,
          onRead: f.access.onRead,
          onWrite: f.access.onWrite,
          reset: hex((reset >> BigInt(f.lsb!)) & bitsOf(0, w)),
          volatile: f.volatile,
          ...(f.enum ? { enum: f.enum.name } : {}),
          ...(f.enumBy ? { enumBy: enumByOf(f.enumBy, r) } : {}),
          at: this.at(f.span),
        };
      })
      .sort((a, b) => a.lsb - b.lsb);
    const reserved = reservedBits(r, width);
    const { masks, ops } = computeMasks({ width, reset, fields, reserved });
    return {
      kind: 'register',
      name: r.name,
      doc: r.doc,
      offset: r.offset!,
      width,
      ...(r.array ? { array: this.array(r.array) } : {}),
      volatile: r.volatile,
      reset: hex(reset),
      fields,
      implicitField: r.implicitField,
      reserved,
      masks,
      ops,
      ...(r.split ? { split: r.split.order as 'lo_hi' | 'hi_lo' } : {}),
      ...(r.shares ? { shares: r.shares.name } : {}),
      at: this.at(r.span),
    };
  }

  node(n: MNode): IrNode {
    if (n.kind === 'register') return this.register(n);
    return {
      kind: 'block',
      name: n.name,
      doc: n.doc,
      offset: n.offset!,
      ...(n.array ? { array: this.array(n.array) } : {}),
      type: n.type!.name,
      at: this.at(n.span),
    };
  }

  blockType(t: MBlockType): IrBlockType {
    return { name: t.name, doc: t.doc, size: t.size ?? 0, nodes: t.nodes.map((n) => this.node(n)), at: this.at(t.span) };
  }

  fieldRef(r: MRef): IrFieldRef {
    const f = r.field!;
    return {
      bar: r.bar.index!,
      path: r.path,
      offset: r.offset,
      width: r.register.width! as Width,
      field: f.name,
      lsb: f.lsb!,
      bits: f.msb! - f.lsb! + 1,
    };
  }

  array(a: MArray): IrArray {
    const e = a.runtimeStride?.expr;
    return { count: a.count!, stride: a.stride!, ...(e ? { strideExpr: this.expr(e) } : {}) };
  }

  expr(e: MExpr): IrExpr {
    switch (e.kind) {
      case 'const':
        return { kind: 'const', value: hex(e.value) };
      case 'field':
        return { kind: 'field', ref: this.fieldRef(e.ref) };
      case 'unary':
        return { kind: 'unary', op: e.op, operand: this.expr(e.operand) };
      case 'binary':
        return { kind: 'binary', op: e.op, left: this.expr(e.left), right: this.expr(e.right) };
    }
  }

  registerRef(r: MRegisterRef | undefined): IrRegisterRef | undefined {
    if (!r) return undefined;
    const elements = r.elements.map((el): IrRingElement => {
      const a = this.array(el.node.array!);
      return { depth: el.depth, count: a.count, stride: a.stride, ...(a.strideExpr ? { strideExpr: a.strideExpr } : {}), index: el.index };
    });
    return { bar: r.bar.index!, path: r.path, offset: r.offset, width: r.register.width! as Width, ...(elements.length ? { elements } : {}) };
  }

  layout(l: MLayout): IrLayout {
    return {
      name: l.name,
      doc: l.doc,
      size: l.size!,
      align: l.align!,
      words: l.words.map((w) => this.register(w)),
      ...(l.owner ? { owner: { word: l.owner.word.name, field: l.owner.field.name, value: hex(l.owner.value ?? 0n) } } : {}),
      ...(l.done ? { done: { word: l.done.word.name, field: l.done.field.name } } : {}),
      ...(l.variants.length > 0
        ? { variants: l.variants.map((v) => ({ name: v.name, doc: v.doc, words: v.words.map((w) => this.register(w)), at: this.at(v.span) })) }
        : {}),
      at: this.at(l.span),
    };
  }

  /** `ring RING` causes: one per ring of the array, on the ring's vectors (checked by rules/statuslessCauses.ts). */
  private ringOf(c: MCause, d: MDevice): MRing | undefined {
    const name = c.statusless?.ring?.name;
    return name === undefined ? undefined : d.rings.find((r) => r.name === name);
  }

  causeRing(c: MCause, d: MDevice): { ring?: NonNullable<IrCause['ring']> } {
    const r = this.ringOf(c, d);
    if (!r) return {};
    return { ring: { name: r.name, count: r.array?.count ?? 1, vectorStep: r.vector!.index!.scale } };
  }

  causeVector(c: MCause, d: MDevice): IrCause['vector'] {
    const r = this.ringOf(c, d);
    if (r) return { kind: r.vector!.kind as IrCause['vector']['kind'], index: r.vector!.index!.add };
    return { kind: c.vector.kind, index: c.vector.index };
  }

  device(d: MDevice, model: Model): IrDevice {
    const types = blockTypesOf(d);
    const layouts = [...d.layouts, ...model.layouts.filter((l) => !d.layouts.includes(l))];
    const registers = [...deviceRegisters(d, types), ...layouts.flatMap((l) => [...l.words, ...l.variants.flatMap((v) => v.words)])];
    const irRings: IrRing[] = d.rings.map((r) => {
      const ring: IrRing = {
        name: r.name,
        doc: r.doc,
        layout: r.layout!.name,
        ...(r.array ? { array: { count: r.array.count!, index: r.array.index } } : {}),
        ...(r.count !== undefined ? { count: r.count } : {}),
        ...(r.countMax ? { countMax: this.expr(r.countMax) } : {}),
        ...(r.phase ? { phase: { word: r.phase.word.name, field: r.phase.field.name } } : {}),
        ...(r.completes ? { completes: r.completes.name } : {}),
        ...(r.vector && r.vector.index ? { vector: { kind: r.vector.kind as 'intx' | 'msi' | 'msix', index: r.vector.index } } : {}),
        at: this.at(r.span),
      };
      const refs = { tail: r.tail, head: r.head, baseLo: r.baseLo, baseHi: r.baseHi, length: r.length };
      for (const [k, v] of Object.entries(refs)) if (v) Object.assign(ring, { [k]: this.registerRef(v) });
      return ring;
    });
    return {
      name: d.name,
      doc: d.doc,
      ...(d.pci ? { pci: pciOf(d) } : {}),
      bars: d.bars.map(
        (b): IrBar => ({
          index: b.index!,
          name: b.name,
          kind: b.kind,
          size: b.size!,
          prefetchable: b.prefetchable,
          is64: b.is64,
          doc: b.doc,
          hasRegisters: b.nodes !== undefined,
          nodes: (b.nodes ?? []).map((n) => this.node(n)),
          at: this.at(b.span),
        }),
      ),
      blockTypes: types.map((t) => this.blockType(t)),
      enums: deviceEnums(registers, model.enums.filter((e) => !e.inline && e.nameSpan.file === d.span.file)),
      interrupts: d.interrupts.map((g) => ({
        name: g.name,
        doc: g.doc,
        // A mask path naming a whole register means its one field (rules/interruptMasks.ts).
        ...(g.mask ? { mask: { set: this.fieldRef(wholeField(g.mask.set)), clear: this.fieldRef(wholeField(g.mask.clear)) } } : {}),
        causes: g.causes.map(
          (c): IrCause => ({
            name: c.name,
            doc: c.doc,
            ...(c.statusless ? {} : { status: this.fieldRef(c.status!) }),
            ...this.causeRing(c, d),
            enable:
              c.enable.kind === 'field'
                ? { kind: 'field', ref: this.fieldRef(c.enable.ref) }
                : c.enable.kind === 'setClear'
                  ? { kind: 'setClear', set: this.fieldRef(c.enable.set), clear: this.fieldRef(c.enable.clear) }
                  : { kind: 'none' },
            ack: c.ack.kind === 'none' ? { kind: 'none' } : { kind: c.ack.kind, ref: this.fieldRef(c.ack.ref) },
            ...(c.test ? { test: this.fieldRef(c.test) } : {}),
            vector: this.causeVector(c, d),
            at: this.at(c.span),
          }),
        ),
        at: this.at(g.span),
      })),
      layouts: layouts.map((l) => this.layout(l)),
      rings: irRings,
      at: this.at(d.span),
    };
  }
}

/** Declared reserved ranges plus every bit no field or reserved declaration covers, ascending. */
function reservedBits(r: MRegister, width: number): IrReservedBits[] {
  const out: IrReservedBits[] = r.reserved.map((x) => ({ lsb: x.lsb!, width: x.msb! - x.lsb! + 1, policy: x.policy }));
  const covered = new Array<boolean>(width).fill(false);
  for (const f of [...r.fields, ...r.reserved]) for (let b = f.lsb!; b <= f.msb!; b++) covered[b] = true;
  for (let b = 0; b < width; ) {
    if (covered[b]) { b++; continue; }
    const lsb = b;
    while (b < width && !covered[b]) b++;
    out.push({ lsb, width: b - lsb, policy: 'reset' });
  }
  return out.sort((a, b) => a.lsb - b.lsb);
}

function pciOf(d: MDevice): IrPci {
  const v = new Map(d.pci!.values.map((p) => [p.key, p.value!]));
  const opt = (key: string, as: string): Record<string, number> => (v.has(key) ? { [as]: v.get(key)! } : {});
  return {
    vendor: v.get('vendor')!,
    device: v.get('device')!,
    ...opt('subsystem_vendor', 'subsystemVendor'),
    ...opt('subsystem', 'subsystem'),
    ...opt('class', 'class'),
    ...opt('revision', 'revision'),
  };
}

function deviceRegisters(d: MDevice, types: readonly MBlockType[]): MRegister[] {
  const regs: MRegister[] = [];
  for (const nodes of [...d.bars.map((b) => b.nodes ?? []), ...types.map((t) => t.nodes)]) {
    for (const n of nodes) if (n.kind === 'register') regs.push(n);
  }
  return regs;
}

/** `enum by`: each case's key as the selector enum's value (the checker made sure both exist). */
function enumByOf(by: MEnumBy, r: MRegister): IrEnumBy {
  const selector = r.fields.find((f) => f.name === by.selector)!.enum!;
  return {
    field: by.selector,
    cases: by.cases.map((c) => ({ key: c.key, value: hex(selector.values.find((v) => v.name === c.key)!.value ?? 0n), enum: c.enum!.name })),
  };
}

/**
 * The enums a device's fields use, then the main file's other top-level enums (a spec's vocabulary:
 * NVMe's opcode tables name values of a field whose meaning differs per command), sized to their
 * largest value.
 */
function deviceEnums(registers: readonly MRegister[], vocabulary: readonly MEnum[] = []): IrEnum[] {
  const widths = new Map<MEnum, number>();
  for (const r of registers) {
    for (const f of r.fields) {
      const w = f.msb! - f.lsb! + 1;
      for (const e of [f.enum, ...(f.enumBy?.cases ?? []).map((c) => c.enum)]) if (e) widths.set(e, Math.max(widths.get(e) ?? 0, w));
    }
  }
  for (const e of vocabulary) {
    if (widths.has(e)) continue;
    const max = e.values.reduce((m, v) => (v.value !== undefined && v.value > m ? v.value : m), 0n);
    widths.set(e, Math.max(1, max.toString(2).length));
  }
  return [...widths].map(([e, width]) => ({
    name: e.name,
    width,
    doc: e.doc,
    values: e.values.map((v) => ({ name: v.name, value: hex(v.value ?? 0n), doc: v.doc })),
  }));
}

export function toIr(model: Model, program: Program): IrSpec {
  const b = new IrBuilder(program.sources);
  return {
    irVersion: IR_VERSION,
    source: program.main,
    files: program.files.map((f) => f.path),
    devices: model.devices.map((d) => b.device(d, model)),
  };
}

function wholeField(r: MRef): MRef {
  return r.field ? r : { ...r, field: r.register.fields[0] };
}
