// The diagnostics of compiler/check/rules/noOverlappingNodes.ts: Registers and blocks of one scope do
// not overlap (arrays compared element by element, never expanded); layout words of one layout
// neither.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

cases([
  {
    name: 'overlapping registers print both ranges (RM0308)',
    spec: inBar('    register a @ 0x10 : 64;\n    register b @ 0x10 : 32;'),
    expect: ["4:14 RM0308 register 'b' at 0x10..0x13 overlaps 'a' at 0x10..0x17"],
  },
  {
    name: 'interleaved arrays do not overlap; a register inside one does (RM0308)',
    spec: inBar(
      '    register ral[16] @ 0x400 stride 8 : 32;\n    register rah[16] @ 0x404 stride 8 : 32;\n    register x @ 0x418 : 32;',
    ),
    expect: ["5:14 RM0308 register 'x' at 0x418..0x41b overlaps 'ral[3]' at 0x418..0x41b"],
  },
  {
    name: 'arrays with different strides overlap at a common element (RM0308)',
    spec: inBar('    register y[100] @ 0x600 stride 12 : 32;\n    register z[10] @ 0x610 stride 16 : 32;'),
    expect: ["4:14 RM0308 register 'z[2]' at 0x630..0x633 overlaps 'y[4]' at 0x630..0x633"],
  },
  {
    name: 'overlapping blocks in a block type (RM0308)',
    spec: 'block q { register a @ 0 : 32; block inner @ 0 { register b @ 0 : 16; } }\n',
    expect: ["1:38 RM0308 block 'inner' at 0x0..0x1 overlaps 'a' at 0x0..0x3"],
  },
  {
    name: 'overlapping words (RM0602)',
    spec: 'layout desc size 16 {\n  word len @ 8 : 16;\n  word cmd @ 9 : 8;\n}\n',
    expect: ["3:8 RM0602 word 'cmd' at 0x9..0x9 overlaps 'len' at 0x8..0x9"],
  },
]);
