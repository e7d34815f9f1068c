// The diagnostics of compiler/check/rules/variantGaps.ts: every variant of a layout a ring publishes
// names every byte of the entry, or a reused slot keeps bytes an earlier entry of another variant left.
import { cases } from '../cases.js';

const spec = (identify: string, ring = '  ring sq of sqe { count 4; tail regs.tail; }'): string =>
  `device d {\n  bar 0 regs mmio size 0x100 { register tail @ 0 : 32 wo; }\n  layout sqe size 16 {\n    word cdw0 @ 0 : 32;\n    word nsid @ 4 : 32;\n    variant identify {\n${identify}\n    }\n    variant rw {\n      word slba @ 8 : 64;\n    }\n  }\n${ring}\n}\n`;

cases([
  {
    name: 'a variant leaving bytes unnamed (RM0609)',
    spec: spec('      word cdw10 @ 8 : 16;'),
    expect: [
      `warning 13:8 RM0609 variant 'identify' of layout 'sqe' leaves bytes 0xa..0xf unnamed, so publishing it through ring 'sq' keeps what an earlier entry left there; name them (e.g. 'word cdw12 @ 48 : 32 "Reserved";')`,
    ],
  },
  {
    name: 'two gaps, an array word counts each element',
    spec: spec('      word b[2] @ 8 : 8;\n      word c @ 12 : 16;'),
    expect: [
      `warning 14:8 RM0609 variant 'identify' of layout 'sqe' leaves bytes 0xa..0xb, 0xe..0xf unnamed, so publishing it through ring 'sq' keeps what an earlier entry left there; name them (e.g. 'word cdw12 @ 48 : 32 "Reserved";')`,
    ],
  },
  { name: 'every byte named', spec: spec('      word cdw10 @ 8 : 32;\n      word cdw11 @ 12 : 32 "Reserved";'), expect: [] },
  { name: 'no ring publishes the layout', spec: spec('      word cdw10 @ 8 : 16;', ''), expect: [] },
  {
    name: 'allowed on the device',
    spec: spec('      word cdw10 @ 8 : 16;').replace('device d {\n', 'device d {\n  allow RM0609 "the device ignores bytes 10-15 of Identify";\n'),
    expect: [],
  },
]);
