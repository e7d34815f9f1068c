// Ring arrays, ring paths through arrays, run-time strides and count bounds: what resolve reports
// (RM0230, RM0510, RM0622) and what reaches the IR.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../check/harness.js';
import { ringRegs } from '../check/cases.js';

const lines = (tail: string, tr?: [string, string]): string[] => run((tr ? ringRegs.replace(tr[0], tr[1]) : ringRegs) + tail).lines;

test('a register field where a constant is expected (RM0230)', () => {
  assert.equal(lines('}\n', ['register db[8]', 'register db[cap.mqes]']), [
    "6:17 RM0230 'cap.mqes' is a register field; only an array stride or a ring's 'count max' may read the device (everything else is a constant)",
  ]);
});

test('an element index not linear in the ring index (RM0622)', () => {
  assert.equal(lines('  ring s[y:3] of e { tail db[y * y]; }\n}\n'), ["8:30 RM0622 the element index of 'db' must be A * y + B (constants A, B ≥ 0)"]);
});

test('a ring path into an array without an index (RM0510)', () => {
  assert.equal(lines('  ring s[y:3] of e { tail db; }\n}\n'), ["8:27 RM0510 'db' is an array; a ring path names one element of it, e.g. db[y]"]);
});

test('interrupt paths still never go through arrays (RM0510)', () => {
  const r = run(ringRegs + '  interrupts g { status q.st; cause a status q.st.value; }\n}\n');
  assert.ok(r.lines.every((l) => l.includes('RM0510')) && r.lines.length > 0, r.lines.join('\n'));
});

test('the IR of a queue pair: ring arrays, linear elements, the run-time stride and bound, phase, vector', () => {
  const r = run(ringRegs + '  ring s[y:2] of e { count max cap.mqes + 1; tail db[2 * y]; }\n  ring c[y:2] of e { count 16; phase w.p; head db[2 * y + 1]; completes s; vector msix y + 1; }\n}\n');
  assert.equal(r.lines, []);
  const d = r.ir!.devices[0]!;
  const dstrd = { kind: 'field', ref: { bar: 0, path: ['cap'], offset: 0, width: 64, field: 'dstrd', lsb: 32, bits: 4 } };
  const strideExpr = { kind: 'binary', op: '<<', left: { kind: 'const', value: '0x4' }, right: dstrd };
  const db = d.bars[0]!.nodes.find((n) => n.name === 'db')!;
  assert.equal(db.array, { count: 8, stride: 4, strideExpr });
  const [s, c] = d.rings;
  assert.equal(s!.array, { count: 2, index: 'y' });
  assert.equal(s!.countMax, { kind: 'binary', op: '+', left: { kind: 'field', ref: { bar: 0, path: ['cap'], offset: 0, width: 64, field: 'mqes', lsb: 0, bits: 16 } }, right: { kind: 'const', value: '0x1' } });
  assert.equal(s!.tail, { bar: 0, path: ['db'], offset: 0x1000, width: 32, elements: [{ depth: 0, count: 8, stride: 4, strideExpr, index: { scale: 2, add: 0 } }] });
  assert.equal(c!.head!.elements![0]!.index, { scale: 2, add: 1 });
  assert.equal(c!.phase, { word: 'w', field: 'p' });
  assert.is(c!.completes, 's');
  assert.equal(c!.vector, { kind: 'msix', index: { scale: 1, add: 1 } });
  assert.is(c!.count, 16);
});

test('a ring path through a block array (e1000e-style queue registers)', () => {
  const r = run(ringRegs + '  ring rx[q:2] of e { tail regs.q[q].t; }\n}\n');
  assert.equal(r.lines, []);
  assert.equal(r.ir!.devices[0]!.rings[0]!.tail, { bar: 0, path: ['q', 't'], offset: 0x100, width: 32, elements: [{ depth: 0, count: 2, stride: 0x10, index: { scale: 1, add: 0 } }] });
});

test.run();
