import type { CodeInfo } from '../diagnostics/codes.js';
// Syntax diagnostics: RM01xx. (Owned by the parser.) RM010x come from the lexer and from checking a
// token's text, RM011x from the grammar, RM012x are limits that keep hostile input cheap.
export const syntaxCodes: readonly CodeInfo[] = [
  { code: 'RM0101', severity: 'error', title: 'unexpected character' },
  { code: 'RM0102', severity: 'error', title: 'unterminated string' },
  { code: 'RM0103', severity: 'error', title: 'unterminated block comment' },
  { code: 'RM0104', severity: 'error', title: 'malformed number' },
  { code: 'RM0105', severity: 'error', title: 'unknown escape in string' },
  { code: 'RM0110', severity: 'error', title: 'unexpected token' },
  { code: 'RM0111', severity: 'error', title: 'declaration not allowed here' },
  { code: 'RM0112', severity: 'error', title: 'stride given twice' },
  { code: 'RM0113', severity: 'error', title: 'duplicate setting' },
  { code: 'RM0120', severity: 'error', title: 'too many syntax errors' },
  { code: 'RM0121', severity: 'error', title: 'nesting too deep' },
  { code: 'RM0122', severity: 'error', title: 'expression too long' },
];

/** The codes by name, so reporting code reads as what went wrong. */
export const Syntax = {
  unexpectedCharacter: 'RM0101',
  unterminatedString: 'RM0102',
  unterminatedComment: 'RM0103',
  malformedNumber: 'RM0104',
  unknownEscape: 'RM0105',
  unexpectedToken: 'RM0110',
  notAllowedHere: 'RM0111',
  strideTwice: 'RM0112',
  duplicateSetting: 'RM0113',
  tooManyErrors: 'RM0120',
  nestingTooDeep: 'RM0121',
  expressionTooLong: 'RM0122',
} as const;

/** An example message per code (as the tests see them), for the diagnostics table in docs/language.md. */
export const syntaxExamples: ReadonlyMap<string, string> = new Map([
  ['RM0101', "unexpected character '$'"],
  ['RM0102', 'unterminated string: missing \'"\' before the end of the line'],
  ['RM0103', "unterminated block comment: '/*' has no matching '*/'"],
  ['RM0104', "malformed number '0x1g' (write 42, 0x2a, 0b101010 or 4K; '_' only between digits)"],
  ['RM0105', "unknown escape '\\q' in string (use \\\" \\\\ or \\n)"],
  ['RM0110', "expected ';' after register declaration, found 'field'"],
  ['RM0111', "'word' is not allowed here ('word' is only for DMA layouts: write 'register')"],
  ['RM0112', 'stride given twice (once after the count, once after the offset)'],
  ['RM0113', "interrupts group 'irq' gives 'status' more than once"],
  ['RM0120', 'too many syntax errors (more than 50); stopped reporting'],
  ['RM0121', 'nesting too deep (more than 100 open brackets)'],
  ['RM0122', 'expression too long (1001 operators; at most 1000)'],
]);
