// Applying the model's `allow`s (resolved and checked in resolve/allows.ts) once the rules have run:
// a warning with an allow's code whose span lies inside the allow's element is moved out of the report
// into `suppressed`. An allow that suppresses nothing is itself a warning, so stale acknowledgements do
// not pile up.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Reporter } from '../diagnostics/reporter.js';
import type { Span } from '../source/source.js';
import type { MAllow } from '../model/model.js';

/** A warning an allow took out of the report, for tools that want to show it anyway. */
export interface SuppressedDiagnostic {
  readonly diagnostic: Diagnostic;
  /** The `allow` statement that suppressed it, and its reason. */
  readonly allow: Span;
  readonly reason: string;
}

/**
 * Splits what `reporter` holds into the diagnostics still reported and the warnings an allow covers
 * (the innermost allow of the code takes the credit), then warns about every allow that covered
 * nothing. That last step is skipped when there are errors: a rule may then have skipped what it
 * would warn about.
 */
export function applyAllows(allows: readonly MAllow[], reporter: Reporter): { reported: Diagnostic[]; suppressed: SuppressedDiagnostic[] } {
  const used = new Set<MAllow>();
  const reported: Diagnostic[] = [];
  const suppressed: SuppressedDiagnostic[] = [];
  for (const d of reporter.items) {
    const allow = d.severity === 'warning' ? innermost(allows, d) : undefined;
    if (!allow) {
      reported.push(d);
      continue;
    }
    used.add(allow);
    suppressed.push({ diagnostic: d, allow: allow.span, reason: allow.reason });
  }
  if (reported.some((d) => d.severity === 'error')) return { reported, suppressed };
  const before = reporter.items.length;
  for (const a of allows) {
    if (!used.has(a)) reporter.report('unusedAllow', `unused allow ${a.code}: ${a.owner} has no ${a.code} warning; remove it`, a.span);
  }
  return { reported: [...reported, ...reporter.items.slice(before)], suppressed };
}

function innermost(allows: readonly MAllow[], d: Diagnostic): MAllow | undefined {
  let best: MAllow | undefined;
  for (const a of allows) {
    if (a.code !== d.code || !inside(d.span, a.scope)) continue;
    if (!best || a.scope.end - a.scope.start < best.scope.end - best.scope.start) best = a;
  }
  return best;
}

function inside(x: Span, scope: Span): boolean {
  return x.file === scope.file && x.start >= scope.start && x.end <= scope.end;
}
