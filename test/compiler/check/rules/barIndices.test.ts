// The diagnostics of compiler/check/rules/barIndices.ts: BAR indices: 0..5, each used once; a 64-bit
// BAR also takes index+1 (PCI config space has six BAR registers and a 64-bit BAR spans two of them).
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';

cases([
  {
    name: 'BAR index out of range (RM0301)',
    spec: 'device d {\n  bar 6 a mmio size 0x100;\n}\n',
    expect: ['2:7 RM0301 BAR index 6 is out of range; a PCI function has BARs 0 to 5'],
  },
  {
    name: 'duplicate BAR index (RM0302)',
    spec: 'device d {\n  bar 0 a mmio size 0x100;\n  bar 0 b mmio size 0x100;\n}\n',
    expect: ["3:7 RM0302 BAR 'a' already uses index 0; choose another index"],
  },
  {
    name: '64-bit BAR overlapping the next index (RM0303)',
    spec: 'device d {\n  bar 2 e mmio size 0x100 64bit;\n  bar 3 f mmio size 0x100;\n}\n',
    expect: ["3:7 RM0303 64-bit BAR 'e' occupies indices 2 and 3, so BAR 'f' cannot use index 3"],
  },
  {
    name: '64-bit BAR declared after the BAR it overlaps (RM0303)',
    spec: 'device d {\n  bar 3 f mmio size 0x100;\n  bar 2 e mmio size 0x100 64bit;\n}\n',
    expect: ["3:7 RM0303 64-bit BAR 'e' occupies indices 2 and 3, but BAR 'f' already uses index 3"],
  },
  {
    name: '64-bit BAR at index 5 (RM0303)',
    spec: 'device d {\n  bar 5 g mmio size 0x100 64bit;\n}\n',
    expect: ["2:7 RM0303 64-bit BAR 'g' at index 5 would need index 6; a 64-bit BAR takes two slots, so use index 0..4"],
  },
]);
