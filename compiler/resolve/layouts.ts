// DMA layouts (words in host memory, always rw) and rings over them.
import type { LayoutDecl, Path, RingDecl } from '../syntax/ast.js';
import type { ResolveContext } from './context.js';
import { resolveRegister } from './registers.js';
import { byteSize } from '../model/sizes.js';
import { linearIndex, resolveRingPath, type RingIndex } from './paths.js';
import { runtimeExpr } from './runtime.js';
import type { MDevice, MLayout, MLayoutBit, MRegister, MRegisterRef, MRing } from '../model/model.js';

function layoutBit(ctx: ResolveContext, layout: string, words: readonly MRegister[], path: Path, role: string): MLayoutBit | undefined {
  const [w, f, ...extra] = path.parts;
  if (!w || !f || extra.length > 0 || w.index !== undefined || f.index !== undefined) {
    ctx.reporter.report('unknownLayoutField', `${role} must name WORD.FIELD of layout '${layout}'`, path.span);
    return undefined;
  }
  const word = words.find((x) => x.name === w.name);
  if (!word) {
    ctx.reporter.report('unknownLayoutField', `layout '${layout}' has no word '${w.name}'`, w.span);
    return undefined;
  }
  const field = word.fields.find((x) => x.name === f.name);
  if (!field) {
    ctx.reporter.report('unknownLayoutField', `word '${word.name}' of layout '${layout}' has no field '${f.name}'`, f.span);
    return undefined;
  }
  return { word, field, span: path.span };
}

export function resolveLayout(ctx: ResolveContext, decl: LayoutDecl): MLayout {
  const memo = ctx.layouts.get(decl);
  if (memo) return memo;
  const ev = ctx.evaluator;
  const name = decl.name.name;
  const words = decl.words.map((w) => resolveRegister(ctx, w, name, true));
  ctx.namespaces.push(words.map((w) => ({ what: 'word', name: w.name, nameSpan: w.nameSpan })));
  // Each variant's words share the entry with the common ones: one namespace per variant.
  const variants = (decl.variants ?? []).map((v) => {
    const vw = v.words.map((w) => resolveRegister(ctx, w, `${name}_${v.name.name}`, true));
    // Names clashing with a common word are reported by rules/variantWords.ts.
    ctx.namespaces.push(vw.map((w) => ({ what: 'word', name: w.name, nameSpan: w.nameSpan })));
    return { name: v.name.name, nameSpan: v.name.span, span: v.span, doc: v.doc ?? '', words: vw };
  });
  ctx.namespaces.push((decl.variants ?? []).map((v) => ({ what: 'variant', name: v.name.name, nameSpan: v.name.span })));
  // Default alignment: the widest word's natural alignment.
  let natural = 1;
  for (const w of words) natural = Math.max(natural, byteSize(w.width) ?? 1);
  const done = decl.done ? layoutBit(ctx, name, words, decl.done, 'done') : undefined;
  const ownerBit = decl.owner ? layoutBit(ctx, name, words, decl.owner.field, 'owner') : undefined;
  const owner = ownerBit && decl.owner ? { ...ownerBit, value: ev.natural(decl.owner.value, 'owner value'), valueSpan: decl.owner.value.span } : undefined;
  const layout: MLayout = {
    name,
    nameSpan: decl.name.span,
    span: decl.span,
    doc: decl.doc ?? '',
    size: ev.number(decl.size, 'layout size'),
    sizeSpan: decl.size.span,
    align: decl.align ? ev.number(decl.align, 'layout alignment') : natural,
    alignSpan: decl.align?.span,
    words,
    owner,
    done,
    variants,
  };
  ctx.layouts.set(decl, layout);
  return layout;
}

function registerRef(ctx: ResolveContext, device: MDevice, path: Path | undefined, role: string, ring: RingIndex | null): MRegisterRef | undefined {
  if (!path) return undefined;
  const found = resolveRingPath(ctx, device, path, ring);
  if (!found) return undefined;
  const { ref, elements } = found;
  if (ref.field) {
    ctx.reporter.report('ringNotRegister', `ring ${role} must name a whole register; remove '.${ref.field.name}'`, path.span);
    return undefined;
  }
  return { span: ref.span, bar: ref.bar, path: ref.path, offset: ref.offset, register: ref.register, elements };
}

export function resolveRing(ctx: ResolveContext, device: MDevice, decl: RingDecl): MRing {
  const local = device.layouts.find((l) => l.name === decl.layout.name);
  let layout = local;
  if (!layout) {
    const top = ctx.symbols.lookup('layout', decl.layout.name, decl.layout.span);
    layout = top ? resolveLayout(ctx, top) : undefined;
  }
  const ev = ctx.evaluator;
  const array = decl.array
    ? { index: decl.array.index.name, count: ev.number(decl.array.count, 'ring array count', 2 ** 16), span: decl.array.count.span }
    : undefined;
  const ring: RingIndex | null = array ? { name: array.index, count: array.count } : null;
  const ref = (path: Path | undefined, role: string): MRegisterRef | undefined => registerRef(ctx, device, path, role, ring);
  const v = decl.vector;
  const completes = decl.completes;
  if (completes && (completes.parts.length !== 1 || completes.parts[0]!.index)) {
    ctx.reporter.report('ringPairing', `'completes' names a ring of this device, e.g. completes sq`, completes.span);
  }
  return {
    name: decl.name.name,
    nameSpan: decl.name.span,
    span: decl.span,
    doc: decl.doc ?? '',
    array,
    layout,
    count: decl.count ? ev.number(decl.count, 'ring count', 2 ** 32) : undefined,
    countMax: decl.countMax ? runtimeExpr(ctx, device, decl.countMax, `the count bound of ring '${decl.name.name}'`) : undefined,
    tail: ref(decl.tail, 'tail'),
    head: ref(decl.head, 'head'),
    baseLo: ref(decl.baseLo, 'base_lo'),
    baseHi: ref(decl.baseHi, 'base_hi'),
    length: ref(decl.length, 'length'),
    phase: decl.phase && layout ? layoutBit(ctx, layout.name, layout.words, decl.phase, 'phase') : undefined,
    completes: completes && completes.parts.length === 1 ? { name: completes.parts[0]!.name, span: completes.span } : undefined,
    vector: v ? { kind: v.kind.name, kindSpan: v.kind.span, index: linearIndex(ctx, v.index, ring, `the vector of ring '${decl.name.name}'`), span: v.span } : undefined,
  };
}
