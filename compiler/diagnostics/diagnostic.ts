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
