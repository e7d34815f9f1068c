// The diagnostics of compiler/resolve/registers.ts: Registers, fields, reserved bits, block instances
// and block types → the resolved model. Offsets stay as written (relative to the BAR or block); arrays
// stay count + stride.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../../check/cases.js';
import { inBar } from '../../check/harness.js';

cases([
  {
    name: 'block array without stride (RM0310)',
    spec: inBar('    block h[2] @ 0x80 { register x @ 0 : 32; }'),
    expect: ["3:12 RM0310 block array 'h' needs a stride: write 'h[…] stride BYTES'"],
  },
  {
    name: 'unknown reserved policy (RM0413)',
    spec: inBar('    register a @ 0 : 32 { field x [0]; reserved [7:4] zeros; }'),
    expect: ["3:55 RM0413 unknown reserved policy 'zeros'; expected preserve, ones or reset"],
  },
  {
    name: 'word with an access type (RM0607)',
    spec: 'layout desc size 16 {\n  word len @ 8 : 16 ro;\n}\n',
    expect: ['2:21 RM0607 layout words are always read-write memory; remove the access'],
  },
]);
