// The diagnostics of compiler/check/rules/phaseRings.ts: A phase-tag completion ring: its tag is one bit, it has no producer register, and its head
// doorbell is writable.
import { cases, ringRegs } from '../cases.js';

cases([
  {
    name: "phase tag wider than one bit (RM0620)",
    spec: ringRegs + "  ring c[y:2] of e { phase v.pp; head db[y]; }\n}\n",
    expect: ["8:28 RM0620 phase tag 'v.pp' of ring 'c' is 2 bits wide; a phase tag is one bit"],
  },
  {
    name: "phase ring with a tail register (RM0620)",
    spec: ringRegs + "  ring c[y:2] of e { phase w.p; tail db[y]; }\n}\n",
    expect: ["8:38 RM0620 ring 'c' is found by its phase tag, so it has no producer register; remove 'tail' (the consumer's doorbell is 'head')"],
  },
  {
    name: "phase ring whose head doorbell is read-only (RM0620)",
    spec: ringRegs + "  ring c[y:2] of e { phase w.p; head q[y].st; }\n}\n",
    expect: ["8:38 RM0620 the head doorbell 'q.st' of phase ring 'c' is not writable; software writes its new head there"],
  },
  {
    name: "a one-bit phase tag and a writable head doorbell are accepted",
    spec: ringRegs + "  ring c[y:2] of e { phase w.p; head db[y]; }\n}\n",
    expect: [],
  },
]);
