// The diagnostics of compiler/check/rules/runtimeStridePlace.ts: A run-time stride array is the last thing in its BAR and stands directly in it.
import { cases, ringRegs } from '../cases.js';

cases([
  {
    name: "a block after a run-time stride array (RM0624)",
    spec: ringRegs.replace("register db[8] @ 0x1000", "register db[8] @ 0x10") + "}\n",
    expect: ["5:11 RM0624 block 'q' at 0x100 is after 'db' (run-time stride, from 0x10), which grows with its stride; put it before 0x10"],
  },
  {
    name: "a run-time stride inside a block (RM0624)",
    spec: ringRegs.replace("register st @ 4 : 32 ro;", "register st[2] @ 4 stride 4 << cap.dstrd : 32 ro;") + "}\n",
    expect: ["5:85 RM0624 'st' has a run-time stride; only a register array directly in a BAR may have one"],
  },
  {
    name: "a run-time stride array last in its BAR is accepted",
    spec: ringRegs + "}\n",
    expect: [],
  },
]);
