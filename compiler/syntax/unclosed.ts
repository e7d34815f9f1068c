// A '{' that is never closed: found before parsing, by brace counting, and mended by closing the open
// blocks where the next top-level declaration starts. Without this, a layout missing its '}' swallows
// the device after it (chevrotain's recovery cannot tell a nested `device` from a name), the rest of the
// file gets no diagnostics at all, or a cascade of them. A word starts a top-level declaration here
// only at the start of a statement and in the declaration's shape (`device NAME STRING? {`,
// `layout NAME size`, …), so names that happen to be keywords (`pci { device = 0x10; }`) never count.
import type { IToken, TokenType } from 'chevrotain';
import type { CodeName } from '../diagnostics/codes.js';
import { chevrotain } from './chevrotain.js';
import * as T from './tokens.js';
import { lineColOf, type Source, type Span } from '../source/source.js';

const { tokenMatcher } = chevrotain;

/** An open '{': the brace, and the first word of the statement it belongs to (`layout cqe size 16 {`). */
interface Open {
  readonly brace: IToken;
  readonly owner: IToken | undefined;
  /** The token after the owner word: the block's name, or a BAR's index. */
  readonly name: IToken | undefined;
}

/**
 * The tokens with a '}' inserted for every block still open where a top-level declaration starts
 * (a `layout` closes down to its device only), each mend reported once; the same array when no
 * block is left open. A '}' missing at the end of the file is left to the parser (it reports it).
 */
export function closeUnclosed(tokens: IToken[], source: Source, error: (name: CodeName, message: string, span: Span) => void): IToken[] {
  const { file, text } = source;
  const lineOf = (at: number): number => lineColOf(source, at).line;
  // Offsets only (the lexer tracks no lines, for speed): a column counts from the last newline.
  const column = (t: IToken): number => t.startOffset - text.lastIndexOf('\n', t.startOffset - 1);
  const firstOnLine = (i: number): boolean => i === 0 || text.slice(tokens[i - 1]!.startOffset, tokens[i]!.startOffset).includes('\n');
  const misaligned = (closed: Open, close: IToken, stack: readonly Open[]): Open | undefined => {
    if (!closed.owner || column(closed.owner) === column(close)) return undefined;
    return stack.find((o) => o.owner && column(o.owner) === column(close));
  };
  let out: IToken[] | undefined;
  const stack: Open[] = [];
  // Blocks a '}' closed that, by its indentation, belongs to an outer block: the likelier unclosed one.
  const suspects: { open: Open; close: IToken; outer: Open }[] = [];
  let owner: IToken | undefined;
  let name: IToken | undefined;
  let atStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    if ((atStart || is(tokens[i - 1], T.Comma)) && stack.length > 0 && startsTopLevel(tokens, i)) {
      const keep = type === T.Layout ? deviceDepth(stack) : 0;
      if (stack.length > keep) {
        out ??= tokens.slice(0, i);
        const prev = tokens[i - 1]!;
        const at = prev.startOffset + prev.image.length;
        const outer = stack[keep]!;
        const misplaced = suspects.find((x) => x.open.brace.startOffset > outer.brace.startOffset);
        const where = `'${t.image}' on line ${lineOf(t.startOffset)}`;
        const [open, message] = misplaced
          ? [misplaced.open, `the '}' on line ${lineOf(misplaced.close.startOffset)} lines up with ${describe(misplaced.outer)}, which then runs on into ${where}`]
          : [stack[stack.length - 1]!, `expected '}' before ${where}`];
        error('unexpectedToken', `'{' of ${describe(open)} is never closed: ${message}`, { file, start: open.brace.startOffset, end: open.brace.startOffset + 1 });
        suspects.length = 0;
        while (stack.length > keep) {
          stack.pop();
          out.push(closing(at));
        }
        atStart = true;
        owner = name = undefined;
      }
    }
    out?.push(t);
    if (type === T.LCurly) {
      stack.push({ brace: t, owner, name });
      atStart = true;
      owner = name = undefined;
    } else if (type === T.RCurly || type === T.Semicolon) {
      if (type === T.RCurly) {
        const closed = stack.pop();
        const outer = closed && firstOnLine(i) ? misaligned(closed, t, stack) : undefined;
        if (closed && outer) suspects.push({ open: closed, close: t, outer });
        // A declaration closed by count: whatever its indentation said, no block of it is left open.
        if (stack.length === 0) suspects.length = 0;
      }
      atStart = true;
      owner = name = undefined;
    } else {
      if (atStart) owner = t;
      else if (owner && name === undefined) name = t;
      atStart = false;
    }
  }
  return out ?? tokens;
}

/** How deep the innermost open device body is (0: none), where a `layout` may stand. */
function deviceDepth(stack: readonly Open[]): number {
  for (let d = stack.length; d > 0; d--) if (stack[d - 1]!.owner?.tokenType === T.Device) return d;
  return 0;
}

/** Statements whose second word is their name. */
const named: ReadonlySet<TokenType> = new Set([T.Device, T.Layout, T.Block, T.Enum, T.Register, T.Word, T.Field, T.Interrupts, T.Variant, T.Ring, T.Cause]);
const isName = (t: IToken | undefined): boolean => t !== undefined && tokenMatcher(t, T.Identifier);
const is = (t: IToken | undefined, type: TokenType): boolean => t?.tokenType === type;

/** Does tokens[i] start a top-level declaration, by its shape (docs/language.md, grammar summary)? */
function startsTopLevel(tokens: readonly IToken[], i: number): boolean {
  const t = tokens[i]!;
  const a = tokens[i + 1];
  const b = tokens[i + 2];
  const c = tokens[i + 3];
  switch (t.tokenType) {
    case T.Import:
      return is(a, T.StringLiteral);
    case T.Const:
      return isName(a) && is(b, T.Equals);
    case T.Layout:
      return isName(a) && is(b, T.Size);
    // `block NAME [`/`block NAME @` is a block instance, which may stand in a body.
    case T.Enum:
    case T.Block:
    case T.Device:
      return isName(a) && (is(b, T.LCurly) || (is(b, T.StringLiteral) && is(c, T.LCurly)));
    default:
      return false;
  }
}

/** `layout 'cqe'`, `bar 0`, `'pci'`: the words a reader finds the block by. */
function describe(open: Open): string {
  const { owner, name } = open;
  if (!owner) return 'this block';
  if (name && owner.tokenType === T.Bar) return `bar ${name.image}`;
  return name && isName(name) && named.has(owner.tokenType) ? `${owner.image} '${name.image}'` : `'${owner.image}'`;
}

/** The '}'s this inserted: a grammar error found at one echoes the error reported here. */
const inserted = new WeakSet<IToken>();
export const isInserted = (t: IToken | undefined): boolean => t !== undefined && inserted.has(t);

/** A '}' the user did not write, placed just after the last token of the open block. */
function closing(at: number): IToken {
  const t: IToken = {
    image: '}',
    startOffset: at,
    endOffset: at,
    tokenType: T.RCurly,
    tokenTypeIdx: T.RCurly.tokenTypeIdx!,
  };
  inserted.add(t);
  return t;
}
