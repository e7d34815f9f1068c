// The diagnostics of compiler/check/rules/ringIndexRange.ts: Every ring of a ring array names elements that exist.
import { cases, ringRegs } from '../cases.js';

cases([
  {
    name: "the last ring of an array names an element past the doorbell array (RM0621)",
    spec: ringRegs + "  ring s[y:4] of e { tail db[2 * y + 2]; }\n}\n",
    expect: ["8:30 RM0621 ring s[3] would use db[8], but 'db' has 8 elements (0..7)"],
  },
  {
    name: "a constant element index past a block array (RM0621)",
    spec: ringRegs + "  ring s of e { tail q[2].t; }\n}\n",
    expect: ["8:24 RM0621 ring s would use q[2], but 'q' has 2 elements (0..1)"],
  },
  {
    name: "every element in range is accepted",
    spec: ringRegs + "  ring s[y:4] of e { tail db[2 * y + 1]; }\n}\n",
    expect: [],
  },
]);
