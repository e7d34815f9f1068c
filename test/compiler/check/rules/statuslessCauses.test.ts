// The diagnostics of compiler/check/rules/statuslessCauses.ts: a cause without a status register
// ('ring RING', 'status none') names a ring that exists and has a vector, and gives no status, ack or
// vector of its own.
import { cases, ringRegs } from '../cases.js';

const cq = "  ring c[y:4] of e { phase w.p; head db[y]; vector msix y + 1; }\n";

cases([
  {
    name: 'a ring cause over a ring array with vectors is accepted',
    spec: ringRegs + cq + '  interrupts g { cause c "new entries in c[y]" ring c; }\n}\n',
    expect: [],
  },
  {
    name: 'ring cause naming no ring (RM0512)',
    spec: ringRegs + cq + '  interrupts g { cause c ring cx; }\n}\n',
    expect: ["9:31 RM0512 cause 'c' names ring 'cx', but device 'd' has no such ring (rings: 'c')"],
  },
  {
    name: 'ring cause over a ring without vector (RM0512)',
    spec: ringRegs + '  ring c[y:4] of e { phase w.p; head db[y]; }\n  interrupts g { cause c ring c; }\n}\n',
    expect: ["9:31 RM0512 ring 'c' has no 'vector', so cause 'c' has no interrupt to be; add 'vector msix y;' to ring 'c'"],
  },
  {
    name: 'ring cause with a vector of its own (RM0512)',
    spec: ringRegs + cq + '  interrupts g { cause c ring c vector msix 3; }\n}\n',
    expect: ["9:33 RM0512 cause 'c' is signalled on the vectors of ring 'c' (its 'vector msix …'); remove the cause's own 'vector'"],
  },
  {
    name: "'status none' and a status register: one status setting (RM0113)",
    spec: ringRegs + "  interrupts g { cause c status none status q[0].st; }\n}\n",
    expect: ["8:38 RM0113 cause 'c' gives 'status' more than once"],
  },
  {
    name: 'ring cause with a status register (RM0512)',
    spec: ringRegs + cq + '  interrupts g { cause c ring c status cap.rc; }\n}\n',
    expect: ["9:40 RM0512 cause 'c' has 'ring c', so it has no status bit; remove its 'status cap.rc' (or the 'ring c')"],
  },
  {
    name: 'ring cause with an ack (RM0512)',
    spec: ringRegs + cq + '  interrupts g { cause c ring c ack w1c; }\n}\n',
    expect: ["9:33 RM0512 cause 'c' has no status register ('ring c'): the vector is the cause and there is nothing to acknowledge; remove its 'ack'"],
  },
]);
