// The diagnostics of compiler/check/rules/uniqueBlockTypeNames.ts: The block types one device uses
// have distinct names: an inline block's generated type name `<parent>_<name>` must not be taken by
// another block type of the device.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

cases([
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
]);
