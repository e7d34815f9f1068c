// The diagnostics of compiler/check/rules/ringPairing.ts: `completes RING` names another, non-phase ring with as many rings.
import { cases, ringRegs } from '../cases.js';

cases([
  {
    name: "completes a ring that does not exist (RM0625)",
    spec: ringRegs + "  ring c[y:4] of e { phase w.p; head db[y]; completes nope; }\n}\n",
    expect: ["8:55 RM0625 ring 'c' completes 'nope', which is not another ring of device 'd'"],
  },
  {
    name: "completes a ring array of another count (RM0625)",
    spec: ringRegs + "  ring s[y:2] of e { tail db[2 * y]; }\n  ring c[y:3] of e { phase w.p; head db[y]; completes s; }\n}\n",
    expect: ["9:55 RM0625 ring 'c' completes 's', but 's' has 2 rings and 'c' 3; give both the same count"],
  },
  {
    name: "completes another completion ring (RM0625)",
    spec: ringRegs + "  ring s[y:2] of e { phase w.p; head db[2 * y]; }\n  ring c[y:2] of e { phase w.p; head db[2 * y + 1]; completes s; }\n}\n",
    expect: ["9:63 RM0625 ring 'c' completes 's', which is itself a completion ring (it has a phase tag)"],
  },
  {
    name: "a queue pair is accepted",
    spec: ringRegs + "  ring s[y:2] of e { tail db[2 * y]; }\n  ring c[y:2] of e { phase w.p; head db[2 * y + 1]; completes s; }\n}\n",
    expect: [],
  },
]);
