// `formatSpec`: a spec's text in the one canonical style (see print.ts), or the syntax errors that
// stop it from being formatted. Formatting changes only blanks, line breaks, the case of hex and
// binary numbers, `sw = rw` → `sw=rw` and an enum list's trailing comma; every comment stays. A
// final check re-lexes the result and compares words and comments with the input, so a formatter
// bug can never silently change a spec.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parse } from '../syntax/parse.js';
import type { SpecFile } from '../syntax/ast.js';
import * as T from '../syntax/tokens.js';
import { printFile } from './print.js';
import { fileTree } from './tree.js';
import { tokensWithComments, type FmtToken } from './trivia.js';

export interface FormatOptions {
  /** Target line width (default 100); only documentation strings and cause settings wrap. */
  readonly width?: number;
}

export type FormatResult = { readonly text: string } | { readonly diagnostics: readonly Diagnostic[] };

export const DEFAULT_WIDTH = 100;

export function formatSpec(text: string, file: string, options: FormatOptions = {}): FormatResult {
  const { ast, diagnostics } = parse({ file, text });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return { diagnostics: errors };
  const tokens = tokensWithComments(text);
  const { operands, inlineEnums } = startsOf(ast);
  const out = printFile(fileTree(tokens, inlineEnums), { width: options.width ?? DEFAULT_WIDTH, operands });
  const mismatch = firstDifference(tokens, tokensWithComments(out));
  if (mismatch) throw new Error(`formatter bug in ${file}: the output would differ from the input at ${mismatch}; the file was left as it is`);
  return { text: out };
}

/**
 * Start offsets of every name and number used as an expression operand (they make `-` binary), and
 * of every field's inline enum (its `{` opens a list, not a body).
 */
function startsOf(ast: SpecFile): { operands: Set<number>; inlineEnums: Set<number> } {
  const operands = new Set<number>();
  const inlineEnums = new Set<number>();
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const node = v as { kind?: unknown; span?: { start: number } };
    if ((node.kind === 'name' || node.kind === 'number') && node.span) operands.add(node.span.start);
    if (node.kind === 'inline' && node.span) inlineEnums.add(node.span.start);
    if (node.kind === 'by') inlineEnums.add((node as unknown as { listSpan: { start: number } }).listSpan.start);
    for (const x of Object.values(v)) visit(x);
  };
  visit(ast.items);
  return { operands, inlineEnums };
}

/** Words and comments in order; a comma right before '}' is optional (enum lists) and left out. */
function signature(tokens: readonly FmtToken[]): string[] {
  const out: string[] = [];
  tokens.forEach((t, i) => {
    for (const c of t.comments) out.push(c.text);
    if (t.type === T.Comma && tokens[i + 1]?.type === T.RCurly) return;
    out.push(t.text);
  });
  return out;
}

function firstDifference(before: readonly FmtToken[], after: readonly FmtToken[]): string | undefined {
  const a = signature(before);
  const b = signature(after);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `'${(a[i] ?? 'end of file').slice(0, 40)}' (formatted: '${(b[i] ?? 'end of file').slice(0, 40)}')`;
  }
  return undefined;
}
