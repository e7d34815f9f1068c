// The diagnostics of compiler/check/rules/deviceWrittenWords.ts: no owner in a device-written (ro)
// word, and no done there that publish() would have to clear.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cases } from '../cases.js';
import { run } from '../harness.js';

const layout = (body: string): string => `layout e size 16 {\n${body}\n}\n`;

test('a device-written word reaches the IR read-only: no write, no modify', () => {
  const r = run(`device d {\n${layout('  word dw3 @ 12 : 32 ro { field p [16]; }\n  done dw3.p;')}}\n`);
  const w = r.ir!.devices[0]!.layouts[0]!.words[0]!;
  assert.equal([w.fields[0]!.sw, w.ops.read, w.ops.write, w.ops.modify], ['r', true, false, false]);
});

cases([
  {
    name: 'owner in a device-written word (RM0608)',
    spec: layout('  word dw3 @ 12 : 32 ro { field p [16]; }\n  owner dw3.p = 1;'),
    expect: ["3:9 RM0608 owner 'dw3.p' is in word 'dw3', which only the device writes (ro); software cannot hand the entry over through it"],
  },
  {
    name: 'done in a device-written word of a layout software publishes, without owner (RM0608)',
    spec: layout('  word cmd @ 0 : 32;\n  word st @ 12 : 32 { field dd [0] ro; }\n  done st.dd;'),
    expect: ["4:8 RM0608 done 'st.dd' is written only by the device (ro), but publish() of 'e' would clear it (no owner); add an 'owner', or make every word ro (a device-written entry has no publish())"],
  },
  { name: 'done in an all-ro (completion) layout', spec: layout('  word dw0 @ 0 : 32 ro;\n  word dw3 @ 12 : 32 ro { field p [16]; }\n  done dw3.p;'), expect: [] },
  { name: 'done ro with an owner elsewhere', spec: layout('  word cmd @ 0 : 32 { field own [31]; }\n  word st @ 12 : 32 ro { field dd [0]; }\n  owner cmd.own = 1;\n  done st.dd;'), expect: [] },
]);
