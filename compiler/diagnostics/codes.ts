// Every diagnostic code with a one-line title, gathered from the phases that report them. The language
// reference's diagnostics table is checked against this list by the test suite.
import { syntaxCodes } from '../syntax/codes.js';
import { checkCodes } from '../check/codes.js';

export interface CodeInfo {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly title: string;
}

export const allCodes: readonly CodeInfo[] = [...syntaxCodes, ...checkCodes];
