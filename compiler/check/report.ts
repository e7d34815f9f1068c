// The one way lowering and rules report a problem: by code name, so the severity always comes from the
// code table and a rule cannot misspell a code.
import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../source/source.js';
import { codes, severityOf, type CodeName } from './codes.js';

export type Related = NonNullable<Diagnostic['related']>;

export class Reporter {
  readonly bag: DiagnosticBag;
  private errors = 0;
  constructor(private readonly maxErrors = 100) {
    this.bag = new DiagnosticBag(maxErrors);
  }
  report(name: CodeName, message: string, span: Span, related?: Related): void {
    if (severityOf(name) === 'error') {
      // Counted here so that a spec with thousands of errors stays linear past the cap.
      if (this.errors >= this.maxErrors) return;
      this.errors++;
      this.bag.error(codes[name], message, span, related);
    } else this.bag.warning(codes[name], message, span, related);
  }
  get hasErrors(): boolean {
    return this.errors > 0;
  }
}

/** `first defined here` and friends. */
export function note(message: string, span: Span): Related[number] {
  return { message, span };
}
