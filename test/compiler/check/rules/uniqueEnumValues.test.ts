// The diagnostics of compiler/check/rules/uniqueEnumValues.ts: Two names of one enum with the same
// value are suspicious (a warning): decoding a read can only ever report the first of them.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../cases.js';

cases([
  {
    name: 'two enum names with one value (RM0412, warning)',
    spec: 'enum mode { slow = 0, fast = 1, quick = 1 }\n',
    expect: ["warning 1:41 RM0412 enum value 'quick' = 0x1 repeats the value of 'fast'; decoding will always report 'fast'"],
  },
]);
