// The diagnostics of compiler/resolve/paths.ts: Dotted paths in interrupts and rings (`icr`,
// `icr.txdw`, `misc.status.done`, `regs.tdt`) → one register (and maybe a field) with its absolute
// offset in a BAR. The first part may name the BAR; otherwise it is looked up in every BAR of the
// device and must be found in exactly one. Paths never go through arrays: the IR refers to single
// registers by name.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases, interruptRegs } from '../../check/cases.js';

const dev = `device d {
  bar 0 regs mmio size 0x100 { register tdt @ 0 : 32 { field v [15:0]; } register tdh @ 4 : 32; }
`;

// `interruptRegs` ends on line 8: the interrupt groups below start on line 9.
const regs = interruptRegs;

cases([
  {
    name: 'status path not found (RM0501)',
    spec: regs + '  interrupts g { cause e status nothere.a; }\n}\n',
    expect: ["9:33 RM0501 no register or block 'nothere' in any BAR of device 'd'"],
  },
  {
    name: 'field not found in a path (RM0501)',
    spec: regs + '  interrupts g { cause e status icr.zz; }\n}\n',
    expect: ["9:37 RM0501 register 'icr' has no field 'zz' (its fields: a, b)"],
  },
  {
    name: 'path through an array (RM0510)',
    spec: regs + '  interrupts g { cause s status q.s; }\n}\n',
    expect: ["9:33 RM0510 'q' is an array; interrupt and ring paths must name a single register outside any array"],
  },
  {
    name: 'indexed path through an array (RM0510)',
    spec: regs + '  interrupts g { cause s status q[1].s; }\n}\n',
    expect: ["9:35 RM0510 'q' is an array; interrupt and ring paths must name a single register outside any array"],
  },
  {
    name: 'index on a non-array (RM0510)',
    spec: regs + '  interrupts g { cause a status sts[0].a; }\n}\n',
    expect: ["9:37 RM0510 'sts' is not an array; remove the index"],
  },
  {
    name: 'a name in two BARs (RM0511)',
    spec: `device d {
  bar 0 regs mmio size 0x100 { register x @ 0 : 32 w1c; }
  bar 1 more mmio size 0x100 { register x @ 0 : 32 w1c; }
  interrupts g { cause a status x; cause b status regs.x; }
}
`,
    expect: ["4:33 RM0511 'x' is in BARs 'regs' and 'more'; write the BAR name first, e.g. regs.x"],
  },
  {
    name: 'ring path not found (RM0501)',
    spec: 'layout desc size 16 { word a @ 0 : 64; }\n' + dev + '  ring r of desc { head regs.nope; }\n}\n',
    expect: ["4:30 RM0501 no register or block 'nope' in BAR 'regs'"],
  },
]);
