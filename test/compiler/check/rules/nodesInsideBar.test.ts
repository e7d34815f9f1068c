// The diagnostics of compiler/check/rules/nodesInsideBar.ts: Every register and block (every array
// element: the last one ends at offset + (count-1)*stride + size) lies inside its BAR.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

cases([
  {
    name: 'register outside its BAR (RM0307)',
    spec: inBar('    register a @ 0x1000 : 32;'),
    expect: ["3:18 RM0307 register 'a' ends at 0x1003, outside BAR 'regs' of size 0x1000 (last offset 0xfff)"],
  },
  {
    name: "an array's last element outside its BAR (RM0307)",
    spec: inBar('    register ral[16] @ 0xfa0 stride 8 : 32;'),
    expect: ["3:24 RM0307 the last element of register array 'ral' (ral[15]) ends at 0x101b, outside BAR 'regs' of size 0x1000 (last offset 0xfff)"],
  },
  {
    name: 'a block array outside its BAR, sized by its type (RM0307)',
    spec: 'block q { register a @ 0 : 32; register b @ 0x1c : 32; }\n' + inBar('    block rx[4] @ 0xf80 stride 0x40 : q;'),
    expect: ["4:19 RM0307 the last element of block array 'rx' (rx[3]) ends at 0x105f, outside BAR 'regs' of size 0x1000 (last offset 0xfff)"],
  },
]);
