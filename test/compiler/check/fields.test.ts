// RM04xx: access types, field bits, reserved bits, reset values, enums, and the read-modify-write
// warnings.
import { cases } from './cases.js';
import { inBar } from './harness.js';

cases([
  {
    name: 'unknown access shorthand (RM0401)',
    spec: inBar('    register a @ 0 : 32 rx;'),
    expect: ["3:25 RM0401 unknown access 'rx'; expected one of rw, ro, r, wo, w, na, rc, rs, w1c, w1s, w1t, w0c, w0s, w0t, wclr, wset, pulse or sw=/onread=/onwrite="],
  },
  {
    name: 'unknown access property value (RM0401)',
    spec: inBar('    register h @ 0 : 32 sw=rx;'),
    expect: ["3:28 RM0401 unknown sw value 'rx'; expected one of rw, r, w, na"],
  },
  {
    name: "'ro w1c' is contradictory (RM0402)",
    spec: inBar('    register b @ 4 : 32 ro w1c;'),
    expect: ["3:28 RM0402 contradictory access: 'ro' forbids writing but 'w1c' is a write effect; drop 'ro'"],
  },
  {
    name: 'two onwrite effects (RM0402)',
    spec: inBar('    register c @ 8 : 32 { field x [0] w1c w1s; }'),
    expect: ["3:43 RM0402 contradictory access: 'w1c' and 'w1s' are both write effects; a field has at most one"],
  },
  {
    name: 'explicit properties that cannot happen together (RM0402)',
    spec: inBar('    register g @ 0x14 : 32 sw=r onwrite=w1c;'),
    expect: ['3:33 RM0402 contradictory access: sw=r cannot be written, so onwrite=w1c can never happen; use sw=rw or sw=w'],
  },
  {
    name: "'preserve' in a write-only register (RM0403)",
    spec: inBar('    register a @ 0 : 32 wo { field x [3:0]; reserved [7:4] preserve; }'),
    expect: ["3:60 RM0403 'preserve' writes back what was read, but 'a' cannot be read; use 'ones' or drop the policy (write the reset value)"],
  },
  {
    name: 'field outside the register (RM0404)',
    spec: inBar('    register b @ 4 : 32 { field x [40]; }'),
    expect: ["3:35 RM0404 field 'x' [40] is outside the 32-bit register 'b' (bits 31..0)"],
  },
  {
    name: 'reversed bit range (RM0405)',
    spec: inBar('    register b @ 4 : 32 { field y [0:3]; }'),
    expect: ['3:35 RM0405 bit range [0:3] is reversed: write the most significant bit first, [3:0]'],
  },
  {
    name: 'overlapping fields (RM0406)',
    spec: inBar('    register c @ 8 : 32 { field x [3:0]; field y [5:2]; }'),
    expect: ["3:50 RM0406 field 'y' [5:2] overlaps field 'x' [3:0] in 'c'"],
  },
  {
    name: 'reserved bits overlapping a field (RM0407)',
    spec: inBar('    register c @ 8 : 32 { field x [3:0]; reserved [9:3]; }'),
    expect: ["3:51 RM0407 reserved [9:3] overlaps field 'x' [3:0] in 'c'"],
  },
  {
    name: 'reserved bits in a register without fields (RM0407)',
    spec: inBar('    register c @ 8 : 32 { reserved [31:16]; }'),
    expect: ["3:36 RM0407 reserved bits in 'c', which has no fields: a register without fields is one field 'value' over all its bits; declare its fields"],
  },
  {
    name: 'register reset wider than the register (RM0408)',
    spec: inBar('    register e @ 0xc : 8 reset 0x1ff;'),
    expect: ["3:32 RM0408 reset value 0x1ff does not fit the 8-bit register 'e' (at most 0xff)"],
  },
  {
    name: 'field reset wider than the field (RM0409)',
    spec: inBar('    register f @ 0x10 : 32 { field m [1:0] reset 4; }'),
    expect: ["3:50 RM0409 reset value 0x4 does not fit the 2-bit field 'm' (at most 0x3)"],
  },
  {
    name: 'register reset disagreeing with a field reset (RM0410)',
    spec: inBar('    register g @ 0x14 : 32 reset 0x10 { field m [1:0] reset 1; field n [4] reset 1; }'),
    expect: ["3:61 RM0410 field 'm' resets to 0x1 but the reset 0x10 of 'g' gives it 0x0; make them agree or drop one"],
  },
  {
    name: 'inline enum value wider than the field (RM0411)',
    spec: inBar('    register h @ 0x18 : 32 { field m [1:0] enum { a = 0, b = 4 }; }'),
    expect: ["3:62 RM0411 enum value 'b' = 0x4 does not fit the 2-bit field 'm' (at most 0x3)"],
  },
  {
    name: 'shared enum value wider than a field using it (RM0411)',
    spec: 'enum mode { slow = 0, fast = 8 }\n' + inBar('    register a @ 0 : 32 { field m [1:0] enum mode; }'),
    expect: ["4:46 RM0411 enum 'mode' value 'fast' = 0x8 does not fit the 2-bit field 'm' (at most 0x3); widen the field or use another enum"],
  },
  {
    name: 'two enum names with one value (RM0412, warning)',
    spec: 'enum mode { slow = 0, fast = 1, quick = 1 }\n',
    expect: ["warning 1:41 RM0412 enum value 'quick' = 0x1 repeats the value of 'fast'; decoding will always report 'fast'"],
  },
  {
    name: 'unknown reserved policy (RM0413)',
    spec: inBar('    register a @ 0 : 32 { field x [0]; reserved [7:4] zeros; }'),
    expect: ["3:55 RM0413 unknown reserved policy 'zeros'; expected preserve, ones or reset"],
  },
  {
    name: 'w1c field next to a plain rw field (RM0414, warning)',
    spec: inBar('    register st @ 4 : 32 { field en [0] rw; field done [1] w1c; }'),
    expect: [
      "warning 3:51 RM0414 register 'st' mixes w1c field 'done' with read-write field 'en': a read-modify-write of 'en' must not write back 'done'; generated modify() writes 0 there — consider splitting the register",
    ],
  },
  {
    name: 'rc field next to a plain rw field (RM0414, warning)',
    spec: inBar('    register cnt @ 8 : 32 { field en [0] rw; field hits [15:8] rc; }'),
    expect: [
      "warning 3:52 RM0414 register 'cnt' mixes read-to-clear field 'hits' with read-write field 'en': reading it to modify 'en' clears 'hits', so modify() is not offered — consider splitting the register",
    ],
  },
  {
    name: 'rw field of a volatile register (RM0415, warning)',
    spec: inBar('    register dma @ 0xc : 32 volatile { field go [0] rw; field len [15:8]; field busy [1] ro; }'),
    expect: [
      "warning 3:46 RM0415 field 'go' is read-write but register 'dma' is volatile: modify() of another field writes back a value read earlier and can undo a change the hardware made in between; mark only the hardware-changed fields volatile, or make 'go' ro",
    ],
  },
  {
    name: 'no RMW warning: a volatile register without fields, volatile ro bits next to rw bits, one writable field',
    spec: inBar('    register rdh @ 0 : 32 rw volatile;\n    register ctl @ 4 : 32 { field en [0]; field busy [1] ro volatile; }\n    register cnt @ 8 : 32 volatile { field n [15:0]; field id [31:24] ro; }'),
    expect: [],
  },
]);
