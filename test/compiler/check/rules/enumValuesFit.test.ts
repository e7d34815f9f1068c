// The diagnostics of compiler/check/rules/enumValuesFit.ts: Every value of an enum fits every field
// that uses the enum. An inline enum is reported at each value; a shared enum once per field that is
// too narrow for it.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

cases([
  {
    name: 'inline enum value wider than the field (RM0411)',
    spec: inBar('    register h @ 0x18 : 32 { field m [1:0] enum { a = 0, b = 4 }; }'),
    expect: ["3:62 RM0411 enum value 'b' = 0x4 does not fit the 2-bit field 'm' (at most 0x3)"],
  },
  {
    name: 'shared enum value wider than a field using it (RM0411)',
    spec: 'enum mode { slow = 0, fast = 8 }\n' + inBar('    register a @ 0 : 32 { field m [1:0] enum mode; }'),
    expect: ["4:46 RM0411 enum 'mode' value 'fast' = 0x8 does not fit the 2-bit field 'm' (at most 0x3); widen the field or use another enum"],
  },
]);
