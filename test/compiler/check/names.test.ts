// RM02xx: duplicate and unknown names, constants, block cycles, PCI identity, BAR keywords.
import { cases } from './cases.js';
import { inBar } from './harness.js';

cases([
  {
    name: 'duplicate constant (RM0201) points at the second definition',
    spec: 'const A = 1;\nconst A = 2;\n',
    expect: ["2:7 RM0201 duplicate constant name 'A'; rename one of them"],
  },
  {
    name: 'duplicate register in one scope (RM0201)',
    spec: inBar('    register a @ 0 : 32;\n    register a @ 4 : 32;'),
    expect: ["4:14 RM0201 duplicate register name 'a'; rename one of them"],
  },
  {
    name: 'a block and a register with one name (RM0201)',
    spec: inBar('    register a @ 0 : 32;\n    block a @ 8 { register x @ 0 : 32; }'),
    expect: ["4:11 RM0201 block 'a' has the same name as register 'a'; rename one of them"],
  },
  {
    name: 'duplicate field, enum value and cause (RM0201)',
    spec: `device d {
  bar 0 regs mmio size 0x100 {
    register r @ 0 : 32 w1c { field x [0]; field x [1]; field m [3:2] enum { a = 0, a = 1 }; }
  }
  interrupts g { status r; cause m; cause m; }
}
`,
    expect: [
      "3:50 RM0201 duplicate field name 'x'; rename one of them",
      "3:85 RM0201 duplicate enum value name 'a'; rename one of them",
      "5:43 RM0201 duplicate cause name 'm'; rename one of them",
    ],
  },
  {
    name: 'duplicate device and BAR names (RM0201)',
    spec: 'device d { bar 0 a mmio size 16; bar 1 a mmio size 16; }\ndevice d { }\n',
    expect: ["1:40 RM0201 duplicate BAR name 'a'; rename one of them", "2:8 RM0201 duplicate device name 'd'; rename one of them"],
  },
  {
    name: "an inline block whose generated type name is taken (RM0201)",
    spec: 'block regs_phy { register a @ 0 : 32; }\n' + inBar('    block phy @ 0 { register x @ 0 : 32; }\n    block other @ 0x100 : regs_phy;'),
    expect: ["4:11 RM0201 inline block 'phy' gets the type name 'regs_phy', which block type 'regs_phy' already has; rename the block"],
  },
  {
    name: 'two devices may use the same inline block names',
    spec: 'device a { bar 0 regs mmio size 16 { block phy @ 0 { register x @ 0 : 32; } } }\ndevice b { bar 0 regs mmio size 16 { block phy @ 0 { register y @ 0 : 32; } } }\n',
    expect: [],
  },
  {
    name: 'unknown constant (RM0202)',
    spec: inBar('    register a @ BASE : 32;'),
    expect: ["3:18 RM0202 unknown constant 'BASE'"],
  },
  {
    name: 'unknown constant with a case hint (RM0202)',
    spec: 'const Base = 4;\n' + inBar('    register a @ BASE : 32;'),
    expect: ["4:18 RM0202 unknown constant 'BASE'; did you mean 'Base'?"],
  },
  {
    name: 'unknown enum type (RM0203)',
    spec: inBar('    register f @ 4 : 32 { field m [1:0] enum modes; }'),
    expect: ["3:46 RM0203 unknown enum 'modes'"],
  },
  {
    name: 'unknown block type (RM0204)',
    spec: inBar('    block q @ 0x10 : queue;'),
    expect: ["3:22 RM0204 unknown block type 'queue'"],
  },
  {
    name: 'unknown layout (RM0205)',
    spec: 'device d {\n  ring r of desc { count 4; }\n}\n',
    expect: ["2:13 RM0205 unknown layout 'desc'"],
  },
  {
    name: 'division by zero (RM0209) at the right operand',
    spec: 'const A = 4 / (2 - 2);\n',
    expect: ["1:15 RM0209 division by zero: the right operand of '/' is 0"],
  },
  {
    name: 'remainder by zero (RM0209)',
    spec: 'const Z = 0;\nconst A = 4 % Z;\n',
    expect: ["2:15 RM0209 division by zero: the right operand of '%' is 0"],
  },
  {
    name: 'negative offset (RM0210)',
    spec: inBar('    register a @ 4 - 8 : 32;'),
    expect: ['3:18 RM0210 offset is negative (-4); it must be 0 or more'],
  },
  {
    name: 'array count too large (RM0211)',
    spec: inBar('    register b[1 << 40] @ 0 : 32;'),
    expect: ['3:16 RM0211 array count 0x10000000000 is too large (at most 0x100000000)'],
  },
  {
    name: 'shift beyond 256 bits (RM0211)',
    spec: 'const A = 1 << 300;\n',
    expect: ['1:16 RM0211 shift count 300 is too large (at most 256)'],
  },
  {
    name: 'constant cycle (RM0212)',
    spec: 'const B = C + 1;\nconst C = B;\n',
    expect: ["1:11 RM0212 constant 'C' is defined in terms of itself (C → B → C)"],
  },
  {
    name: 'block type that contains itself (RM0213)',
    spec: 'block a { register x @ 0 : 32; block b @ 4 : a; }\n',
    expect: ["1:46 RM0213 block type 'a' contains itself (a → a); a block cannot be nested in itself"],
  },
  {
    name: 'unknown pci key (RM0214)',
    spec: 'device d {\n  pci { vendor = 1; device = 2; vendr = 3; }\n}\n',
    expect: ["2:33 RM0214 unknown pci key 'vendr'; expected one of vendor, device, subsystem_vendor, subsystem, class, revision"],
  },
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
