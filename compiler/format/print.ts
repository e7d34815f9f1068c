// Lays out the statement tree in the canonical style: two-space indentation, one statement per line,
// bodies opened at the end of their header and closed on a line of their own, brace lists (enum
// values, PCI properties) on one line when they fit and one entry per line otherwise, statements
// longer than the width broken before their documentation string (or a cause's settings) onto
// lines indented two more. Comments stay where they were: on their own line, or trailing the token
// they followed; blank lines between statements are kept, collapsed to one.
import type { TokenType } from 'chevrotain';
import * as T from '../syntax/tokens.js';
import { Lines } from './lines.js';
import { breakPoints, Spacer } from './spacing.js';
import { isList, type Body, type BraceList, type Element, type ListEntry, type Statement } from './tree.js';
import type { Comment, FmtToken } from './trivia.js';

export interface PrintOptions {
  /** Lines longer than this are broken where the grammar allows (strings are never split). */
  readonly width: number;
  /** Start offsets of the names and numbers that are expression operands (see Spacer). */
  readonly operands: ReadonlySet<number>;
}

const INDENT = '  ';

/** One thing on a statement's line: a word, a comment written inside it, or a brace list. */
type Atom =
  | { readonly kind: 'word'; readonly text: string; readonly space: boolean; readonly breakable: boolean }
  | { readonly kind: 'comment'; readonly comment: Comment }
  | { readonly kind: 'list'; readonly list: BraceList };

export function printFile(file: Body, options: PrintOptions): string {
  const p = new Printer(options);
  p.body(file, '');
  return p.out.text();
}

class Printer {
  readonly out = new Lines();
  constructor(private readonly options: PrintOptions) {}

  /** The statements of a body at `indent`, then the comments before its closing token. */
  body(body: Body, indent: string): void {
    // Blank lines right after '{' (or at the top of the file) are dropped; later ones kept.
    const state = { started: false };
    for (const st of body.items) {
      this.leading(st.head, indent, state);
      this.statement(st, indent);
      state.started = true;
    }
    this.comments(body.close.comments, indent, state);
  }

  private statement(st: Statement, indent: string): void {
    this.out.start(indent);
    this.line(this.atoms(st.elements, st.head.type, true), indent + INDENT);
    if (!st.body) return;
    if (!st.body.items.length && !st.body.close.comments.length) {
      this.out.put('}', false);
      return;
    }
    this.body(st.body, indent + INDENT);
    this.out.start(indent);
    this.out.put('}', false);
  }

  /** Comments and the blank line before a token that starts a line of its own. */
  private leading(t: FmtToken, indent: string, state: { started: boolean }): void {
    this.comments(t.comments, indent, state);
    if (t.blankBefore && state.started) this.out.blank();
  }

  /** Comments at statement level: trailing the open line, or each on its own line. */
  private comments(comments: readonly Comment[], indent: string, state: { started: boolean }): void {
    for (const c of comments) {
      if (!c.newlineBefore && this.out.hasWords) {
        // Trailing line comments are aligned with their neighbours; block comments just follow.
        if (c.kind === 'line') this.out.putTrailing(c.text);
        else this.out.put(c.text, true);
        if (endsLine(c)) this.out.flush();
        continue;
      }
      if (c.blankBefore && state.started) this.out.blank();
      this.out.start(indent);
      this.out.put(c.text, false);
      // A one-line block comment leaves its line open for a comment that trailed it.
      if (endsLine(c)) this.out.flush();
      state.started = true;
    }
  }

  /**
   * The atoms of a statement (or of a list entry): its words with their spacing, the comments
   * written between them, and its brace lists. The first token's comments are printed by the caller.
   */
  private atoms(elements: readonly Element[], head: TokenType | undefined, statement: boolean): Atom[] {
    const spacer = new Spacer(statement ? head : undefined, this.options.operands);
    const tokens = elements.filter((e): e is FmtToken => !isList(e));
    const breaks = breakPoints(tokens, statement ? head : undefined);
    const atoms: Atom[] = [];
    elements.forEach((e, i) => {
      const lead = isList(e) ? e.open : e;
      if (i > 0) for (const comment of lead.comments) atoms.push({ kind: 'comment', comment });
      if (isList(e)) {
        spacer.skipList(e.close);
        atoms.push({ kind: 'list', list: e });
        return;
      }
      atoms.push({ kind: 'word', text: e.text, space: spacer.space(e), breakable: breaks.has(e) });
    });
    return atoms;
  }

  /**
   * Lays atoms out from the open line on; a line that would pass the width is broken before a
   * breakable word, continuing at `cont`. A line comment (or a comment spanning lines) ends its line.
   */
  private line(atoms: readonly Atom[], cont: string): void {
    let mustBreak = false;
    // A word right after an inline comment is always set off from it (`- /* c */ 1`).
    let afterComment = false;
    atoms.forEach((a, i) => {
      const spaced = afterComment;
      afterComment = a.kind === 'comment';
      if (a.kind === 'comment') {
        const c = a.comment;
        if (c.newlineBefore || !this.out.hasWords) {
          this.out.start(cont);
          this.out.put(c.text, false);
          mustBreak = true;
        } else {
          mustBreak = endsLine(c);
          if (mustBreak) this.out.putTrailing(c.text);
          else this.out.put(c.text, true);
        }
        return;
      }
      if (mustBreak) {
        this.out.start(cont);
        mustBreak = false;
      } else if (a.kind === 'word' && a.breakable && this.out.hasWords && this.out.column + segmentWidth(atoms, i) > this.options.width) {
        this.out.start(cont);
      }
      if (a.kind === 'word') this.out.put(a.text, a.space || spaced);
      else this.list(a.list, segmentWidth(atoms, i + 1, false));
    });
  }

  /** A brace list: `{ a = 0, b = 1 }` when it fits before `after` more columns, else one entry per line. */
  private list(list: BraceList, after: number): void {
    const flat = flatList(list, this.options.operands);
    if (flat !== undefined && this.out.column + 1 + flat.length + after <= this.options.width) {
      this.out.put(flat, true);
      return;
    }
    const outer = this.out.indent;
    const inner = outer + INDENT;
    this.out.put('{', true);
    const state = { started: false };
    for (const entry of list.entries) {
      const first = entry.tokens[0] ?? entry.sep;
      if (first) this.leading(first, inner, state);
      this.out.start(inner);
      this.line(this.atoms(entryElements(list, entry), undefined, false), inner + INDENT);
      state.started = true;
    }
    this.comments(list.close.comments, inner, state);
    this.out.start(outer);
    this.out.put('}', false);
  }
}

/** A list entry with its separator; every enum entry of a broken list ends with a comma. */
function entryElements(list: BraceList, entry: ListEntry): FmtToken[] {
  const sep = entry.sep ?? (list.style === 'enum' ? syntheticComma : undefined);
  return sep ? [...entry.tokens, sep] : [...entry.tokens];
}

const syntheticComma: FmtToken = { type: T.Comma, text: ',', start: -1, comments: [], newlineBefore: false, blankBefore: false };

/** The list on one line, or undefined when a comment inside it needs the broken form. */
function flatList(list: BraceList, operands: ReadonlySet<number>): string | undefined {
  if (list.close.comments.length) return undefined;
  const parts: string[] = [];
  for (const entry of list.entries) {
    if (entry.tokens.some((t) => t.comments.length) || entry.sep?.comments.length) return undefined;
    const spacer = new Spacer(undefined, operands);
    let s = '';
    for (const t of entry.tokens) s += (spacer.space(t) ? ' ' : '') + t.text;
    parts.push(list.style === 'pci' ? s + ';' : s);
  }
  if (!parts.length) return '{}';
  return `{ ${parts.join(list.style === 'pci' ? ' ' : ', ')} }`;
}

/**
 * Width of the atoms from `i` up to the next break point or comment (the atom at `i` counts even
 * when it is one, if `fromBreak`); a list counts as its ` {`, since it can always be broken.
 */
function segmentWidth(atoms: readonly Atom[], i: number, fromBreak = true): number {
  let w = 0;
  for (let j = i; j < atoms.length; j++) {
    const a = atoms[j]!;
    if (a.kind === 'comment' || ((j > i || !fromBreak) && a.kind === 'word' && a.breakable)) break;
    w += a.kind === 'list' ? 2 : (a.space ? 1 : 0) + a.text.length;
  }
  return w;
}

function endsLine(c: Comment): boolean {
  return c.kind === 'line' || c.text.includes('\n');
}
