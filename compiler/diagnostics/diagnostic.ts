// Diagnostics are data: phases report them into a list and keep going; only render.ts prints them,
// and the caller (CLI, compile()) decides what an error means for the exit code.
import type { Span } from '../source/source.js';

export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable code, e.g. 'RM0203' — listed with a title in codes.ts and docs/language.md. */
  readonly code: string;
  readonly message: string;
  readonly span: Span;
  /** Other places the message talks about ("first defined here"). */
  readonly related?: readonly { readonly message: string; readonly span: Span }[];
}

export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  constructor(readonly maxErrors = 100) {}

  report(d: Diagnostic): void {
    if (d.severity === 'error' && this.errorCount >= this.maxErrors) return;
    this.items.push(d);
  }
  error(code: string, message: string, span: Span, related?: Diagnostic['related']): void {
    this.report({ severity: 'error', code, message, span, ...(related ? { related } : {}) });
  }
  warning(code: string, message: string, span: Span, related?: Diagnostic['related']): void {
    this.report({ severity: 'warning', code, message, span, ...(related ? { related } : {}) });
  }
  get errorCount(): number {
    let n = 0;
    for (const d of this.items) if (d.severity === 'error') n++;
    return n;
  }
  get hasErrors(): boolean {
    return this.errorCount > 0;
  }
}
