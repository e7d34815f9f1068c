// The diagnostics of compiler/check/rules/vectorRange.ts: Interrupt vectors exist: an MSI capability
// has at most 32 vectors, MSI-X at most 2048.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases, interruptRegs } from '../cases.js';

// `interruptRegs` ends on line 8: the interrupt groups below start on line 9.
const regs = interruptRegs;

cases([
  {
    name: 'MSI index over 31 (RM0508)',
    spec: regs + '  interrupts g { status sts; cause a vector msi 32; }\n}\n',
    expect: ['9:49 RM0508 MSI vector 32 is out of range 0..31'],
  },
  {
    name: 'MSI-X index over 2047 (RM0508)',
    spec: regs + '  interrupts g { status sts; cause a vector msix 2048; }\n}\n',
    expect: ['9:50 RM0508 MSI-X vector 2048 is out of range 0..2047'],
  },
]);
