// The diagnostics of compiler/check/rules/sharedStorage.ts: 'shares NAME' names a single register of
// the same width declared beside it that has storage of its own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cases } from '../cases.js';
import { inBar, run } from '../harness.js';

test('INTMC shares INTMS: the IR records one storage', () => {
  const r = run(inBar('    register intms @ 0x0c : 32 w1s;\n    register intmc @ 0x10 : 32 w1c shares intms;'));
  const [ms, mc] = r.ir!.devices[0]!.bars[0]!.nodes as readonly { name: string; shares?: string }[];
  assert.is(ms!.shares, undefined);
  assert.is(mc!.shares, 'intms');
});

cases([
  {
    name: 'shares a register that is not there (RM0315)',
    spec: inBar('    register intmc @ 0x10 : 32 w1c shares intms;'),
    expect: ["3:43 RM0315 'intmc' shares 'intms', but no register 'intms' is declared beside it (in the same BAR)"],
  },
  {
    name: 'shares itself (RM0315)',
    spec: inBar('    register m @ 0 : 32 w1c shares m;'),
    expect: ["3:36 RM0315 'm' cannot share its own storage; name the register it is another view of"],
  },
  {
    name: 'shares a register that shares another (RM0315)',
    spec: inBar('    register a @ 0 : 32 w1s;\n    register b @ 4 : 32 w1c shares a;\n    register c @ 8 : 32 w1c shares b;'),
    expect: ["5:36 RM0315 'c' shares 'b', which itself shares 'a'; name the register that holds the storage"],
  },
  {
    name: 'shares a register of another width (RM0315)',
    spec: inBar('    register a @ 0 : 32 w1s;\n    register b @ 4 : 16 w1c shares a;'),
    expect: ["4:36 RM0315 'b' is 16 bits wide but 'a' is 32; registers over one storage have one width"],
  },
  {
    name: 'shares an array (RM0315)',
    spec: inBar('    register a[2] @ 0 : 32 w1s;\n    register b @ 8 : 32 w1c shares a;'),
    expect: ["4:36 RM0315 'a' is an array; 'shares' pairs two single registers"],
  },
  {
    name: 'shares on a layout word (RM0315)',
    spec: 'device d {\n  layout e size 8 {\n    word a @ 0 : 32;\n    word b @ 4 : 32 shares a;\n  }\n}\n',
    expect: ["4:28 RM0315 'shares' describes device registers; word 'b' of layout 'e' is host memory, remove it"],
  },
]);
