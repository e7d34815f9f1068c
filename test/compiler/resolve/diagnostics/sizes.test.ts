// The diagnostics of compiler/resolve/sizes.ts: Extents: the bytes one node occupies (an array's last
// element ends at offset + (count-1)*stride + size) and the size of each block type, computed once per
// type; a type that contains itself is an error reported at the instance that closes the cycle.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../../check/cases.js';

cases([
  {
    name: 'block type that contains itself (RM0213)',
    spec: 'block a { register x @ 0 : 32; block b @ 4 : a; }\n',
    expect: ["1:46 RM0213 block type 'a' contains itself (a → a); a block cannot be nested in itself"],
  },
]);
