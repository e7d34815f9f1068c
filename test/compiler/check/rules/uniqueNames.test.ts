// The diagnostics of compiler/check/rules/uniqueNames.ts: Names are unique within their namespace:
// top-level constants/enums/block types/layouts across the program, devices, BARs, registers and
// blocks of one scope, fields of one register, enum values, causes of one group, words of one layout.
// The first declaration wins; later ones are reported.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

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
]);
