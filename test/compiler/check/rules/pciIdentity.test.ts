// The diagnostics of compiler/check/rules/pciIdentity.ts: PCI identity: vendor and device are
// required, ids fit their config-space fields (16-bit ids, 24-bit class code, 8-bit revision).
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';

cases([
  {
    name: 'pci without device id (RM0215)',
    spec: 'device d {\n  pci { vendor = 0x8086; }\n}\n',
    expect: ["2:3 RM0215 pci block of device 'd' has no device; add 'device = 0x…;'"],
  },
  {
    name: 'pci vendor id over 16 bits (RM0216)',
    spec: 'device d {\n  pci { vendor = 0x18086; device = 1; class = 0x1000000; }\n}\n',
    expect: [
      '2:18 RM0216 pci vendor 0x18086 does not fit 16 bits (at most 0xffff)',
      '2:47 RM0216 pci class 0x1000000 does not fit 24 bits (at most 0xffffff)',
    ],
  },
]);
