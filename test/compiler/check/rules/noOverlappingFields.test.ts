// The diagnostics of compiler/check/rules/noOverlappingFields.ts: No two fields, and no reserved range
// and field, share a bit. Ranges are sorted by lsb and swept, so every overlap is found in O(n log n);
// each is reported at the later declaration.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';
import { inBar } from '../harness.js';

cases([
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
]);
