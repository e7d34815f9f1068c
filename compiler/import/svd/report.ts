// Diagnostics about the SVD file itself, located at the element they concern (its `<name` text),
// in the compiler's Diagnostic shape so the shared renderer prints file:line:col and a caret.
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { XmlElement } from './xml.js';

/** Codes of the SVD importer (not spec diagnostics, so not in the language reference's table). */
export const svdCodes = {
  /** The XML is not well formed. */
  malformedXml: 'SVD001',
  /** Not an SVD device description, or a required element is missing or unreadable. */
  invalid: 'SVD002',
  /** A construct the .regs language cannot express: dropped or approximated, as the message says. */
  unsupported: 'SVD101',
  /** A value that contradicts the rest of the description (overlap, out of range): left out. */
  conflict: 'SVD102',
  /** Two elements got the same .regs name: the later one is renamed. */
  renamed: 'SVD103',
} as const;

import type { LeftOut } from '../summary.js';

export class SvdReporter {
  readonly diagnostics: Diagnostic[] = [];
  /** One entry per element left out, in report order. */
  readonly left: LeftOut[] = [];
  /** A property inherited by many registers is reported once, where it is written. */
  private readonly seen = new Set<string>();
  /** `prefix` renames the codes for another importer sharing these steps (IP-XACT: 'IPX'). */
  constructor(
    readonly file: string,
    private readonly prefix = 'SVD',
  ) {}

  private at(el: XmlElement): Diagnostic['span'] {
    return { file: this.file, start: el.start, end: el.start + 1 + el.name.length };
  }
  warn(code: string, el: XmlElement, message: string, left?: LeftOut): void {
    const key = `${el.start}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push({ severity: 'warning', code: code.replace(/^SVD/, this.prefix), message, span: this.at(el) });
    if (left) this.left.push(left);
  }
  error(code: string, el: XmlElement, message: string): void {
    this.diagnostics.push({ severity: 'error', code: code.replace(/^SVD/, this.prefix), message, span: this.at(el) });
  }
  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}
