// The diagnostics of compiler/resolve/interrupts.ts: Interrupt groups → causes with resolved
// status/enable/ack/test bits and a vector. Group settings are resolved once; a register path there
// means "the field named like the cause". Access checks on the resolved bits are rules
// (check/rules/interruptAccess.ts), not done here.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases, interruptRegs } from '../../check/cases.js';

// `interruptRegs` ends on line 8: the interrupt groups below start on line 9.
const regs = interruptRegs;

cases([
  {
    name: 'cause name not a field of the group register (RM0502)',
    spec: regs + '  interrupts g { status icr; cause c; }\n}\n',
    expect: ["9:36 RM0502 cause 'c' has no status bit: register 'icr' has no field 'c'; add field 'c' to 'icr' or write 'status icr.FIELD' after the cause's name"],
  },
  {
    name: 'cause without status (RM0503)',
    spec: regs + '  interrupts g { cause z; }\n}\n',
    expect: ["9:24 RM0503 cause 'z' has no status bit; add 'status REG;' to group 'g' or 'status REG.FIELD' to the cause, or, when the vector itself is the cause, 'ring RING' (new entries in that ring) or 'status none'"],
  },
  {
    name: "'status none': the vector is the cause, no RM0503",
    spec: regs + '  interrupts g { cause z status none vector msix 2; }\n}\n',
    expect: [],
  },
  {
    name: "a group's 'status none' covers causes that name no status",
    spec: regs + '  interrupts g { status none; vector msi 1; cause y; cause z; }\n}\n',
    expect: [],
  },
  {
    name: 'unknown vector kind (RM0507)',
    spec: regs + '  interrupts g { status sts; vector msx 3; cause a; }\n}\n',
    expect: ["9:37 RM0507 unknown vector kind 'msx'; expected intx, msi or msix"],
  },
  {
    name: 'unknown ack mode (RM0509)',
    spec: regs + '  interrupts g { status sts; ack w2c; cause a; }\n}\n',
    expect: ["9:34 RM0509 unknown ack mode 'w2c'; expected w1c, w1t, w0c, rc, none or a REGISTER.FIELD to write 1 to"],
  },
]);
