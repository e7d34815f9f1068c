// Canonical spacing inside a statement: where a blank goes between two tokens, and where a long
// statement may be broken (before its documentation string, before each setting of a `cause`).
import type { TokenType } from 'chevrotain';
import * as T from '../syntax/tokens.js';
import type { FmtToken } from './trivia.js';

const noBlankBefore: ReadonlySet<TokenType> = new Set([T.Semicolon, T.Comma, T.RParen, T.RBracket, T.Dot]);
const noBlankAfter: ReadonlySet<TokenType> = new Set([T.LParen, T.LBracket, T.Dot, T.SwEq, T.OnReadEq, T.OnWriteEq, T.Tilde]);

/**
 * Decides, token by token in statement order, whether a blank precedes each one:
 * `register ctrl[4] @ 0x10 stride 8 : 32 sw=rw reset -1 "doc" {`, `field mode [2:1] enum m;`,
 * `enable set regs.ims clear imc`, `(A + B) * ~C`.
 */
export class Spacer {
  private prev: FmtToken | undefined;
  private prevUnary = false;
  /** Open `[` and `(`: a `:` inside brackets is a bit range's and takes no blanks. */
  private depth = 0;
  private index = 0;

  /**
   * `head`: the statement's keyword (its bit range `[` follows a blank); `operands`: start offsets of
   * names and numbers used as operands, which make a following `-` binary.
   */
  constructor(
    private readonly head: TokenType | undefined,
    private readonly operands: ReadonlySet<number>,
  ) {}

  space(t: FmtToken): boolean {
    const prev = this.prev;
    const space = prev !== undefined && this.between(prev, t);
    this.prevUnary = t.type === T.Tilde || (t.type === T.Minus && !(prev && this.endsOperand(prev)));
    if (t.type === T.LBracket || t.type === T.LParen) this.depth++;
    else if (t.type === T.RBracket || t.type === T.RParen) this.depth = Math.max(0, this.depth - 1);
    this.prev = t;
    this.index++;
    return space;
  }

  /** A brace list was printed in place; `close` is its `}`. */
  skipList(close: FmtToken): void {
    this.prev = close;
    this.prevUnary = false;
    this.index++;
  }

  private between(a: FmtToken, b: FmtToken): boolean {
    if (noBlankBefore.has(b.type) || noBlankAfter.has(a.type)) return false;
    if (a.type === T.Minus && this.prevUnary) return false;
    // A list entry (head undefined) with a ':' is an `enum by` case, written `generic: generic_status`.
    if (b.type === T.Colon && this.head === undefined) return false;
    if (a.type === T.Colon || b.type === T.Colon) return this.depth === 0;
    if (b.type === T.LBracket) return (this.head === T.Field && this.index === 2) || (this.head === T.Reserved && this.index === 1);
    return true;
  }

  private endsOperand(t: FmtToken): boolean {
    return t.type === T.NumberLiteral || t.type === T.RParen || this.operands.has(t.start);
  }
}

const settingKeywords: ReadonlySet<TokenType> = new Set([T.Status, T.Enable, T.Test, T.Ack, T.Vector, T.Ring]);
const operators: ReadonlySet<TokenType> = new Set([T.ShiftLeft, T.ShiftRight, T.Plus, T.Minus, T.Star, T.Slash, T.Percent, T.Amp, T.Pipe, T.Caret, T.Tilde, T.LParen]);

function isName(type: TokenType): boolean {
  return type === T.Identifier || (type.CATEGORIES ?? []).includes(T.Identifier);
}

/**
 * The tokens a long statement may break before: a documentation string (not the operand of `doc`,
 * `import` or `allow`, which stay on their keyword's line), and in a `cause` each setting (`status …`, `enable …`, `vector …`), found by
 * following the grammar: cause := 'cause' NAME STRING? setting* ';'.
 */
export function breakPoints(tokens: readonly FmtToken[], head: TokenType | undefined): Set<FmtToken> {
  const points = new Set<FmtToken>();
  if (head !== T.Doc && head !== T.Import && head !== T.Allow) for (const t of tokens) if (t.type === T.StringLiteral) points.add(t);
  if (head !== T.Cause) return points;
  // States after `cause NAME STRING?`: 'setting' expects a setting keyword; 'path' a path's first name;
  // 'pathEnd' a '.', '[', 'clear' or the next setting; 'kind' the vector kind; 'index' its expression.
  let state: 'setting' | 'path' | 'pathEnd' | 'enable' | 'kind' | 'index' = 'setting';
  let brackets = 0;
  for (let i = 2; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (brackets > 0) {
      if (t.type === T.LBracket) brackets++;
      else if (t.type === T.RBracket) brackets--;
      continue;
    }
    const settingStart = settingKeywords.has(t.type) && (state === 'setting' || state === 'pathEnd' || (state === 'index' && !operators.has(tokens[i - 1]!.type)));
    if (settingStart) {
      points.add(t);
      state = t.type === T.Enable ? 'enable' : t.type === T.Vector ? 'kind' : 'path';
      continue;
    }
    switch (state) {
      case 'enable':
        // `enable set A clear B` only when a name follows `set` (`enable set;` names a register `set`).
        if (t.type === T.Set && isName(tokens[i + 1]?.type ?? T.Semicolon)) state = 'path';
        else state = 'pathEnd';
        break;
      case 'path':
        state = 'pathEnd';
        break;
      case 'pathEnd':
        if (t.type === T.Dot || t.type === T.Clear) state = 'path';
        else if (t.type === T.LBracket) brackets = 1;
        break;
      case 'kind':
        state = 'index';
        break;
      default:
        break;
    }
  }
  return points;
}
