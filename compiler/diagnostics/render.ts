// The only printer of diagnostics: `file:line:col: error: message [RMxxxx]`, the source line, and a
// caret underline (tabs shown as 4 spaces, long lines clipped around the caret).
import type { Diagnostic } from './diagnostic.js';
import { lineColOf, lineText, type Source } from '../source/source.js';

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

function excerpt(src: Source, start: number, end: number): string[] {
  const { line, col } = lineColOf(src, start);
  const raw = lineText(src, line);
  // Expand tabs so the caret lines up, then clip very long lines (a 1 MB line must stay printable).
  let text = '';
  let caretCol = 0;
  for (let i = 0; i < raw.length; i++) {
    if (i === col - 1) caretCol = text.length;
    text += raw[i] === '\t' ? '    ' : raw[i];
  }
  if (col - 1 >= raw.length) caretCol = text.length;
  const endLc = lineColOf(src, Math.max(start, end - 1));
  const width = endLc.line === line ? Math.max(1, end - start) : Math.max(1, raw.length - (col - 1));
  let shift = 0;
  if (text.length > MAX_EXCERPT) {
    shift = Math.max(0, Math.min(caretCol - 20, text.length - MAX_EXCERPT));
    text = (shift > 0 ? '…' : '') + text.slice(shift, shift + MAX_EXCERPT) + (shift + MAX_EXCERPT < text.length ? '…' : '');
    if (shift > 0) shift -= 1;
  }
  // Replace control characters (binary garbage) so the terminal shows something sane.
  text = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD');
  const pad = ' '.repeat(Math.max(0, caretCol - shift));
  return [`  ${text}`, `  ${pad}${'^'.repeat(Math.min(width, MAX_EXCERPT))}`];
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

export function renderDiagnostics(ds: readonly Diagnostic[], opts: RenderOptions): string {
  return ds.map((d) => renderDiagnostic(d, opts)).join('\n');
}
