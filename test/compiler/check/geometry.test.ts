// RM03xx: BAR indices and sizes, register widths and alignment, extents inside the BAR, overlaps
// (arrays compared element by element), strides.
import { cases } from './cases.js';
import { inBar } from './harness.js';

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
  {
    name: 'BAR size not a power of two (RM0304)',
    spec: 'device d {\n  bar 0 b mmio size 0x300;\n}\n',
    expect: ["2:21 RM0304 BAR 'b' size 0x300 is not a power of two; use 0x400 (PCI BAR sizes are powers of two)"],
  },
  {
    name: 'register width 24 (RM0305)',
    spec: inBar('    register a @ 0 : 24;'),
    expect: ["3:22 RM0305 register 'a' is 24 bits wide; the width must be 8, 16, 32 or 64"],
  },
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
  {
    name: 'register outside its BAR (RM0307)',
    spec: inBar('    register a @ 0x1000 : 32;'),
    expect: ["3:18 RM0307 register 'a' ends at 0x1003, outside BAR 'regs' of size 0x1000 (last offset 0xfff)"],
  },
  {
    name: "an array's last element outside its BAR (RM0307)",
    spec: inBar('    register ral[16] @ 0xfa0 stride 8 : 32;'),
    expect: ["3:24 RM0307 the last element of register array 'ral' (ral[15]) ends at 0x101b, outside BAR 'regs' of size 0x1000 (last offset 0xfff)"],
  },
  {
    name: 'a block array outside its BAR, sized by its type (RM0307)',
    spec: 'block q { register a @ 0 : 32; register b @ 0x1c : 32; }\n' + inBar('    block rx[4] @ 0xf80 stride 0x40 : q;'),
    expect: ["4:19 RM0307 the last element of block array 'rx' (rx[3]) ends at 0x105f, outside BAR 'regs' of size 0x1000 (last offset 0xfff)"],
  },
  {
    name: 'overlapping registers print both ranges (RM0308)',
    spec: inBar('    register a @ 0x10 : 64;\n    register b @ 0x10 : 32;'),
    expect: ["4:14 RM0308 register 'b' at 0x10..0x13 overlaps 'a' at 0x10..0x17"],
  },
  {
    name: 'interleaved arrays do not overlap; a register inside one does (RM0308)',
    spec: inBar(
      '    register ral[16] @ 0x400 stride 8 : 32;\n    register rah[16] @ 0x404 stride 8 : 32;\n    register x @ 0x418 : 32;',
    ),
    expect: ["5:14 RM0308 register 'x' at 0x418..0x41b overlaps 'ral[3]' at 0x418..0x41b"],
  },
  {
    name: 'arrays with different strides overlap at a common element (RM0308)',
    spec: inBar('    register y[100] @ 0x600 stride 12 : 32;\n    register z[10] @ 0x610 stride 16 : 32;'),
    expect: ["4:14 RM0308 register 'z[2]' at 0x630..0x633 overlaps 'y[4]' at 0x630..0x633"],
  },
  {
    name: 'overlapping blocks in a block type (RM0308)',
    spec: 'block q { register a @ 0 : 32; block inner @ 0 { register b @ 0 : 16; } }\n',
    expect: ["1:38 RM0308 block 'inner' at 0x0..0x1 overlaps 'a' at 0x0..0x3"],
  },
  {
    name: 'stride smaller than the element (RM0309)',
    spec: inBar('    register g[4] @ 0x40 stride 2 : 32;'),
    expect: ["3:33 RM0309 stride 0x2 of 'g' is smaller than its 0x4-byte element, so elements overlap; use a stride of at least 0x4"],
  },
  {
    name: 'block array stride smaller than the block (RM0309)',
    spec: 'block q { register a @ 0 : 32; register b @ 4 : 32; }\n' + inBar('    block rx[2] @ 0 stride 4 : q;'),
    expect: ["4:28 RM0309 stride 0x4 of 'rx' is smaller than its 0x8-byte element, so elements overlap; use a stride of at least 0x8"],
  },
  {
    name: 'block array without stride (RM0310)',
    spec: inBar('    block h[2] @ 0x80 { register x @ 0 : 32; }'),
    expect: ["3:12 RM0310 block array 'h' needs a stride: write 'h[…] stride BYTES'"],
  },
  {
    name: 'array of zero elements (RM0311)',
    spec: inBar('    register i[0] @ 0x90 : 32;'),
    expect: ["3:16 RM0311 array 'i' has 0 elements; give at least 1"],
  },
]);
