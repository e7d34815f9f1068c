// The diagnostics of compiler/check/rules/vectorRange.ts: Interrupt vectors exist: an MSI capability
// has at most 32 vectors, MSI-X at most 2048.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';

const regs = `device d {
  bar 0 regs mmio size 0x100 {
    register icr @ 0 : 32 rc { field a [0]; field b [1]; }
    register ims @ 4 : 32 { field a [0]; field b [1]; }
    register st @ 8 : 32 ro { field a [0]; }
    register sts @ 0xc : 32 w1c { field a [0]; }
    block q[2] @ 0x20 stride 0x10 { register s @ 0 : 32 w1c; }
  }
`;
// The interrupt groups below start on line 9.

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
