// Quick fixes for diagnostics whose message names the fix: a missing ';' (inserted where the span
// points, just after the previous token) and a "did you mean 'X'?" suggestion (X replaces the span).
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { Span } from '../../compiler/source/source.js';

export interface Fix {
  readonly title: string;
  readonly span: Span;
  readonly newText: string;
}

export function quickFix(d: Diagnostic): Fix | undefined {
  if (/^expected ';'/.test(d.message) && d.span.start === d.span.end) return { title: "Insert ';'", span: d.span, newText: ';' };
  const mean = /did you mean '([^']+)'\?/.exec(d.message);
  if (mean && d.span.end > d.span.start) return { title: `Change to '${mean[1]}'`, span: d.span, newText: mean[1]! };
  return undefined;
}
