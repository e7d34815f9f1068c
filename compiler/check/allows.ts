// `allow CODE "reason";` — a warning the spec's author has acknowledged. Lowering hands every allow
// it meets here with the span of the element that holds it (a device, BAR, block, register or field);
// after the rules have run, a warning with that code whose span lies inside the element is moved out
// of the report into `suppressed`. Only warnings can be allowed; an allow that suppresses nothing is
// itself a warning, so stale acknowledgements do not pile up.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { AllowDecl } from '../syntax/ast.js';
import type { Span } from '../source/source.js';
import { allCodes, codes, type CodeInfo } from '../diagnostics/codes.js';
import type { Reporter } from '../diagnostics/reporter.js';

/** A warning an allow took out of the report, for tools that want to show it anyway. */
export interface SuppressedDiagnostic {
  readonly diagnostic: Diagnostic;
  /** The `allow` statement that suppressed it, and its reason. */
  readonly allow: Span;
  readonly reason: string;
}

interface Site {
  readonly decl: AllowDecl;
  /** The element holding the allow: warnings inside it are covered. */
  readonly scope: Span;
  /** `register 'tcsr0'`, for messages. */
  readonly owner: string;
  used: boolean;
}

const byCode: ReadonlyMap<string, CodeInfo> = new Map(allCodes.map((c) => [c.code, c]));
/** The warnings an allow may name: all of them except "unused allow" (remove the allow instead). */
const allowable: readonly string[] = allCodes.filter((c) => c.severity === 'warning' && c.code !== codes.unusedAllow).map((c) => c.code);

export class Allows {
  private readonly sites: Site[] = [];
  constructor(private readonly reporter: Reporter) {}

  /** The allows of one element: each is checked now, and kept when it names a warning. */
  add(decls: readonly AllowDecl[] | undefined, scope: Span, owner: string): void {
    for (const decl of decls ?? []) if (this.valid(decl)) this.sites.push({ decl, scope, owner, used: false });
  }

  private valid(decl: AllowDecl): boolean {
    const code = decl.code.name;
    const info = byCode.get(code);
    let ok = false;
    if (!info) {
      this.reporter.report(
        'unknownAllowCode',
        `unknown diagnostic code '${code}' in allow; did you mean '${nearest(code, allowable)}'? (warnings that can be allowed: ${allowable.join(', ')})`,
        decl.code.span,
      );
    } else if (info.severity === 'error') {
      this.reporter.report('allowNotAllowable', `${code} (${info.title}) is an error, and errors cannot be allowed: fix the spec instead`, decl.code.span);
    } else if (code === codes.unusedAllow) {
      this.reporter.report('allowNotAllowable', `${code} (${info.title}) cannot be allowed: remove the allow that suppresses nothing instead`, decl.code.span);
    } else ok = true;
    if (!decl.reason.trim()) {
      this.reporter.report('allowWithoutReason', `allow ${code} has an empty reason; say why the warning is accepted`, decl.reasonSpan);
      ok = false;
    }
    return ok;
  }

  /**
   * Splits `diagnostics` into those still reported and the warnings an allow covers (the innermost
   * allow of the code takes the credit), then warns about every allow that covered nothing. That
   * last step is skipped when there are errors: a rule may then have skipped what it would warn about.
   */
  apply(diagnostics: readonly Diagnostic[]): { reported: Diagnostic[]; suppressed: SuppressedDiagnostic[] } {
    const reported: Diagnostic[] = [];
    const suppressed: SuppressedDiagnostic[] = [];
    for (const d of diagnostics) {
      const site = d.severity === 'warning' ? this.innermost(d) : undefined;
      if (!site) {
        reported.push(d);
        continue;
      }
      site.used = true;
      suppressed.push({ diagnostic: d, allow: site.decl.span, reason: site.decl.reason });
    }
    if (reported.some((d) => d.severity === 'error')) return { reported, suppressed };
    const before = this.reporter.items.length;
    for (const s of this.sites) {
      if (s.used) continue;
      const code = s.decl.code.name;
      this.reporter.report('unusedAllow', `unused allow ${code}: ${s.owner} has no ${code} warning; remove it`, s.decl.span);
    }
    return { reported: [...reported, ...this.reporter.items.slice(before)], suppressed };
  }

  private innermost(d: Diagnostic): Site | undefined {
    let best: Site | undefined;
    for (const s of this.sites) {
      if (s.decl.code.name !== d.code || !inside(d.span, s.scope)) continue;
      if (!best || s.scope.end - s.scope.start < best.scope.end - best.scope.start) best = s;
    }
    return best;
  }
}

function inside(x: Span, scope: Span): boolean {
  return x.file === scope.file && x.start >= scope.start && x.end <= scope.end;
}

/** The candidate closest to `word` (case-insensitive; an adjacent swap counts as one edit); ties: first. */
export function nearest(word: string, candidates: readonly string[]): string {
  let best = candidates[0] ?? '';
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toUpperCase(), c.toUpperCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}
