// The diagnostics of compiler/resolve/devices.ts: A device: PCI identity, BARs (with their register
// maps), layouts, interrupts and rings.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../../check/cases.js';

cases([
  {
    name: 'unknown pci key (RM0214)',
    spec: 'device d {\n  pci { vendor = 1; device = 2; vendr = 3; }\n}\n',
    expect: ["2:33 RM0214 unknown pci key 'vendr'; expected one of vendor, device, subsystem_vendor, subsystem, class, revision"],
  },
  {
    name: 'unknown BAR kind and flag (RM0217)',
    spec: 'device d {\n  bar 0 regs memory size 0x100 fast;\n}\n',
    expect: [
      "2:14 RM0217 unknown BAR kind 'memory'; expected mmio or io",
      "2:32 RM0217 unknown BAR flag 'fast'; expected prefetchable or 64bit",
    ],
  },
  {
    name: 'prefetchable or 64bit on an I/O BAR (RM0218)',
    spec: 'device d {\n  bar 2 ports io size 32 64bit;\n}\n',
    expect: ["2:26 RM0218 I/O BAR 'ports' cannot be 64bit; only memory (mmio) BARs are prefetchable or 64-bit"],
  },
]);
