// The diagnostics of compiler/check/rules/interruptAccess.ts: Interrupt bits have the access their
// role needs (docs/language.md "Interrupts"): ack w1c needs a w1c/w1t status bit, ack w0c a w0c one,
// ack rc a read-to-clear one; an enable bit is plain rw; set/clear, test and ack registers are
// writable.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases, interruptRegs } from '../cases.js';

// `interruptRegs` ends on line 8: the interrupt groups below start on line 9.
const regs = interruptRegs;

cases([
  {
    name: 'the group form with field-named causes is clean',
    spec: regs + '  interrupts g { status icr; enable ims; ack rc; vector msi 0; cause a; cause b vector msi 1; }\n}\n',
    expect: [],
  },
  {
    name: 'ack w1c on a read-only status bit (RM0504)',
    spec: regs + '  interrupts g { cause a status st.a ack w1c; }\n}\n',
    expect: ["9:42 RM0504 'ack w1c' needs a w1c or w1t status bit, but 'st.a' (cause 'a') is ro; fix the field's access or the ack mode"],
  },
  {
    name: 'ack rc on a bit that reading does not clear (RM0504)',
    spec: regs + '  interrupts g { ack rc; cause a status sts.a; }\n}\n',
    expect: ["9:22 RM0504 'ack rc' needs a read-to-clear (rc) status bit, but 'sts.a' (cause 'a') is rw w1c; fix the field's access or the ack mode"],
  },
  {
    name: 'enable bit that is not rw (RM0505)',
    spec: regs + '  interrupts g { cause a status sts.a enable st.a; }\n}\n',
    expect: ["9:46 RM0505 enable bit 'st.a' of cause 'a' is ro; it must be rw (or use 'enable set REG clear REG')"],
  },
  {
    name: 'test bit not writable (RM0506)',
    spec: regs + '  interrupts g { cause a status sts.a test st.a; }\n}\n',
    expect: ["9:44 RM0506 test bit 'st.a' of cause 'a' is ro; it must be writable"],
  },
  {
    name: 'enable set/clear registers not writable (RM0506)',
    spec: regs + '  interrupts g { status sts; enable set ims clear st; cause a; }\n}\n',
    expect: ["9:51 RM0506 enable clear bit 'st.a' of cause 'a' is ro; it must be writable"],
  },
  {
    name: 'ack register not writable (RM0506)',
    spec: regs + '  interrupts g { cause a status icr.a ack st.a; }\n}\n',
    expect: ["9:43 RM0506 ack bit 'st.a' of cause 'a' is ro; an acknowledge register must be writable"],
  },
]);
