// The diagnostics of compiler/check/rules/interruptMasks.ts: 'mask set REG clear REG' names a w1s and a
// w1c register over one storage ('shares'), and every pin-based or MSI vector of the group has a bit.
import { cases } from '../cases.js';

// The device head: ten lines, so the group starts on line 11.
const head = (intmc: string): string => `device d {
  bar 0 regs mmio size 0x100 {
    register intms @ 0x0c : 32 w1s;
    register intmc @ 0x10 : 32 ${intmc};
    register two @ 0x14 : 32 w1s { field a [0]; field b [1]; }
    register small @ 0x18 : 8 w1s;
    register small_c @ 0x19 : 8 w1c shares small;
    register wide @ 0x20 : 64 w1s;
    register wide_c @ 0x28 : 64 w1c shares wide;
  }
`;

cases([
  {
    name: 'INTMS/INTMC over one storage is accepted',
    spec: head('w1c shares intms') + '  interrupts g { status none; mask set intms clear intmc; vector msi 31; cause a; }\n}\n',
    expect: [],
  },
  {
    name: 'two storages (RM0513)',
    spec: head('w1c') + '  interrupts g { status none; mask set intms clear intmc; cause a; }\n}\n',
    expect: ["11:31 RM0513 mask registers 'intms' and 'intmc' are one mask, but they are declared as two storages; write 'shares intms' on register 'intmc'"],
  },
  {
    name: 'a clear register that is not w1c (RM0513)',
    spec: head('rw shares intms') + '  interrupts g { status none; mask set intms clear intmc; cause a; }\n}\n',
    expect: ["11:52 RM0513 mask clear register 'intmc' must be w1c (writing 1 clears that mask bit, 0 leaves it), but 'intmc' is not; declare it 'w1c'"],
  },
  {
    name: 'a set register with several fields (RM0513)',
    spec: head('w1c shares intms') + '  interrupts g { status none; mask set two clear intmc; cause a; }\n}\n',
    expect: ["11:40 RM0513 mask set register 'two' has several fields; name the mask field ('two.FIELD')"],
  },
  {
    name: 'a vector past the mask (RM0513)',
    spec: head('w1c shares intms') + '  interrupts g { status none; mask set small clear small_c; vector msi 8; cause a; }\n}\n',
    expect: ["11:72 RM0513 cause 'a' is on msi vector 8, but mask 'small' has bits for vectors 0..7"],
  },
  {
    name: 'a 64-bit mask register (RM0513)',
    spec: head('w1c shares intms') + '  interrupts g { status none; mask set wide clear wide_c; cause a; }\n}\n',
    expect: [
      "11:40 RM0513 mask set register 'wide' is 64 bits wide; a mask register is 8, 16 or 32 bits (one access of a vector's bit)",
      "11:51 RM0513 mask clear register 'wide_c' is 64 bits wide; a mask register is 8, 16 or 32 bits (one access of a vector's bit)",
    ],
  },
  {
    name: "'mask' in a cause is not allowed (RM0111)",
    spec: head('w1c shares intms') + '  interrupts g { status none; cause a mask set intms clear intmc; }\n}\n',
    expect: ["11:39 RM0111 'mask' is not allowed here ('mask set REG clear REG;' is a setting of the interrupts group: one mask for all its vectors)"],
  },
]);
