// Enums: top-level ones resolved once and shared; inline ones named `<reg>_<field>` (prefixed with the
// enclosing block or BAR, then numbered, only if that name is already taken).
import type { EnumDecl, EnumValue, InlineEnum } from '../syntax/ast.js';
import type { Span } from '../source/source.js';
import type { ResolveContext } from './context.js';
import type { MEnum, MEnumValue } from '../model/model.js';

function resolveValues(ctx: ResolveContext, values: readonly EnumValue[]): MEnumValue[] {
  const out = values.map((v) => ({
    name: v.name.name,
    nameSpan: v.name.span,
    value: ctx.evaluator.natural(v.value, `value of '${v.name.name}'`),
    valueSpan: v.value.span,
    doc: v.doc ?? '',
  }));
  ctx.namespaces.push(out.map((v) => ({ what: 'enum value', name: v.name, nameSpan: v.nameSpan })));
  return out;
}

export function topLevelEnum(ctx: ResolveContext, decl: EnumDecl): MEnum {
  let e = ctx.enums.get(decl);
  if (!e) {
    ctx.enumNames.add(decl.name.name);
    e = { name: decl.name.name, nameSpan: decl.name.span, span: decl.span, doc: decl.doc ?? '', values: resolveValues(ctx, decl.values), inline: false };
    ctx.enums.set(decl, e);
  }
  return e;
}

export function inlineEnum(ctx: ResolveContext, decl: InlineEnum, scope: string, register: string, field: string, fieldSpan: Span): MEnum {
  let name = `${register}_${field}`;
  if (ctx.enumNames.has(name)) name = `${scope}_${register}_${field}`;
  for (let i = 2; ctx.enumNames.has(name); i++) name = `${scope}_${register}_${field}_${i}`;
  ctx.enumNames.add(name);
  return { name, nameSpan: fieldSpan, span: decl.span, doc: '', values: resolveValues(ctx, decl.values), inline: true };
}
