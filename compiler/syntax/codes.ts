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
