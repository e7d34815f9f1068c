// The diagnostics of compiler/resolve/evaluate.ts: Constant expressions: arbitrary-precision integer
// arithmetic with C precedence (already in the AST), named constants evaluated on first use (any
// order, cycles reported), and conversion of results into the plain numbers offsets, sizes and counts
// need.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../../check/cases.js';
import { inBar } from '../../check/harness.js';

cases([
  {
    name: 'division by zero (RM0209) at the right operand',
    spec: 'const A = 4 / (2 - 2);\n',
    expect: ["1:15 RM0209 division by zero: the right operand of '/' is 0"],
  },
  {
    name: 'remainder by zero (RM0209)',
    spec: 'const Z = 0;\nconst A = 4 % Z;\n',
    expect: ["2:15 RM0209 division by zero: the right operand of '%' is 0"],
  },
  {
    name: 'negative offset (RM0210)',
    spec: inBar('    register a @ 4 - 8 : 32;'),
    expect: ['3:18 RM0210 offset is negative (-4); it must be 0 or more'],
  },
  {
    name: 'array count too large (RM0211)',
    spec: inBar('    register b[1 << 40] @ 0 : 32;'),
    expect: ['3:16 RM0211 array count 0x10000000000 is too large (at most 0x100000000)'],
  },
  {
    name: 'shift beyond 256 bits (RM0211)',
    spec: 'const A = 1 << 300;\n',
    expect: ['1:16 RM0211 shift count 300 is too large (at most 256)'],
  },
  {
    name: 'constant cycle (RM0212)',
    spec: 'const B = C + 1;\nconst C = B;\n',
    expect: ["1:11 RM0212 constant 'C' is defined in terms of itself (C → B → C)"],
  },
]);
