// The diagnostics of compiler/check/rules/arrays.ts: Arrays have at least one element, and their
// elements do not overlap each other: the stride is at least the element size.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

cases([
  {
    name: 'stride smaller than the element (RM0309)',
    spec: inBar('    register g[4] @ 0x40 stride 2 : 32;'),
    expect: ["3:33 RM0309 stride 0x2 of 'g' is smaller than its 0x4-byte element, so elements overlap; use a stride of at least 0x4"],
  },
  {
    name: 'block array stride smaller than the block (RM0309)',
    spec: 'block q { register a @ 0 : 32; register b @ 4 : 32; }\n' + inBar('    block rx[2] @ 0 stride 4 : q;'),
    expect: ["4:28 RM0309 stride 0x4 of 'rx' is smaller than its 0x8-byte element, so elements overlap; use a stride of at least 0x8"],
  },
  {
    name: 'array of zero elements (RM0311)',
    spec: inBar('    register i[0] @ 0x90 : 32;'),
    expect: ["3:16 RM0311 array 'i' has 0 elements; give at least 1"],
  },
]);
