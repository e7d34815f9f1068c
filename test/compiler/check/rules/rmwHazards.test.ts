// The diagnostics of compiler/check/rules/rmwHazards.ts: Warnings where a read-modify-write is a trap
// (docs/language.md "Safe writes"; svd2rust#540, chiptool#86): a w1c/rc field next to plain rw fields,
// and rw fields hardware also changes.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

cases([
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
