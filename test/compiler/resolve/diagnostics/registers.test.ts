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
    name: 'word with an access type other than rw or ro (RM0607)',
    spec: 'layout desc size 16 {\n  word len @ 8 : 16 w1c;\n  word st @ 10 : 16 { field a [0] wo; }\n}\n',
    expect: [
      "2:21 RM0607 layout words are memory: read-write, or 'ro' when only the device writes them; remove the access",
      "3:35 RM0607 layout words are memory: read-write, or 'ro' when only the device writes them; remove the access",
    ],
  },
  { name: "device-written words: 'ro' on a word or a field", spec: 'layout cqe size 16 {\n  word dw0 @ 0 : 32 ro;\n  word dw3 @ 12 : 32 ro { field p [16]; }\n  word mix @ 4 : 32 { field st [0] ro; field cmd [1]; }\n}\n', expect: [] },
]);
