// One run reports every problem: a spec with five different mistakes yields all five, in source
// order; the error cap holds; hostile shapes never throw.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from './harness.js';
import { loadProgram } from '../../../compiler/resolve/load.js';
import { analyze as lower } from '../../../compiler/compile.js';

test('five different mistakes yield five diagnostics', () => {
  const r = run(`const SIZE = 0x1000 / 0;
device d {
  pci { vendor = 0x8086; }
  bar 0 regs mmio size 0x1000 {
    register a @ 0x10 : 64;
    register b @ 0x10 : 32 ro w1c;
    register c @ 0x20 : 32 { field x [7:0]; field y [3]; }
  }
}
`);
  assert.equal(r.lines, [
    "1:23 RM0209 division by zero: the right operand of '/' is 0",
    "3:3 RM0215 pci block of device 'd' has no device; add 'device = 0x…;'",
    "6:14 RM0308 register 'b' at 0x10..0x13 overlaps 'a' at 0x10..0x17",
    "6:31 RM0402 contradictory access: 'ro' forbids writing but 'w1c' is a write effect; drop 'ro'",
    "7:53 RM0406 field 'y' [3] overlaps field 'x' [7:0] in 'c'",
  ]);
  assert.is(r.ir, undefined);
});

test('related notes point at the first definition', () => {
  const r = run('const A = 1;\nconst A = 2;\n');
  const d = r.diagnostics[0]!;
  assert.equal(d.related?.map((n) => [n.message, n.span.start, n.span.end]), [["'A' first defined here", 6, 7]]);
  assert.equal([d.span.start, d.span.end], [19, 20], 'the span is exactly the name');
});

test('an unknown name is reported once, with no cascade into later checks', () => {
  const r = run(`device d {
  bar 0 regs mmio size 0x100 {
    register a @ NOPE : 32 { field x [HI:0] reset 3; }
    register b @ 0 : 32;
  }
}
`);
  assert.equal(r.lines, ["3:18 RM0202 unknown constant 'NOPE'", "3:39 RM0202 unknown constant 'HI'"]);
});

test('errors stop at maxErrors; lowering still finishes', () => {
  const regs = Array.from({ length: 300 }, (_, i) => `    register r${i} @ 0 : 24;`).join('\n');
  const text = `device d {\n  bar 0 regs mmio size 0x1000 {\n${regs}\n  }\n}\n`;
  const program = loadProgram('big.regs', { readFile: () => text, resolve: (_f, r) => r });
  const r = lower(program, { maxErrors: 100 });
  assert.is(r.diagnostics.filter((d) => d.severity === 'error').length, 100);
});

test('deep block nesting and many scopes lower without stack trouble', () => {
  let body = 'register x @ 0 : 32;';
  for (let i = 0; i < 60; i++) body = `block b${i} @ 0 { ${body} }`;
  const r = run(`device d {\n  bar 0 regs mmio size 0x100 {\n ${body}\n  }\n}\n`);
  assert.equal(r.lines, []);
  assert.is(r.ir!.devices[0]!.blockTypes.length, 60);
});

test('a chain of 20,000 constants and 5,000 nested block types lowers without deep recursion', () => {
  const consts = Array.from({ length: 20_000 }, (_, i) => `const C${i} = ${i === 19_999 ? '4' : `C${i + 1}`};`);
  const blocks = Array.from({ length: 5_000 }, (_, i) => (i === 4_999 ? `block b${i} { register r @ 0 : 32; }` : `block b${i} { block x @ 0 : b${i + 1}; }`));
  const r = run([...consts, ...blocks, 'device d { bar 0 r mmio size 4K { block top @ C0 : b0; } }'].join('\n'));
  assert.equal(r.lines, []);
  const d = r.ir!.devices[0]!;
  assert.is(d.bars[0]!.nodes[0]!.offset, 4);
  assert.is(d.blockTypes.length, 5_000);
  assert.is(d.blockTypes[0]!.name, 'b4999', 'contained types come first');
});

test('a block cycle through two types is one error and no hang', () => {
  const r = run('block a { block x @ 0 : b; }\nblock b { block y @ 0 : a; }\n' + 'device d { bar 0 r mmio size 16 { block top @ 0 : a; } }\n');
  assert.equal(r.lines, ["2:25 RM0213 block type 'a' contains itself (a → b → a); a block cannot be nested in itself"]);
});

test.run();
