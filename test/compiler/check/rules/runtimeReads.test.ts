// The diagnostics of compiler/check/rules/runtimeReads.ts: A run-time stride or ring count bound reads fields without a read side effect.
import { cases, ringRegs } from '../cases.js';

cases([
  {
    name: "run-time stride reads a read-to-clear field (RM0623)",
    spec: ringRegs.replace("stride 4 << cap.dstrd", "stride 4 << cap.rc") + "}\n",
    expect: ["6:41 RM0623 stride of 'db' reads 'cap.rc', which is read-to-clear; a run-time stride or bound reads a field without a read side effect"],
  },
  {
    name: "ring count bound reads a write-only field (RM0623)",
    spec: ringRegs + "  ring s[y:2] of e { count max cap.wo + 1; tail db[y]; }\n}\n",
    expect: ["8:32 RM0623 count bound of ring 's' reads 'cap.wo', which cannot be read; a run-time stride or bound reads a readable field"],
  },
  {
    name: "a count bound over a plain read-only field is accepted",
    spec: ringRegs + "  ring s[y:2] of e { count max cap.mqes + 1; tail db[y]; }\n}\n",
    expect: [],
  },
]);
