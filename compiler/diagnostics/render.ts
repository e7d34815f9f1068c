// The only printer of diagnostics: `file:line:col: error: message [RMxxxx]`, the source line, and a
// caret underline (tabs shown as 4 spaces, long lines clipped around the caret).
import type { Diagnostic } from './diagnostic.js';
import { lineColOf, lineEndOffset, type Source } from '../source/source.js';

export interface RenderOptions {
  /** Resolve a file name to its source text (for the excerpt); undefined → location line only. */
  readonly sourceOf: (file: string) => Source | undefined;
  readonly color?: boolean;
}

const MAX_EXCERPT = 120;

export function locationOf(d: { span: Diagnostic['span'] }, sourceOf: RenderOptions['sourceOf']): string {
  const src = sourceOf(d.span.file);
  if (!src) return d.span.file;
  const { line, col } = lineColOf(src, d.span.start);
  return `${d.span.file}:${line}:${col}`;
}

/** A tab shows as this many spaces, so the caret lines up. */
const TAB = '    ';

function expand(raw: string): string {
  return raw.replace(/\t/g, TAB);
}

/**
 * The source line around a span and a caret underline. Only a window of the line around the caret is
 * read (a 200 KB line with 20,000 diagnostics on it must render in linear time, not rebuild the line
 * for each one); tabs in the window are expanded, and the window is clipped to MAX_EXCERPT columns.
 */
function excerpt(src: Source, start: number, end: number): string[] {
  const { line, col } = lineColOf(src, start);
  const lineStart = start - (col - 1);
  const lineEnd = lineEndOffset(src, line);
  const caret = Math.min(start, lineEnd);
  // Raw characters before the caret that can be shown: at most 20 columns, fewer when tabs widen them.
  let from = caret;
  let before = 0;
  while (from > lineStart && before + (src.text[from - 1] === '\t' ? TAB.length : 1) <= 20) {
    before += src.text[from - 1] === '\t' ? TAB.length : 1;
    from--;
  }
  // Show from the line's start when the whole line fits.
  if (from > lineStart && expandedWidth(src.text, lineStart, lineEnd) <= MAX_EXCERPT) from = lineStart;
  const prefix = expand(src.text.slice(from, caret));
  const to = Math.min(lineEnd, caret + MAX_EXCERPT);
  let text = prefix + expand(src.text.slice(caret, to));
  const clippedRight = text.length > MAX_EXCERPT || to < lineEnd;
  if (text.length > MAX_EXCERPT) text = text.slice(0, MAX_EXCERPT);
  const lead = from > lineStart ? '…' : '';
  text = lead + text + (clippedRight ? '…' : '');
  // Replace control characters (binary garbage) and invisible format characters (a BOM, bidi controls
  // that would reorder the line on screen) so the terminal shows the line as the compiler reads it.
  text = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\p{Cf}]/gu, '\uFFFD');
  const endLc = lineColOf(src, Math.max(start, end - 1));
  const width = endLc.line === line ? Math.max(1, end - start) : Math.max(1, lineEnd - caret);
  const pad = ' '.repeat(lead.length + prefix.length);
  return [`  ${text}`, `  ${pad}${'^'.repeat(Math.min(width, MAX_EXCERPT))}`];
}

function expandedWidth(text: string, from: number, to: number): number {
  let w = 0;
  for (let i = from; i < to && w <= MAX_EXCERPT; i++) w += text[i] === '\t' ? TAB.length : 1;
  return w;
}

export function renderDiagnostic(d: Diagnostic, opts: RenderOptions): string {
  const src = opts.sourceOf(d.span.file);
  const head = `${locationOf(d, opts.sourceOf)}: ${d.severity}: ${d.message} [${d.code}]`;
  const lines = [head];
  if (src) lines.push(...excerpt(src, d.span.start, d.span.end));
  for (const r of d.related ?? []) {
    lines.push(`${locationOf(r, opts.sourceOf)}: note: ${r.message}`);
  }
  return lines.join('\n');
}

/** Warnings printed before the rest are summed up in one line (errors are capped where they are reported). */
export const MAX_WARNINGS = 100;

export function renderDiagnostics(ds: readonly Diagnostic[], opts: RenderOptions & { readonly maxWarnings?: number }): string {
  const max = opts.maxWarnings ?? MAX_WARNINGS;
  const out: string[] = [];
  let warnings = 0;
  for (const d of ds) {
    if (d.severity === 'warning' && ++warnings > max) continue;
    out.push(renderDiagnostic(d, opts));
  }
  if (warnings > max) out.push(`${warnings - max} more warning${warnings - max === 1 ? '' : 's'} not shown (${warnings} in all)`);
  return out.join('\n');
}
