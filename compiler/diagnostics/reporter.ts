// The one way every phase reports a problem — syntax, resolve and check alike: by code name, so the
// severity always comes from the code table (codes.ts) and nobody can misspell a code. Errors past the
// cap are dropped, counted once as they come so a spec with thousands of errors stays linear.
import type { Diagnostic } from './diagnostic.js';
import type { Span } from '../source/source.js';
import { codes, severityOf, type CodeName } from './codes.js';

export type Related = NonNullable<Diagnostic['related']>;

export class Reporter {
  readonly items: Diagnostic[] = [];
  private errors = 0;
  constructor(readonly maxErrors = 100) {}

  report(name: CodeName, message: string, span: Span, related?: Related): void {
    this.push({ severity: severityOf(name), code: codes[name], message, span, ...(related ? { related } : {}) });
  }

  /** A diagnostic another reporter already made (a parsed file's), under this reporter's cap. */
  push(d: Diagnostic): void {
    if (d.severity === 'error') {
      if (this.errors >= this.maxErrors) return;
      this.errors++;
    }
    this.items.push(d);
  }

  get errorCount(): number {
    return this.errors;
  }
  get hasErrors(): boolean {
    return this.errors > 0;
  }
}

/** `first defined here` and friends. */
export function note(message: string, span: Span): Related[number] {
  return { message, span };
}
