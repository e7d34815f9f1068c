// Every syntax diagnostic, with its exact line:col, code and human message; several errors in one
// run; no echoes of one mistake; recovered declarations left out of the AST.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntaxCodes, syntaxExamples } from '../../../compiler/diagnostics/codes.js';
import { renderDiagnostics } from '../../../compiler/diagnostics/render.js';
import { clean, diags, parseText } from './helpers.js';
import type { RegisterDecl } from '../../../compiler/syntax/ast.js';

const bar = (body: string): string => `device d { bar 0 r mmio size 4K { ${body} } }`;

test('RM0101 unexpected character, reported once (the grammar error it causes is not echoed)', () => {
  assert.equal(diags('const A = 1 $ 2;'), ["1:13 RM0101 unexpected character '$'"]);
  assert.equal(diags('const A = 1;\u0000\u0000'), ["1:13 RM0101 unexpected characters 'U+0000 U+0000'"]);
});

test('RM0102 unterminated string: one error, parsing resumes on the next line', () => {
  assert.equal(diags('const A = "abc;\nconst B = 2;'), ['1:11 RM0102 unterminated string: missing \'"\' before the end of the line']);
  // The runaway string becomes A's doc and the ';' it swallowed is supplied, so both constants stay.
  const r = parseText('const A = 1 "abc;\nconst B = 2;');
  assert.equal(r.ast.items.map((i) => (i.kind === 'const' ? `${i.name.name}:${i.doc ?? ''}` : '')), ['A:abc;', 'B:']);
});

test('RM0103 unterminated block comment', () => {
  assert.equal(diags('const A = 1;\n/* never closed\nconst B = 2;'), ["2:1 RM0103 unterminated block comment: '/*' has no matching '*/'"]);
});

test('RM0104 malformed numbers', () => {
  const hint = "(write 42, 0x2a, 0b101010 or 4K; '_' only between digits)";
  assert.equal(diags('const A = 0x1g;'), [`1:11 RM0104 malformed number '0x1g' ${hint}`]);
  assert.equal(diags('const A = 4k;'), [`1:11 RM0104 malformed number '4k' ${hint}`]);
  assert.equal(diags('const A = 1__0;'), [`1:11 RM0104 malformed number '1__0' ${hint}`]);
  assert.equal(diags('const A = 0x;'), [`1:11 RM0104 malformed number '0x' ${hint}`]);
  assert.equal(diags('const A = 0b12;'), [`1:11 RM0104 malformed number '0b12' ${hint}`]);
});

test('RM0105 unknown escape in a string, once per string', () => {
  assert.equal(diags('const A = 1 "bad \\q escape";'), ['1:18 RM0105 unknown escape \'\\q\' in string (use \\" \\\\ or \\n)']);
  assert.equal(diags('const A = 1 "\\a\\b\\c";').length, 1);
});

test("RM0110 a missing ';' points just past the declaration, naming what was found", () => {
  const text = 'device d {\n  bar 0 r mmio size 4K {\n    register a @ 0 : 32 rw\n    field x [0];\n  }\n}';
  assert.equal(diags(text), ["3:27 RM0110 expected ';' after register declaration, found 'field'"]);
  assert.equal(diags('device d {\n  bar 0 r mmio size 4K {\n    register a @ 0 : 32 rw { field x [0] }\n  }\n}'), [
    "3:41 RM0110 expected ';' after field declaration, found '}'",
  ]);
  assert.equal(diags('device d { interrupts i { status a } }'), ["1:35 RM0110 expected ';' after interrupt setting, found '}'"]);
});

test('RM0110 a missing or wrong token names the construct', () => {
  assert.equal(diags(bar('register a @ 0 32 rw;')), ["1:50 RM0110 expected ':' in register declaration, found '32'"]);
  assert.equal(diags(bar('register a : 32 rw;')), ["1:46 RM0110 expected '@' in register declaration, found ':'"]);
  assert.equal(diags(bar('register @ 0 : 32 rw;')), ["1:44 RM0110 expected a name in register declaration, found '@'"]);
  assert.equal(diags('import common.regs;'), ["1:8 RM0110 expected a string in import, found 'common'"]);
  assert.equal(diags('const X = (1 + 2;'), ["1:17 RM0110 expected ')' in expression, found ';'"]);
  assert.equal(diags('enum e { a = 1 b = 2 }'), ["1:16 RM0110 expected ',' in enum values, found 'b'"]);
});

test('RM0110 a missing expression', () => {
  assert.equal(diags(bar('register a @ 0 : 32 rw reset;')), ["1:63 RM0110 expected an expression, found ';'"]);
  assert.equal(diags(bar('register a @ 0 : 32 rw { field x [0:] ; }')), ["1:71 RM0110 expected an expression, found ']'"]);
  assert.equal(diags('const A = 1 +;'), ["1:14 RM0110 expected an expression, found ';'"]);
});

test('RM0110 a stray word in a body lists what may go there', () => {
  assert.equal(diags(bar('regster a @ 0 : 32;')), ["1:35 RM0110 expected 'register', 'block', 'doc', 'allow' or '}' in BAR body, found 'regster'"]);
  assert.equal(diags('devce d { }'), ["1:1 RM0110 expected 'import', 'const', 'enum', 'block', 'layout' or 'device' in file, found 'devce'"]);
  assert.equal(diags('device d { interrupts i { bogus a; } }'), [
    "1:27 RM0110 expected 'status', 'enable', 'test', 'ack', 'vector', 'cause', 'doc' or '}' in interrupts group, found 'bogus'",
  ]);
  assert.equal(diags(bar('register a @ 0 : 32 { fild x [0]; }')), ["1:57 RM0110 expected 'field', 'reserved', 'doc', 'allow' or '}' in register body, found 'fild'"]);
  assert.equal(diags('device d {\n  bar 0 r mmio size 4K {\n'), ["3:1 RM0110 expected 'register', 'block', 'doc', 'allow' or '}' in BAR body, found end of file"]);
});

test("RM0111 'word' outside a layout, 'register' inside one, 'stride' without an array", () => {
  assert.equal(diags(bar('word a @ 0 : 32;')), ["1:35 RM0111 'word' is not allowed here ('word' is only for DMA layouts: write 'register')"]);
  assert.equal(diags('layout l size 8 { register a @ 0 : 32; }'), ["1:19 RM0111 'register' is not allowed here (a layout holds words: write 'word')"]);
  assert.equal(diags(bar('register a @ 0 stride 4 : 32;')), ["1:57 RM0111 'stride' is not allowed here: it needs an array (NAME[COUNT] before '@')"]);
});

test('RM0112 stride given twice', () => {
  assert.equal(diags(bar('register a[2] stride 4 @ 0 stride 4 : 32;')), ['1:69 RM0112 stride given twice (once after the count, once after the offset)']);
});

test('RM0113 a setting given twice', () => {
  assert.equal(diags('device d { interrupts i { status a; status b; } }'), ["1:37 RM0113 interrupts group 'i' gives 'status' more than once"]);
  assert.equal(diags('device d { interrupts i { cause c status a status b; } }'), ["1:44 RM0113 cause 'c' gives 'status' more than once"]);
  assert.equal(diags('device d { pci { vendor = 1; device = 2; } pci { vendor = 3; } }'), ["1:44 RM0113 device 'd' has more than one 'pci' block"]);
  assert.equal(diags('layout l size 8 { done a.b; done a.c; owner a.b = 1; owner a.c = 1; }'), [
    "1:29 RM0113 layout 'l' gives 'done' more than once",
    "1:54 RM0113 layout 'l' gives 'owner' more than once",
  ]);
  assert.equal(diags('device d { ring r of l { count 4; count 8; } }'), ["1:35 RM0113 ring 'r' gives 'count' more than once"]);
});

test('RM0120 binary data; RM0121 nesting too deep; RM0122 expression too long', () => {
  const binary = 'const A = 1;\n' + '\u0001\u0002'.repeat(100);
  assert.equal(diags(binary), ['2:1 RM0120 this looks like a binary file (more than 50 control characters), not a .regs spec']);
  assert.equal(diags('const A = ' + '('.repeat(200) + '1' + ')'.repeat(200) + ';'), ['1:111 RM0121 nesting too deep (more than 100 open brackets)']);
  assert.equal(diags('const A = ' + '1 + '.repeat(1001) + '1;'), ['1:11 RM0122 expression too long (1001 operators; at most 1000)']);
});

test('RM0120 caps the number of reported errors', () => {
  const text = Array.from({ length: 200 }, (_, i) => `const A${String(i).padStart(3, '0')} = ;`).join('\n');
  const ds = diags(text);
  assert.is(ds.length, 51);
  assert.is(ds[0], '1:14 RM0110 expected an expression, found \';\'');
  assert.is(ds[50], '51:14 RM0120 too many syntax errors (more than 50); stopped reporting');
  const numbers = Array.from({ length: 200 }, (_, i) => `const A${String(i).padStart(3, '0')} = 0x1g;`).join('\n');
  const nd = diags(numbers);
  assert.is(nd.length, 51);
  assert.is(nd[50], '51:14 RM0120 too many syntax errors (more than 50); stopped reporting');
  const junk = Array.from({ length: 200 }, () => '$').join(' ');
  assert.is(diags(junk).at(-1), '1:101 RM0120 too many unexpected characters (more than 50); is this a .regs file?');
});

test('a file with several syntax errors reports all of them, and keeps the declarations written whole', () => {
  const text = [
    'const A = 1 +;',
    'const B = 2;',
    'device d {',
    '  bar 0 r mmio size 4K {',
    '    register a @ 0 32 rw;',
    '    register b @ 4 : 32 rw { field x [0] ; fild y [1]; field z [2]; }',
    '    register c @ 8 : 32 rw reset;',
    '    garbage here;',
    '    register e @ 16 : 32 rw;',
    '  }',
    '  interrupts irq { status b; ack w1c vector msi 0; cause x; }',
    '}',
  ].join('\n');
  const r = parseText(text);
  assert.equal(diags(text), [
    "1:14 RM0110 expected an expression, found ';'",
    "5:20 RM0110 expected ':' in register declaration, found '32'",
    "6:44 RM0110 expected 'field', 'reserved', 'doc', 'allow' or '}' in register body, found 'fild'",
    "7:33 RM0110 expected an expression, found ';'",
    "8:5 RM0110 expected 'register', 'block', 'doc', 'allow' or '}' in BAR body, found 'garbage'",
    "11:37 RM0110 expected ';' after interrupt setting, found 'vector'",
  ]);
  // The incomplete constant and register are left out; an inserted ':' is harmless and kept.
  assert.equal(r.ast.items.map((i) => (i.kind === 'const' ? i.name.name : i.kind)), ['B', 'device']);
  const d = r.ast.items[1]!;
  if (d.kind !== 'device') throw new Error('device');
  const regs = d.bars[0]!.items as RegisterDecl[];
  assert.equal(regs.map((x) => x.name.name), ['a', 'b', 'e']);
  assert.equal(regs[1]!.fields.map((f) => (f.kind === 'field' ? f.name.name : '')), ['x', 'z']);
});

test("a '}' missing at the end of the file is reported once and the declaration is kept", () => {
  const text = 'device d {\n  bar 0 r mmio size 4K { register a @ 0 : 32; }\n  interrupts i { status a; cause x;\n}\n';
  assert.equal(diags(text), ["5:1 RM0110 expected 'pci', 'doc', 'bar', 'interrupts', 'layout', 'ring', 'allow' or '}' in device body, found end of file"]);
  const d = parseText(text).ast.items[0]!;
  if (d.kind !== 'device') throw new Error('device');
  assert.equal(d.bars[0]!.items!.map((r) => r.name.name), ['a']);
  assert.equal(d.interrupts[0]!.causes.map((c) => c.name.name), ['x']);
});

test('a top-level word inside a body (enum, const) does not unwind recovery to the file level', () => {
  const text = [
    'device d {',
    '  bar 0 r mmio size 4K {',
    '    register a @ 0 : 32 { field f [0] enum { x = 0 } enum y; field g [1]; }',
    '    register b @ 4 : 32 rw;',
    '    block q @ 0x10 { register c @ 0 : 32 const; }',
    '    register e @ 8 : 32;',
    '  }',
    '  layout l size 4 { word w @ 0 : 32 enum; }',
    '}',
    'const Z = 1;',
  ].join('\n');
  assert.equal(diags(text), [
    "3:53 RM0110 expected ';' after field declaration, found 'enum'",
    "5:41 RM0110 expected ';' after register declaration, found 'const'",
    "8:36 RM0110 expected ';' after register declaration, found 'enum'",
  ]);
  const [d, z] = parseText(text).ast.items;
  if (d?.kind !== 'device') throw new Error('device');
  const items = d.bars[0]!.items!;
  assert.equal(items.map((i) => i.name.name), ['a', 'b', 'q', 'e']);
  const a = items[0] as RegisterDecl;
  assert.equal(a.fields.map((f) => (f.kind === 'field' ? f.name.name : '')), ['g']);
  assert.equal(d.layouts.map((l) => `${l.name.name}:${l.words.length}`), ['l:0']);
  assert.is(z?.kind, 'const');
});

test("a block missing its '}' does not swallow the next top-level declaration: one error at its '{'", () => {
  const dev = (name: string, body: string): string[] => [
    `device ${name} {`,
    '  bar 0 r mmio size 4K {',
    `    ${body}`,
    '    register b @ 4 : 32 rw;',
    '  }',
    '}',
  ];
  // A top-level layout left open before a device: the device is parsed whole, and its own errors reported.
  const top = ['layout cqe size 16 {', '  word dw0 @ 0 : 32;', '', ...dev('d', 'register a @ 0 32 rw;')].join('\n');
  assert.equal(diags(top), [
    "1:20 RM0110 '{' of layout 'cqe' is never closed: expected '}' before 'device' on line 4",
    "6:20 RM0110 expected ':' in register declaration, found '32'",
  ]);
  const [l, d] = parseText(top).ast.items;
  assert.is(l?.kind, 'layout');
  if (d?.kind !== 'device') throw new Error('device');
  assert.equal(d.bars[0]!.items!.map((r) => r.name.name), ['a', 'b']);

  // A layout inside a device left open: the device's '}' closes the layout by count, but lines up with
  // the device, so the error names the layout; the next device is parsed whole.
  const nested = [
    'device d {',
    '  layout cqe size 16 {',
    '    word dw0 @ 0 : 32;',
    '}',
    ...dev('e', 'register a @ 0 : 32 rw;'),
  ].join('\n');
  assert.equal(diags(nested), [
    "2:22 RM0110 '{' of layout 'cqe' is never closed: the '}' on line 4 lines up with device 'd', which then runs on into 'device' on line 5",
  ]);
  const items = parseText(nested).ast.items;
  assert.equal(items.map((i) => (i.kind === 'device' ? i.name.name : i.kind)), ['d', 'e']);
  const e = items[1]!;
  if (e.kind !== 'device') throw new Error('device');
  assert.equal(e.bars[0]!.items!.map((r) => r.name.name), ['a', 'b']);

  // A second layout in a device closes the first one only (a layout may stand in a device body).
  const twoLayouts = 'device d {\n  layout a size 4 {\n    word w @ 0 : 32;\n  layout b size 4 { word v @ 0 : 32; }\n}\n';
  assert.equal(diags(twoLayouts), ["2:19 RM0110 '{' of layout 'a' is never closed: expected '}' before 'layout' on line 4"]);
  const d2 = parseText(twoLayouts).ast.items[0]!;
  if (d2.kind !== 'device') throw new Error('device');
  assert.equal(d2.layouts.map((x) => `${x.name.name}:${x.words.length}`), ['a:1', 'b:1']);
});

test("an enum, a register's fields and a block body left open end at the next top-level declaration", () => {
  const text = [
    'enum mode {',
    '  off = 0,',
    '  on = 1,',
    '',
    'block regs_b {',
    '  register x @ 0 : 32 rw {',
    '    field f [0];',
    '}',
    '',
    'device d {',
    '  bar 0 r mmio size 4K {',
    '    register a @ 0 : 32 rw {',
    '      field f [0] enum mode;',
    '  }',
    '}',
    '',
    'const Z = 1;',
  ].join('\n');
  assert.equal(diags(text), [
    "1:11 RM0110 '{' of enum 'mode' is never closed: expected '}' before 'block' on line 5",
    "6:26 RM0110 '{' of register 'x' is never closed: the '}' on line 8 lines up with block 'regs_b', which then runs on into 'device' on line 10",
    "12:28 RM0110 '{' of register 'a' is never closed: the '}' on line 14 lines up with bar 0, which then runs on into 'const' on line 17",
  ]);
  assert.equal(parseText(text).ast.items.map((i) => i.kind), ['enum', 'block', 'device', 'const']);
  // Keywords used as names, and block instances, are not top-level declarations.
  clean('enum e { device = 1, block = 2 }\ndevice d {\n  pci { vendor = 1; device = 2; }\n  bar 0 r mmio size 4K { block q @ 0x10 { register c @ 0 : 32; } }\n}\n');
});

test("a register missing its '}' that the parser already closed at the next register: no second '}' before a later layout", () => {
  // The brace count still has the BAR open at `layout`, but the parser closed register a at `register b`
  // and the BAR at its own '}': closing the BAR again there would close the device and misread the rest.
  const text = [
    'device d {',
    '  bar 0 r mmio size 4K {',
    '    register a @ 0 : 32 rw {',
    '      field x [0];',
    '    register b @ 4 : 32 rw;',
    '  }',
    '  layout sqe size 8 {',
    '    word w0 @ 0 : 32 rw { field opc [7:0]; }',
    '  }',
    '  ring q of sqe { count 4; }',
    '}',
    '',
    'device e { bar 0 r mmio size 4K { register c @ 0 : 32 rw; } }',
  ].join('\n');
  assert.equal(diags(text), ["5:5 RM0110 expected 'field', 'reserved', 'doc', 'allow' or '}' in register body, found 'register'"]);
  const [d, e] = parseText(text).ast.items;
  if (d?.kind !== 'device' || e?.kind !== 'device') throw new Error('two devices');
  assert.equal(d.bars[0]!.items!.map((r) => r.name.name), ['a', 'b']);
  assert.equal(d.layouts.map((l) => l.name.name), ['sqe']);
  assert.equal(d.rings.map((r) => r.name.name), ['q']);
});

test('every syntax code is listed with a title, and rendered diagnostics show the line and a caret', () => {
  assert.ok(syntaxCodes.every((c) => /^RM01\d\d$/.test(c.code) && c.title.length > 5));
  assert.equal([...syntaxExamples.keys()], syntaxCodes.map((c) => c.code), 'one example message per code');
  const r = parseText('const A = 1 +;');
  assert.is(
    renderDiagnostics(r.diagnostics, { sourceOf: () => r.source }),
    "t.regs:1:14: error: expected an expression, found ';' [RM0110]\n  const A = 1 +;\n               ^",
  );
});

test.run();
