// The diagnostics of compiler/check/rules/resetValues.ts: Reset values fit: the register's in its
// width, a field's in its bits, and where both are given they agree on the field's bits
// (docs/language.md "Fields").
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

cases([
  {
    name: 'register reset wider than the register (RM0408)',
    spec: inBar('    register e @ 0xc : 8 reset 0x1ff;'),
    expect: ["3:32 RM0408 reset value 0x1ff does not fit the 8-bit register 'e' (at most 0xff)"],
  },
  {
    name: 'field reset wider than the field (RM0409)',
    spec: inBar('    register f @ 0x10 : 32 { field m [1:0] reset 4; }'),
    expect: ["3:50 RM0409 reset value 0x4 does not fit the 2-bit field 'm' (at most 0x3)"],
  },
  {
    name: 'register reset disagreeing with a field reset (RM0410)',
    spec: inBar('    register g @ 0x14 : 32 reset 0x10 { field m [1:0] reset 1; field n [4] reset 1; }'),
    expect: ["3:61 RM0410 field 'm' resets to 0x1 but the reset 0x10 of 'g' gives it 0x0; make them agree or drop one"],
  },
]);
