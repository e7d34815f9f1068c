// RM05xx: interrupt paths, cause bits, ack modes against status access, enable/test/ack writability,
// vectors; and ring/interrupt paths through BARs and arrays.
import { cases } from './cases.js';

const regs = `device d {
  bar 0 regs mmio size 0x100 {
    register icr @ 0 : 32 rc { field a [0]; field b [1]; }
    register ims @ 4 : 32 { field a [0]; field b [1]; }
    register st @ 8 : 32 ro { field a [0]; }
    register sts @ 0xc : 32 w1c { field a [0]; }
    block q[2] @ 0x20 stride 0x10 { register s @ 0 : 32 w1c; }
  }
`;
// The interrupt groups below start on line 9.

cases([
  {
    name: 'the group form with field-named causes is clean',
    spec: regs + '  interrupts g { status icr; enable ims; ack rc; vector msi 0; cause a; cause b vector msi 1; }\n}\n',
    expect: [],
  },
  {
    name: 'status path not found (RM0501)',
    spec: regs + '  interrupts g { cause e status nothere.a; }\n}\n',
    expect: ["9:33 RM0501 no register or block 'nothere' in any BAR of device 'd'"],
  },
  {
    name: 'field not found in a path (RM0501)',
    spec: regs + '  interrupts g { cause e status icr.zz; }\n}\n',
    expect: ["9:37 RM0501 register 'icr' has no field 'zz' (its fields: a, b)"],
  },
  {
    name: 'cause name not a field of the group register (RM0502)',
    spec: regs + '  interrupts g { status icr; cause c; }\n}\n',
    expect: ["9:36 RM0502 cause 'c' has no status bit: register 'icr' has no field 'c'; add field 'c' to 'icr' or write 'status icr.FIELD' after the cause's name"],
  },
  {
    name: 'cause without status (RM0503)',
    spec: regs + '  interrupts g { cause z; }\n}\n',
    expect: ["9:24 RM0503 cause 'z' has no status bit; add 'status REG;' to group 'g' or 'status REG.FIELD' to the cause"],
  },
  {
    name: 'ack w1c on a read-only status bit (RM0504)',
    spec: regs + '  interrupts g { cause a status st.a ack w1c; }\n}\n',
    expect: ["9:42 RM0504 'ack w1c' needs a w1c or w1t status bit, but 'st.a' (cause 'a') is ro; fix the field's access or the ack mode"],
  },
  {
    name: 'ack rc on a bit that reading does not clear (RM0504)',
    spec: regs + '  interrupts g { ack rc; cause a status sts.a; }\n}\n',
    expect: ["9:22 RM0504 'ack rc' needs a read-to-clear (rc) status bit, but 'sts.a' (cause 'a') is rw w1c; fix the field's access or the ack mode"],
  },
  {
    name: 'enable bit that is not rw (RM0505)',
    spec: regs + '  interrupts g { cause a status sts.a enable st.a; }\n}\n',
    expect: ["9:46 RM0505 enable bit 'st.a' of cause 'a' is ro; it must be rw (or use 'enable set REG clear REG')"],
  },
  {
    name: 'test bit not writable (RM0506)',
    spec: regs + '  interrupts g { cause a status sts.a test st.a; }\n}\n',
    expect: ["9:44 RM0506 test bit 'st.a' of cause 'a' is ro; it must be writable"],
  },
  {
    name: 'enable set/clear registers not writable (RM0506)',
    spec: regs + '  interrupts g { status sts; enable set ims clear st; cause a; }\n}\n',
    expect: ["9:51 RM0506 enable clear bit 'st.a' of cause 'a' is ro; it must be writable"],
  },
  {
    name: 'ack register not writable (RM0506)',
    spec: regs + '  interrupts g { cause a status icr.a ack st.a; }\n}\n',
    expect: ["9:43 RM0506 ack bit 'st.a' of cause 'a' is ro; an acknowledge register must be writable"],
  },
  {
    name: 'unknown vector kind (RM0507)',
    spec: regs + '  interrupts g { status sts; vector msx 3; cause a; }\n}\n',
    expect: ["9:37 RM0507 unknown vector kind 'msx'; expected intx, msi or msix"],
  },
  {
    name: 'MSI index over 31 (RM0508)',
    spec: regs + '  interrupts g { status sts; cause a vector msi 32; }\n}\n',
    expect: ['9:49 RM0508 MSI vector 32 is out of range 0..31'],
  },
  {
    name: 'MSI-X index over 2047 (RM0508)',
    spec: regs + '  interrupts g { status sts; cause a vector msix 2048; }\n}\n',
    expect: ['9:50 RM0508 MSI-X vector 2048 is out of range 0..2047'],
  },
  {
    name: 'unknown ack mode (RM0509)',
    spec: regs + '  interrupts g { status sts; ack w2c; cause a; }\n}\n',
    expect: ["9:34 RM0509 unknown ack mode 'w2c'; expected w1c, w1t, w0c, rc, none or a REGISTER.FIELD to write 1 to"],
  },
  {
    name: 'path through an array (RM0510)',
    spec: regs + '  interrupts g { cause s status q.s; }\n}\n',
    expect: ["9:33 RM0510 'q' is an array; interrupt and ring paths must name a single register outside any array"],
  },
  {
    name: 'indexed path through an array (RM0510)',
    spec: regs + '  interrupts g { cause s status q[1].s; }\n}\n',
    expect: ["9:35 RM0510 'q' is an array; interrupt and ring paths must name a single register outside any array"],
  },
  {
    name: 'index on a non-array (RM0510)',
    spec: regs + '  interrupts g { cause a status sts[0].a; }\n}\n',
    expect: ["9:37 RM0510 'sts' is not an array; remove the index"],
  },
  {
    name: 'a name in two BARs (RM0511)',
    spec: `device d {
  bar 0 regs mmio size 0x100 { register x @ 0 : 32 w1c; }
  bar 1 more mmio size 0x100 { register x @ 0 : 32 w1c; }
  interrupts g { cause a status x; cause b status regs.x; }
}
`,
    expect: ["4:33 RM0511 'x' is in BARs 'regs' and 'more'; write the BAR name first, e.g. regs.x"],
  },
]);
