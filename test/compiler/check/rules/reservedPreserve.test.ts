// The diagnostics of compiler/check/rules/reservedPreserve.ts: `reserved … preserve` writes back what
// a read returned, so the register must be readable.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

cases([
  {
    name: "'preserve' in a write-only register (RM0403)",
    spec: inBar('    register a @ 0 : 32 wo { field x [3:0]; reserved [7:4] preserve; }'),
    expect: ["3:60 RM0403 'preserve' writes back what was read, but 'a' cannot be read; use 'ones' or drop the policy (write the reset value)"],
  },
]);
