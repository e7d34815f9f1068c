// The diagnostics of compiler/check/rules/registerSplit.ts: 'split lo_hi|hi_lo' only on a 64-bit
// device register, with a known order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cases } from '../cases.js';
import { inBar, run } from '../harness.js';

test('the order reaches the IR; an unsplit register has none', () => {
  const r = run(inBar('    register a @ 0 : 64 rw split hi_lo;\n    register b @ 8 : 64 rw;'));
  const [a, b] = r.ir!.devices[0]!.bars[0]!.nodes as readonly { split?: string }[];
  assert.is(a!.split, 'hi_lo');
  assert.is(b!.split, undefined);
});

cases([
  {
    name: 'split on a 32-bit register (RM0314)',
    spec: inBar('    register cc @ 0 : 32 rw split lo_hi;'),
    expect: ["3:35 RM0314 'split' is only for 64-bit registers: 'cc' is 32 bits wide (it is one access already)"],
  },
  {
    name: 'unknown split order (RM0314)',
    spec: inBar('    register asq @ 0 : 64 rw split low_first;'),
    expect: ["3:36 RM0314 unknown split order 'low_first'; expected lo_hi (low half first) or hi_lo (high half first)"],
  },
  {
    name: 'split on a layout word (RM0314)',
    spec: 'device d {\n  layout e size 8 {\n    word a @ 0 : 64 split lo_hi;\n  }\n}\n',
    expect: ["3:27 RM0314 'split' describes bus accesses of a device register; word 'a' is host memory, remove it"],
  },
  { name: 'split lo_hi and hi_lo on 64-bit registers', spec: inBar('    register a @ 0 : 64 rw split lo_hi;\n    register b @ 8 : 64 ro split hi_lo;'), expect: [] },
]);

