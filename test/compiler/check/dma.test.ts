// RM06xx: DMA layouts (words inside the entry, no overlaps, alignment, owner/done bits) and rings.
import { cases } from './cases.js';

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
    name: 'word outside the layout (RM0601)',
    spec: 'layout desc size 16 {\n  word st @ 14 : 32;\n}\n',
    expect: ["2:13 RM0601 word 'st' at 0xe..0x11 is outside layout 'desc' of size 0x10"],
  },
  {
    name: 'overlapping words (RM0602)',
    spec: 'layout desc size 16 {\n  word len @ 8 : 16;\n  word cmd @ 9 : 8;\n}\n',
    expect: ["3:8 RM0602 word 'cmd' at 0x9..0x9 overlaps 'len' at 0x8..0x9"],
  },
  {
    name: 'alignment not a power of two (RM0603)',
    spec: 'layout desc size 16 align 12 { word a @ 0 : 32; }\n',
    expect: ["1:27 RM0603 alignment 12 of layout 'desc' is not a power of two"],
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
    name: 'owner value wider than its field (RM0605)',
    spec: 'layout desc size 16 {\n  word st @ 12 : 32 { field dd [0]; }\n  owner st.dd = 2;\n}\n',
    expect: ["3:17 RM0605 owner value 0x2 does not fit the 1-bit field 'st.dd' (at most 0x1)"],
  },
  {
    name: 'ring path naming a field (RM0606)',
    spec: 'layout desc size 16 { word a @ 0 : 64; }\n' + dev + '  ring r of desc { tail regs.tdt.v; }\n}\n',
    expect: ["4:25 RM0606 ring tail must name a whole register; remove '.v'"],
  },
  {
    name: 'ring path not found (RM0501)',
    spec: 'layout desc size 16 { word a @ 0 : 64; }\n' + dev + '  ring r of desc { head regs.nope; }\n}\n',
    expect: ["4:30 RM0501 no register or block 'nope' in BAR 'regs'"],
  },
  {
    name: 'word with an access type (RM0607)',
    spec: 'layout desc size 16 {\n  word len @ 8 : 16 ro;\n}\n',
    expect: ['2:21 RM0607 layout words are always read-write memory; remove the access'],
  },
]);
