// Groups a spec's tokens into the shapes the printer lays out: statements (ending at `;` or at the
// `}` of their body), bodies of statements, and the two brace lists that live inside a statement —
// enum values (`{ a = 0, b = 1 }`) and PCI properties (`{ vendor = 0x8086; device = 0x10d3; }`).
// The parser already accepted the text, so this needs only the grammar's punctuation, not its rules.
import type { TokenType } from 'chevrotain';
import * as T from '../syntax/tokens.js';
import { EndOfFile, type FmtToken } from './trivia.js';

export interface ListEntry {
  readonly tokens: readonly FmtToken[];
  /** The `,` (enum) or `;` (pci) after the entry; an enum's last entry may have none. */
  readonly sep?: FmtToken;
}

export interface BraceList {
  readonly kind: 'list';
  readonly style: 'enum' | 'pci';
  readonly open: FmtToken;
  readonly entries: readonly ListEntry[];
  readonly close: FmtToken;
}

export type Element = FmtToken | BraceList;

export interface Statement {
  /** The statement's first token (its keyword). */
  readonly head: FmtToken;
  /** Up to and including the `;`, or the `{` that opens `body`. */
  readonly elements: readonly Element[];
  readonly body?: Body;
}

export interface Body {
  readonly items: readonly Statement[];
  /** The closing `}`, or the end-of-file token for the file itself; carries the comments before it. */
  readonly close: FmtToken;
}

export function isList(e: Element): e is BraceList {
  return (e as BraceList).kind === 'list';
}

/**
 * The whole file as a body closed by the end-of-file token. `inlineEnums`: start offsets of the `{` of
 * every field's inline enum (from the AST), which is a list where a field's other `{` opens a body.
 */
export function fileTree(tokens: readonly FmtToken[], inlineEnums: ReadonlySet<number>): Body {
  const r = new Reader(tokens, inlineEnums);
  return r.body(EndOfFile);
}

class Reader {
  private i = 0;
  constructor(
    private readonly tokens: readonly FmtToken[],
    private readonly inlineEnums: ReadonlySet<number>,
  ) {}

  private peek(): FmtToken {
    return this.tokens[Math.min(this.i, this.tokens.length - 1)]!;
  }
  private next(): FmtToken {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  private atEnd(): boolean {
    return this.peek().type === EndOfFile;
  }

  body(closer: TokenType): Body {
    const items: Statement[] = [];
    while (this.peek().type !== closer && !this.atEnd()) items.push(this.statement());
    // At the end of the file (a lost '}' cannot happen: parse() accepted the text) the end token closes.
    return { items, close: this.next() };
  }

  private statement(): Statement {
    const head = this.peek();
    const elements: Element[] = [];
    while (!this.atEnd()) {
      const t = this.peek();
      if (t.type === T.Semicolon) {
        elements.push(this.next());
        break;
      }
      if (t.type !== T.LCurly) {
        elements.push(this.next());
        continue;
      }
      // A '{' that opens a field's inline enum (the parser knows which), or in `enum`/`pci`
      // declarations, opens a list; elsewhere (a field's `{ allow …; }` too) a body.
      if (this.inlineEnums.has(t.start) || head.type === T.Enum || head.type === T.Pci) {
        elements.push(this.list(head.type === T.Pci ? 'pci' : 'enum'));
        if (head.type === T.Pci) break;
        if (head.type === T.Enum) {
          if (this.peek().type === T.Semicolon) elements.push(this.next());
          break;
        }
        continue;
      }
      elements.push(this.next());
      return { head, elements, body: this.body(T.RCurly) };
    }
    return { head, elements };
  }

  private list(style: 'enum' | 'pci'): BraceList {
    const open = this.next();
    const sepType = style === 'pci' ? T.Semicolon : T.Comma;
    const entries: ListEntry[] = [];
    let current: FmtToken[] = [];
    while (this.peek().type !== T.RCurly && !this.atEnd()) {
      const t = this.next();
      if (t.type === sepType) {
        entries.push({ tokens: current, sep: t });
        current = [];
      } else current.push(t);
    }
    if (current.length) entries.push({ tokens: current });
    return { kind: 'list', style, open, entries, close: this.next() };
  }
}
