// The diagnostics of compiler/check/rules/barSizesArePowersOfTwo.ts: A BAR's size is a power of two:
// PCI BARs are naturally aligned power-of-two windows.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';

cases([
  {
    name: 'BAR size not a power of two (RM0304)',
    spec: 'device d {\n  bar 0 b mmio size 0x300;\n}\n',
    expect: ["2:21 RM0304 BAR 'b' size 0x300 is not a power of two; use 0x400 (PCI BAR sizes are powers of two)"],
  },
]);
