// The diagnostics of compiler/check/rules/layoutAlignment.ts: A layout's alignment is a power of two
// (DMA buffers are allocated at that alignment).
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';

cases([
  {
    name: 'alignment not a power of two (RM0603)',
    spec: 'layout desc size 16 align 12 { word a @ 0 : 32; }\n',
    expect: ["1:27 RM0603 alignment 12 of layout 'desc' is not a power of two"],
  },
]);
