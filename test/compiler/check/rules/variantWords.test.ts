// The diagnostics of compiler/check/rules/variantWords.ts: a layout variant's words lie inside the
// entry, overlap no common word and no other word of the variant, and are not named like a common word.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cases } from '../cases.js';
import { run } from '../harness.js';

const sqe = (variant: string): string => `layout sqe size 16 {\n  word cdw0 @ 0 : 32 { field opc [7:0]; }\n  word nsid @ 4 : 32;\n${variant}\n}\n`;

test('variants reach the IR with their own words; the common words are declared once', () => {
  const r = run(`device d {\n${sqe('  variant identify "Identify" {\n    word cdw10 @ 8 : 32 { field cns [7:0]; }\n  }\n  variant rw {\n    word slba @ 8 : 64;\n  }')}}\n`);
  const l = r.ir!.devices[0]!.layouts[0]!;
  assert.equal(l.words.map((w) => w.name), ['cdw0', 'nsid']);
  assert.equal(l.variants!.map((v) => [v.name, v.doc, v.words.map((w) => `${w.name}@${w.offset}`)]), [
    ['identify', 'Identify', ['cdw10@8']],
    ['rw', '', ['slba@8']],
  ]);
});

cases([
  {
    name: 'variant word outside the entry (RM0601)',
    spec: sqe('  variant v {\n    word cdw10 @ 16 : 32;\n  }'),
    expect: ["5:18 RM0601 word 'cdw10' of variant 'v' at 0x10..0x13 is outside layout 'sqe' of size 0x10"],
  },
  {
    name: 'variant word overlapping a common word (RM0602)',
    spec: sqe('  variant v {\n    word x @ 4 : 32;\n  }'),
    expect: ["5:10 RM0602 word 'x' at 0x4..0x7 overlaps 'nsid' at 0x4..0x7 in variant 'v' of layout 'sqe'"],
  },
  {
    name: 'variant word named like a common word (RM0201)',
    spec: sqe('  variant v {\n    word nsid @ 8 : 32;\n  }'),
    expect: ["5:10 RM0201 word 'nsid' of variant 'v' is named like a common word of layout 'sqe'; rename it (a variant adds words, it does not redeclare them)"],
  },
  { name: 'two variants may reuse the same bytes', spec: sqe('  variant a {\n    word x @ 8 : 64;\n  }\n  variant b {\n    word y @ 8 : 32;\n    word z @ 12 : 32;\n  }'), expect: [] },
]);
