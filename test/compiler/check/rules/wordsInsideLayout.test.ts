// The diagnostics of compiler/check/rules/wordsInsideLayout.ts: Every word of a DMA layout lies inside
// the entry size.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';

cases([
  {
    name: 'word outside the layout (RM0601)',
    spec: 'layout desc size 16 {\n  word st @ 14 : 32;\n}\n',
    expect: ["2:13 RM0601 word 'st' at 0xe..0x11 is outside layout 'desc' of size 0x10"],
  },
]);
