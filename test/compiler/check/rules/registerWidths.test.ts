// The diagnostics of compiler/check/rules/registerWidths.ts: Registers and layout words are 8, 16, 32
// or 64 bits wide: one load or store of that width.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

cases([
  {
    name: 'register width 24 (RM0305)',
    spec: inBar('    register a @ 0 : 24;'),
    expect: ["3:22 RM0305 register 'a' is 24 bits wide; the width must be 8, 16, 32 or 64"],
  },
]);
