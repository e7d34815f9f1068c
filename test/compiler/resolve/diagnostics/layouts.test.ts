// The diagnostics of compiler/resolve/layouts.ts: DMA layouts (words in host memory, always rw) and
// rings over them.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../../check/cases.js';

const dev = `device d {
  bar 0 regs mmio size 0x100 { register tdt @ 0 : 32 { field v [15:0]; } register tdh @ 4 : 32; }
`;

cases([
  {
    name: 'a layout and a ring over it are clean',
    spec: 'layout desc size 16 { word addr @ 0 : 64; word st @ 12 : 32 { field dd [0]; } done st.dd; }\n' + dev + '  ring r of desc { count 8; tail regs.tdt; head tdh; }\n}\n',
    expect: [],
  },
  {
    name: 'done names an unknown field (RM0604)',
    spec: 'layout desc size 16 {\n  word st @ 12 : 32 { field dd [0]; }\n  done st.ready;\n}\n',
    expect: ["3:11 RM0604 word 'st' of layout 'desc' has no field 'ready'"],
  },
  {
    name: 'owner names an unknown word (RM0604)',
    spec: 'layout desc size 16 {\n  word st @ 12 : 32 { field dd [0]; }\n  owner ctl.own = 1;\n}\n',
    expect: ["3:9 RM0604 layout 'desc' has no word 'ctl'"],
  },
  {
    name: 'ring path naming a field (RM0606)',
    spec: 'layout desc size 16 { word a @ 0 : 64; }\n' + dev + '  ring r of desc { tail regs.tdt.v; }\n}\n',
    expect: ["4:25 RM0606 ring tail must name a whole register; remove '.v'"],
  },
]);
