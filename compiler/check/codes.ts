import type { CodeInfo } from '../diagnostics/codes.js';
// Checker and lowering diagnostics: RM02xx (names, imports, constants), RM03xx (layout: offsets,
// widths, overlaps), RM04xx (access, reset, enums), RM05xx (interrupts), RM06xx (DMA layouts, rings).
export const checkCodes: readonly CodeInfo[] = [];
