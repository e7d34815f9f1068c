// The diagnostics of compiler/check/rules/ownerValueFits.ts: The value publish() writes to a layout's
// owner field fits that field.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';

cases([
  {
    name: 'owner value wider than its field (RM0605)',
    spec: 'layout desc size 16 {\n  word st @ 12 : 32 { field dd [0]; }\n  owner st.dd = 2;\n}\n',
    expect: ["3:17 RM0605 owner value 0x2 does not fit the 1-bit field 'st.dd' (at most 0x1)"],
  },
]);
