// The syntax phase's one entry: text → tokens → CST → AST, with every problem as a diagnostic. It never
// throws: hostile input (binary garbage, NUL bytes, a 1 MB line, 10,000 open parentheses) ends up as a
// handful of RM01xx errors and an AST of whatever was written whole.
import type { IRecognitionException, IToken } from 'chevrotain';
import type * as A from './ast.js';
import type { SpecFile } from './ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Source, Span } from '../source/source.js';
import type { CodeName } from '../diagnostics/codes.js';
import { Reporter } from '../diagnostics/reporter.js';
import { regsParser } from './parser.js';
import { AstBuilder } from './toAst.js';
import * as T from './tokens.js';
import { closeUnclosed, isInserted } from './unclosed.js';

/** Past this many, a file is not worth reading further (and the output stays short). */
export const MAX_LEXER_ERRORS = 50;
export const MAX_PARSE_ERRORS = 50;
/** Brackets nested deeper than this are garbage; the limit also bounds the parser's recursion. */
export const MAX_NESTING = 100;

/** How the syntax phase reports: by code name, through the one Reporter. */
export type Report = (name: CodeName, message: string, span: Span) => void;

export interface ParseResult {
  readonly ast: SpecFile;
  readonly diagnostics: Diagnostic[];
}

export function parse(source: Source): ParseResult {
  // Uncapped: the syntax limits below (RM012x) bound what one file can report.
  const reporter = new Reporter(Infinity);
  const diagnostics = reporter.items;
  const file = source.file;
  const text = source.text;
  const empty: SpecFile = { kind: 'file', items: [], span: { file, start: 0, end: text.length } };
  const error: Report = (name, message, span) => reporter.report(name, message, span);
  try {
    const lexed = lex(source, error);
    if (!lexed) return { ast: empty, diagnostics };
    if (!nestingOk(lexed.tokens, file, error)) return { ast: empty, diagnostics };

    // A block left open is closed where the next top-level declaration starts (unclosed.ts). That
    // guess is made on brace counts, before chevrotain has recovered on its own: when the parser had
    // already closed the block at an earlier item (`register b` after `register a {` missing its '}'),
    // the inserted '}' closes one block too many and the rest of the file reads as a cascade. So a
    // mended file is also read as written, and the reading with fewer errors is kept (the mended one
    // on a tie: its error names the '{').
    const mends = new Reporter(Infinity);
    const mended = closeUnclosed(lexed.tokens, source, (name, message, span) => mends.report(name, message, span));
    let read = readTokens(mended, mends.items, source, lexed.damaged);
    if (mended !== lexed.tokens) {
      const plain = readTokens(lexed.tokens, [], source, lexed.damaged);
      if (plain.errors < read.errors) read = plain;
    }
    for (const d of read.diagnostics) reporter.push(d);
    const ast: SpecFile = { kind: 'file', items: read.items, span: empty.span };
    return { ast, diagnostics: ordered(diagnostics) };
  } catch (e) {
    // Only a bug gets here; still a diagnostic, never a crash.
    const what = e instanceof RangeError ? 'input nested too deeply for the parser' : `internal parser error: ${(e as Error).message}`;
    error('nestingTooDeep', what, { file, start: 0, end: 0 });
    return { ast: empty, diagnostics };
  } finally {
    regsParser.release();
  }
}

/** Parses `tokens` (`first`: diagnostics that go before the parser's), with its own diagnostics. */
function readTokens(tokens: IToken[], first: readonly Diagnostic[], source: Source, damaged: readonly Damage[]): { items: A.TopItem[]; diagnostics: Diagnostic[]; errors: number } {
  const reporter = new Reporter(Infinity);
  for (const d of first) reporter.push(d);
  const error: Report = (name, message, span) => reporter.report(name, message, span);
  // Errors found while building nodes (malformed numbers, duplicate settings) share the cap.
  let treeErrors = 0;
  const report: Report = (name, message, span) => {
    if (++treeErrors <= MAX_PARSE_ERRORS) error(name, message, span);
    else if (treeErrors === MAX_PARSE_ERRORS + 1) error('tooManyErrors', `too many syntax errors (more than ${MAX_PARSE_ERRORS}); stopped reporting`, span);
  };
  regsParser.build = new AstBuilder(source.file, report);
  regsParser.topLevelDepth = topLevelDepths(tokens);
  regsParser.input = tokens;
  const items = regsParser.file() ?? [];
  reportParseErrors(regsParser.errors, source, damaged, error);
  return { items, diagnostics: reporter.items, errors: reporter.errorCount };
}

/** Text the lexer already reported (skipped characters, a runaway string or comment), as [start, end). */
type Damage = readonly [number, number];

/** Tokens for the parser, or undefined when the text is too broken to be worth parsing. */
function lex(source: Source, error: Report): { tokens: IToken[]; damaged: Damage[] } | undefined {
  const { file, text } = source;
  // Control characters are never part of a spec; many of them mean binary data, which is not worth
  // lexing (a megabyte of it would otherwise take the lexer a second to skip).
  const control = /[\u0000-\u0008\u000e-\u001f\u007f]/g;
  let first = -1;
  let controls = 0;
  while (control.exec(text) && ++controls <= MAX_LEXER_ERRORS) if (first < 0) first = control.lastIndex - 1;
  if (controls > MAX_LEXER_ERRORS) {
    error('tooManyErrors', `this looks like a binary file (more than ${MAX_LEXER_ERRORS} control characters), not a .regs spec`, { file, start: first, end: first + 1 });
    return undefined;
  }
  const result = T.regsLexer.tokenize(text);
  const damaged: Damage[] = [];
  let count = 0;
  for (const e of result.errors) {
    damaged.push([e.offset, e.offset + e.length]);
    if (++count > MAX_LEXER_ERRORS) {
      error('tooManyErrors', `too many unexpected characters (more than ${MAX_LEXER_ERRORS}); is this a .regs file?`, { file, start: e.offset, end: e.offset + 1 });
      return undefined;
    }
    const chars = text.slice(e.offset, e.offset + e.length);
    const shown = describeChars(chars);
    error('unexpectedCharacter', `unexpected ${e.length === 1 ? 'character' : 'characters'} ${shown}`, { file, start: e.offset, end: e.offset + e.length });
  }
  // Usually nothing to rewrite: hand chevrotain's array over as it is (a 10k-register spec has ~550k
  // tokens, and copying them costs more than this scan).
  if (!result.tokens.some((t) => t.tokenType === T.UnterminatedComment || t.tokenType === T.UnterminatedString)) {
    return { tokens: result.tokens, damaged };
  }
  const tokens: IToken[] = [];
  for (const t of result.tokens) {
    if (t.tokenType === T.UnterminatedComment) {
      damaged.push([t.startOffset, text.length + 1]);
      error('unterminatedComment', "unterminated block comment: '/*' has no matching '*/'", { file, start: t.startOffset, end: t.startOffset + 2 });
    } else if (t.tokenType === T.UnterminatedString) {
      // The string ate the rest of its line, likely including a ';' or '}' the parser will miss.
      damaged.push([t.startOffset, t.startOffset + t.image.length + 1]);
      error('unterminatedString', 'unterminated string: missing \'"\' before the end of the line', { file, start: t.startOffset, end: t.startOffset + t.image.length });
      // Parse on as if the string were closed, so one missing quote is one error.
      tokens.push({ ...t, tokenType: T.StringLiteral, tokenTypeIdx: T.StringLiteral.tokenTypeIdx! });
    } else {
      tokens.push(t);
    }
  }
  return { tokens, damaged };
}

/** `'#'`, or a code point for what a terminal would not show (`U+0000`, `U+FEFF`), cut when long. */
function describeChars(chars: string): string {
  const shown = [...chars.slice(0, 8)]
    .map((c) => {
      const code = c.codePointAt(0)!;
      return code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0xfffd || /\p{Cf}/u.test(c) ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : c;
    })
    .join(' ');
  return `'${shown}${chars.length > 8 ? ' …' : ''}'`;
}

/** Words that start a top-level declaration, with the brace depth they occur at (see parser.ts, re-sync). */
function topLevelDepths(tokens: readonly IToken[]): Map<number, number> {
  const starters = new Set([T.Import, T.Const, T.Enum, T.Block, T.Layout, T.Device]);
  const depths = new Map<number, number>();
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === T.LCurly) depth++;
    else if (t.tokenType === T.RCurly) depth = Math.max(0, depth - 1);
    else if (starters.has(t.tokenType)) depths.set(t.startOffset, depth);
  }
  return depths;
}

function nestingOk(tokens: readonly IToken[], file: string, error: Report): boolean {
  let depth = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === T.LCurly || type === T.LParen || type === T.LBracket) {
      if (++depth > MAX_NESTING) {
        error('nestingTooDeep', `nesting too deep (more than ${MAX_NESTING} open brackets)`, { file, start: t.startOffset, end: t.startOffset + 1 });
        return false;
      }
    } else if (type === T.RCurly || type === T.RParen || type === T.RBracket) {
      depth = Math.max(0, depth - 1);
    }
  }
  return true;
}

function reportParseErrors(
  errors: readonly IRecognitionException[],
  source: Source,
  damaged: readonly Damage[],
  error: Report,
): void {
  const file = source.file;
  const end = source.text.length;
  const seen = new Set<string>();
  let count = 0;
  for (const e of errors) {
    if (followsDamage(e, damaged, end) || isInserted(e.token)) continue;
    const span = errorSpan(e, file, end);
    const key = `${span.start}:${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (++count > MAX_PARSE_ERRORS) {
      error('tooManyErrors', `too many syntax errors (more than ${MAX_PARSE_ERRORS}); stopped reporting`, span);
      return;
    }
    error('unexpectedToken', e.message, span);
  }
}

/**
 * A grammar error right next to text the lexer already reported is its echo (`1 $ 2` is one error,
 * not two): the previous token, the found token and the gap between them must all be undamaged.
 */
function followsDamage(e: IRecognitionException, damaged: readonly Damage[], end: number): boolean {
  if (!damaged.length) return false;
  const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  const found = e.token;
  const from = prev && Number.isFinite(prev.startOffset) ? prev.startOffset : found && Number.isFinite(found.startOffset) ? found.startOffset : end;
  const to = found && Number.isFinite(found.startOffset) ? found.startOffset + found.image.length : end + 1;
  return damaged.some(([s, e2]) => s < to && e2 > from);
}

/**
 * Where a syntax error points: at the token found, except that a missing ';' points just past the
 * token it should follow (the found token is often on the next line).
 */
function errorSpan(e: IRecognitionException, file: string, end: number): Span {
  const found = e.token;
  const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  if (e.message.startsWith("expected ';'") && prev && !Number.isNaN(prev.startOffset) && prev.tokenType !== undefined && prev.image.length > 0) {
    const at = prev.startOffset + prev.image.length;
    return { file, start: at, end: at };
  }
  if (!found || Number.isNaN(found.startOffset) || found.startOffset === undefined) return { file, start: end, end };
  return { file, start: found.startOffset, end: found.startOffset + Math.max(found.image.length, 0) };
}

/** Lexer, parser and tree errors come from three passes; a reader wants them in file order. */
function ordered(ds: Diagnostic[]): Diagnostic[] {
  return ds.map((d, i) => [d, i] as const).sort((a, b) => a[0].span.start - b[0].span.start || a[1] - b[1]).map(([d]) => d);
}
