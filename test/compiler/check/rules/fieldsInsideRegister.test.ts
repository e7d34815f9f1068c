// The diagnostics of compiler/check/rules/fieldsInsideRegister.ts: Fields and reserved ranges name
// bits msb ≥ lsb, all inside the register's width.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

cases([
  {
    name: 'field outside the register (RM0404)',
    spec: inBar('    register b @ 4 : 32 { field x [40]; }'),
    expect: ["3:35 RM0404 field 'x' [40] is outside the 32-bit register 'b' (bits 31..0)"],
  },
  {
    name: 'reversed bit range (RM0405)',
    spec: inBar('    register b @ 4 : 32 { field y [0:3]; }'),
    expect: ['3:35 RM0405 bit range [0:3] is reversed: write the most significant bit first, [3:0]'],
  },
]);
