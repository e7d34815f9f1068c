// The formatter's view of a spec's text: the parser's tokens (spelled canonically) each carrying the
// comments written before it. The shared lexer skips comments, so they are recovered from the gaps
// between tokens: once the text lexes without error, a gap holds only blanks and comments.
import type { IToken, TokenType } from 'chevrotain';
import * as T from '../syntax/tokens.js';

export interface Comment {
  /** As written, trailing blanks removed from each line. */
  readonly text: string;
  readonly kind: 'line' | 'block';
  /** A line break separates it from what precedes it (else it trails the previous token). */
  readonly newlineBefore: boolean;
  /** An empty line separates it from what precedes it. */
  readonly blankBefore: boolean;
}

export interface FmtToken {
  readonly type: TokenType;
  /** Canonical spelling: hex and binary prefixes and digits lower case, `sw =` as `sw=`. */
  readonly text: string;
  /** Offset in the original text (for matching AST nodes). */
  readonly start: number;
  /** Comments between the previous token and this one, in order. */
  readonly comments: readonly Comment[];
  readonly newlineBefore: boolean;
  readonly blankBefore: boolean;
}

/** Stands for the end of the file; carries the comments after the last token. */
export const EndOfFile: TokenType = { name: 'EndOfFile' };

/** Tokens of a text that lexed cleanly (parse() already reported any lexer error), plus an end token. */
export function tokensWithComments(text: string): FmtToken[] {
  const lexed = T.regsLexer.tokenize(text);
  const out: FmtToken[] = [];
  let prevEnd = 0;
  const push = (type: TokenType, image: string, start: number): void => {
    const gap = scanGap(text.slice(prevEnd, start), out.length === 0);
    out.push({ type, text: canonical(type, image), start, ...gap });
  };
  for (const t of lexed.tokens as IToken[]) {
    push(t.tokenType, t.image, t.startOffset);
    prevEnd = t.startOffset + t.image.length;
  }
  push(EndOfFile, '', text.length);
  return out;
}

function canonical(type: TokenType, image: string): string {
  if (type === T.NumberLiteral && /^0[xXbB]/.test(image)) return image.toLowerCase();
  if (type === T.SwEq || type === T.OnReadEq || type === T.OnWriteEq) return image.replace(/[ \t]+/g, '');
  return image;
}

const trivia = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|\n/g;

function scanGap(gap: string, atStart: boolean): Pick<FmtToken, 'comments' | 'newlineBefore' | 'blankBefore'> {
  const comments: Comment[] = [];
  // The start of the file counts as a line start, so a comment there is never taken as trailing.
  let newlines = atStart ? 1 : 0;
  trivia.lastIndex = 0;
  for (let m = trivia.exec(gap); m; m = trivia.exec(gap)) {
    const s = m[0];
    if (s === '\n') {
      newlines++;
      continue;
    }
    const kind = s.startsWith('//') ? 'line' : 'block';
    const text = s
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n');
    comments.push({ text, kind, newlineBefore: newlines > 0, blankBefore: newlines > 1 });
    newlines = 0;
  }
  return { comments, newlineBefore: newlines > 0, blankBefore: newlines > 1 };
}
