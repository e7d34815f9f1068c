import type { CodeInfo } from '../diagnostics/codes.js';
// Syntax diagnostics: RM01xx. (Owned by the parser.)
export const syntaxCodes: readonly CodeInfo[] = [];
