// The diagnostics of compiler/check/rules/alignedOffsets.ts: Registers are naturally aligned: the
// offset and, for arrays, the stride are multiples of the register's size, so every access is one
// aligned load or store.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

cases([
  {
    name: 'misaligned offset (RM0306)',
    spec: inBar('    register b @ 6 : 32;'),
    expect: ["3:18 RM0306 register 'b' at 0x6 is not aligned to its 4-byte size; use 0x4 or 0x8"],
  },
  {
    name: 'misaligned array stride (RM0306)',
    spec: inBar('    register g[4] @ 0x40 stride 6 : 32;'),
    expect: ["3:33 RM0306 stride 0x6 of register array 'g' is not a multiple of its 4-byte size, so elements after the first are misaligned"],
  },
]);
