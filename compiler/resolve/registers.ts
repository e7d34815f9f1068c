// Registers, fields, reserved bits, block instances and block types → the resolved model. Offsets
// stay as written (relative to the BAR or block); arrays stay count + stride.
import type { ArraySpec, BlockDecl, BlockInstance, BlockItem, FieldDecl, RegisterDecl, ReservedDecl } from '../syntax/ast.js';
import type { Span } from '../source/source.js';
import type { ResolveContext } from './context.js';
import { addAllows } from './allows.js';
import { accessSpan, DEFAULT_ACCESS, resolveAccess } from './access.js';
import { inlineEnum, topLevelEnum } from './enums.js';
import { byteSize } from '../model/sizes.js';
import { readsDevice } from './runtime.js';
import type { Access, MArray, MBlockInstance, MBlockType, MEnumBy, MField, MNode, MRegister, MReserved } from '../model/model.js';

const MAX_BIT = 1023;
const MAX_COUNT = 2 ** 32;

function resolveArray(ctx: ResolveContext, spec: ArraySpec, defaultStride: number | undefined): MArray {
  const ev = ctx.evaluator;
  const stride = spec.stride;
  // `stride 4 << cap.dstrd`: the stride is read from the device when the BAR is bound; its value with
  // every field 0 is the smallest (what the layout checks use), the expression is resolved per device.
  const runtime = stride !== undefined && readsDevice(stride);
  return {
    span: spec.span,
    count: ev.number(spec.count, 'array count', MAX_COUNT),
    countSpan: spec.count.span,
    stride: stride ? (runtime ? ev.withFieldsZero(() => ev.number(stride, 'array stride')) : ev.number(stride, 'array stride')) : defaultStride,
    strideSpan: stride?.span,
    ...(runtime ? { runtimeStride: { decl: stride } } : {}),
  };
}

/**
 * A layout word is memory: read-write (the default), or `ro` when only the device writes it (an NVMe
 * completion entry): software reads it and never writes it, so no publish()/write reaches it.
 */
function wordAccess(ctx: ResolveContext, items: RegisterDecl['access'], at: Span, inherited: Access = DEFAULT_ACCESS): Access {
  if (items.length === 0) return inherited;
  const a = resolveAccess(items, DEFAULT_ACCESS, ctx.reporter);
  if (a.onRead !== 'none' || a.onWrite !== 'none' || (a.sw !== 'rw' && a.sw !== 'r')) {
    ctx.reporter.report('wordAccess', "layout words are memory: read-write, or 'ro' when only the device writes them; remove the access", accessSpan(items, at));
    return inherited;
  }
  return a;
}

function resolveField(ctx: ResolveContext, f: FieldDecl, reg: { name: string; access: Access; volatile: boolean; isWord: boolean }, scope: string): MField {
  const ev = ctx.evaluator;
  const msb = ev.number(f.bits.msb, 'bit position', MAX_BIT);
  const lsb = f.bits.lsb ? ev.number(f.bits.lsb, 'bit position', MAX_BIT) : msb;
  const access = reg.isWord ? wordAccess(ctx, f.access, f.name.span, reg.access) : resolveAccess(f.access, reg.access, ctx.reporter);
  addAllows(ctx.allows, ctx.reporter, f.allows, f.span, `field '${f.name.name}' of ${reg.isWord ? 'word' : 'register'} '${reg.name}'`);
  let mEnum;
  let enumBy: MEnumBy | undefined;
  if (f.enum?.kind === 'inline') mEnum = inlineEnum(ctx, f.enum, scope, reg.name, f.name.name, f.name.span);
  else if (f.enum?.kind === 'ref') {
    const decl = ctx.symbols.lookup('enum', f.enum.name.name, f.enum.name.span);
    mEnum = decl ? topLevelEnum(ctx, decl) : undefined;
  } else if (f.enum?.kind === 'by') {
    enumBy = {
      span: f.enum.span,
      selector: f.enum.selector.name,
      selectorSpan: f.enum.selector.span,
      cases: f.enum.cases.map((c) => {
        const decl = ctx.symbols.lookup('enum', c.enum.name, c.enum.span);
        return { span: c.span, key: c.key.name, keySpan: c.key.span, enum: decl ? topLevelEnum(ctx, decl) : undefined, enumSpan: c.enum.span };
      }),
    };
  }
  return {
    name: f.name.name,
    nameSpan: f.name.span,
    span: f.span,
    bitsSpan: f.bits.span,
    msb,
    lsb,
    access,
    accessSpan: accessSpan(f.access, f.name.span),
    volatile: f.volatile || reg.volatile,
    reset: f.reset ? ev.natural(f.reset, 'reset value') : undefined,
    resetSpan: f.reset?.span,
    enum: mEnum,
    enumSpan: f.enum && f.enum.kind !== 'by' ? (f.enum.kind === 'ref' ? f.enum.name.span : f.enum.span) : undefined,
    ...(enumBy ? { enumBy } : {}),
    doc: f.doc ?? '',
    implicit: false,
  };
}

function resolveReserved(ctx: ResolveContext, r: ReservedDecl): MReserved {
  const ev = ctx.evaluator;
  const msb = ev.number(r.bits.msb, 'bit position', MAX_BIT);
  const lsb = r.bits.lsb ? ev.number(r.bits.lsb, 'bit position', MAX_BIT) : msb;
  let policy: MReserved['policy'] = 'reset';
  const p = r.policy?.name;
  if (p === 'preserve' || p === 'ones' || p === 'reset') policy = p;
  else if (p !== undefined) {
    ctx.reporter.report('unknownReservedPolicy', `unknown reserved policy '${p}'; expected preserve, ones or reset`, r.policy!.span);
  }
  return { span: r.span, bitsSpan: r.bits.span, msb, lsb, policy, policySpan: r.policy?.span };
}

export function resolveRegister(ctx: ResolveContext, d: RegisterDecl, scope: string, isWord: boolean): MRegister {
  const ev = ctx.evaluator;
  const what = isWord ? 'word' : 'register';
  const width = ev.number(d.width, `${what} width`, 4096);
  const access = isWord ? wordAccess(ctx, d.access, d.name.span) : resolveAccess(d.access, DEFAULT_ACCESS, ctx.reporter);
  const reset = d.reset ? ev.natural(d.reset, 'reset value') : undefined;
  const fields: MField[] = [];
  const reserved: MReserved[] = [];
  const reg = { name: d.name.name, access, volatile: d.volatile, isWord };
  addAllows(ctx.allows, ctx.reporter, d.allows, d.span, `${what} '${d.name.name}'`);
  for (const f of d.fields) {
    if (f.kind === 'field') fields.push(resolveField(ctx, f, reg, scope));
    else reserved.push(resolveReserved(ctx, f));
  }
  const implicitField = d.fields.every((f) => f.kind !== 'field');
  if (implicitField) {
    fields.push({
      name: 'value',
      nameSpan: d.name.span,
      span: d.span,
      bitsSpan: d.width.span,
      msb: width !== undefined ? width - 1 : undefined,
      lsb: 0,
      access,
      accessSpan: accessSpan(d.access, d.name.span),
      volatile: d.volatile,
      reset,
      resetSpan: d.reset?.span,
      enum: undefined,
      enumSpan: undefined,
      doc: '',
      implicit: true,
    });
  } else {
    ctx.namespaces.push(fields.map((f) => ({ what: 'field', name: f.name, nameSpan: f.nameSpan })));
  }
  return {
    kind: 'register',
    name: d.name.name,
    nameSpan: d.name.span,
    span: d.span,
    offset: ev.number(d.offset, 'offset'),
    offsetSpan: d.offset.span,
    width,
    widthSpan: d.width.span,
    array: d.array ? resolveArray(ctx, d.array, byteSize(width)) : undefined,
    volatile: d.volatile,
    reset,
    resetSpan: d.reset?.span,
    access,
    fields,
    reserved,
    implicitField,
    doc: d.doc ?? '',
    isWord,
    split: d.split ? { order: d.split.name, span: d.split.span } : undefined,
    shares: d.shares ? { name: d.shares.parts.map((p) => p.name).join('.'), span: d.shares.span } : undefined,
  };
}

/**
 * A top-level block type, created once however often it is instantiated. Its body is resolved by
 * resolveBlockBody (resolve.ts does that for every top-level block), never from an instance, so a chain of
 * thousands of nested block types never recurses.
 */
export function blockType(ctx: ResolveContext, decl: BlockDecl): MBlockType {
  let t = ctx.blockTypes.get(decl);
  if (!t) {
    t = { name: decl.name.name, nameSpan: decl.name.span, span: decl.span, doc: decl.doc ?? '', inline: false, nodes: [], size: undefined };
    ctx.blockTypes.set(decl, t);
    ctx.allBlockTypes.push(t);
  }
  return t;
}

export function resolveBlockBody(ctx: ResolveContext, decl: BlockDecl): void {
  const t = blockType(ctx, decl);
  addAllows(ctx.allows, ctx.reporter, decl.allows, decl.span, `block type '${t.name}'`);
  t.nodes = resolveItems(ctx, decl.items, t.name);
}

/** The registers and block instances of one scope (a BAR body or a block body). */
export function resolveItems(ctx: ResolveContext, items: readonly BlockItem[], scope: string): MNode[] {
  const nodes: MNode[] = [];
  for (const item of items) {
    if (item.kind === 'register') nodes.push(resolveRegister(ctx, item, scope, false));
    else nodes.push(resolveBlockInstance(ctx, item, scope));
  }
  ctx.namespaces.push(nodes.map((n) => ({ what: n.kind === 'register' ? 'register' : 'block', name: n.name, nameSpan: n.nameSpan })));
  return nodes;
}

function resolveBlockInstance(ctx: ResolveContext, b: BlockInstance, scope: string): MBlockInstance {
  let type: MBlockType | undefined;
  let typeSpan: Span = b.name.span;
  if (b.type) {
    typeSpan = b.type.span;
    const decl = ctx.symbols.lookup('block', b.type.name, b.type.span);
    type = decl ? blockType(ctx, decl) : undefined;
  } else {
    const name = `${scope}_${b.name.name}`;
    const t: MBlockType = { name, nameSpan: b.name.span, span: b.span, doc: b.doc ?? '', inline: true, instance: b.name.name, nodes: [], size: undefined };
    ctx.allBlockTypes.push(t);
    addAllows(ctx.allows, ctx.reporter, b.allows, b.span, `block '${b.name.name}'`);
    t.nodes = resolveItems(ctx, b.items ?? [], name);
    type = t;
  }
  let array: MArray | undefined;
  if (b.array) {
    array = resolveArray(ctx, b.array, undefined);
    if (!b.array.stride) {
      ctx.reporter.report('missingStride', `block array '${b.name.name}' needs a stride: write '${b.name.name}[…] stride BYTES'`, b.array.span);
    }
  }
  return {
    kind: 'block',
    name: b.name.name,
    nameSpan: b.name.span,
    span: b.span,
    offset: ctx.evaluator.number(b.offset, 'offset'),
    offsetSpan: b.offset.span,
    array,
    type,
    typeSpan,
    doc: b.doc ?? '',
  };
}
