// Semantic tokens: the lexer's tokens, with names classified by what they declare or refer to (a
// register, a field, an enum value …) so an editor colours `status` as a register in a path and as a
// keyword where it starts an interrupt setting. Comments are left to the TextMate grammar.
import type { TokenType } from 'chevrotain';
import * as T from '../../compiler/syntax/tokens.js';
import { ACCESS_SHORTHANDS } from '../../compiler/resolve/access.js';
import type { Source } from '../../compiler/source/source.js';
import { lineColOf } from '../../compiler/source/source.js';
import type { Decl, SymbolIndex } from './symbols.js';

export const TOKEN_TYPES = ['namespace', 'class', 'struct', 'enum', 'enumMember', 'property', 'variable', 'event', 'keyword', 'modifier', 'number', 'string', 'operator', 'macro'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly'] as const;
type TokenKind = (typeof TOKEN_TYPES)[number];

const KIND_OF: Record<Decl['target']['kind'], TokenKind> = {
  device: 'namespace',
  bar: 'namespace',
  register: 'property',
  field: 'variable',
  blockInstance: 'property',
  blockType: 'class',
  enum: 'enum',
  enumValue: 'enumMember',
  layout: 'struct',
  interrupts: 'namespace',
  cause: 'event',
  ring: 'variable',
  constant: 'macro',
  file: 'string',
};

const KEYWORD_TYPES = new Set<TokenType>([...T.keywords, T.SwEq, T.OnReadEq, T.OnWriteEq, T.Flag64]);
const OPERATORS = new Set<TokenType>([T.ShiftLeft, T.ShiftRight, T.Plus, T.Minus, T.Star, T.Slash, T.Percent, T.Amp, T.Pipe, T.Caret, T.Tilde, T.Equals, T.At]);
const ACCESS = new Set([...ACCESS_SHORTHANDS, 'clear', 'set', 'none', 'mmio', 'io', 'prefetchable', 'msi', 'msix', 'intx', 'preserve', 'ones']);

/** LSP's relative encoding: per token deltaLine, deltaStart, length, type, modifiers. */
export function semanticTokens(source: Source, index: SymbolIndex | undefined): number[] {
  const declAt = new Map<number, { kind: TokenKind; declaration: boolean }>();
  if (index) {
    for (const d of index.declarations()) if (d.nameSpan.file === source.file && d.target.kind !== 'file') declAt.set(d.nameSpan.start, { kind: KIND_OF[d.target.kind], declaration: true });
    for (const r of index.refs) if (r.span.file === source.file && r.decl.target.kind !== 'file') declAt.set(r.span.start, { kind: KIND_OF[r.decl.target.kind], declaration: false });
  }
  const out: number[] = [];
  let line = 0;
  let col = 0;
  for (const t of T.regsLexer.tokenize(source.text).tokens) {
    let kind: TokenKind | undefined;
    let mods = 0;
    const named = declAt.get(t.startOffset);
    if (named && (t.tokenType === T.Identifier || T.keywords.includes(t.tokenType))) {
      kind = named.kind;
      if (named.declaration) mods |= 1;
      if (kind === 'macro' || kind === 'enumMember') mods |= 2;
    } else if (KEYWORD_TYPES.has(t.tokenType)) kind = 'keyword';
    else if (t.tokenType === T.Identifier) kind = ACCESS.has(t.image) ? 'modifier' : undefined;
    else if (t.tokenType === T.NumberLiteral) kind = 'number';
    else if (t.tokenType === T.StringLiteral || t.tokenType === T.UnterminatedString) kind = 'string';
    else if (OPERATORS.has(t.tokenType)) kind = 'operator';
    if (!kind || t.image.includes('\n')) continue;
    const at = lineColOf(source, t.startOffset);
    const l = at.line - 1;
    const c = at.col - 1;
    out.push(l - line, l === line ? c - col : c, t.image.length, TOKEN_TYPES.indexOf(kind), mods);
    line = l;
    col = c;
  }
  return out;
}
