// `allow CODE "reason";` parses in every body that can hold a warning's element (device, BAR, block
// type, inline block, register, layout word, field), keeps its code and reason with their spans, and
// leaves the other items of those bodies where they were.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clean, diags, device, shape, spanText } from './helpers.js';
import type { BlockDecl, BlockInstance, RegisterDecl } from '../../../compiler/syntax/ast.js';

const allow = (code: string, reason: string) => ({ kind: 'allow', code: { name: code }, reason });

test('allow in a device, BAR, inline block, register and field body', () => {
  const d = device(
    [
      '  allow RM0412 "device";',
      '  bar 0 regs mmio size 4K {',
      '    allow RM0415 "bar";',
      '    register a @ 0 : 32 { field x [0] w1c; allow RM0414 "register"; field y [1]; }',
      '    block b @ 0x10 { allow RM0414 "block"; register c @ 0 : 32; }',
      '    register m @ 0x20 : 32 { field data [15:0] volatile "Data" { allow RM0415 "field"; allow RM0412 "twice"; } }',
      '  }',
    ].join('\n'),
  );
  assert.equal(shape(d.allows), [allow('RM0412', 'device')]);
  const bar = d.bars[0]!;
  assert.equal(shape(bar.allows), [allow('RM0415', 'bar')]);
  const [a, b, m] = bar.items! as [RegisterDecl, BlockInstance, RegisterDecl];
  assert.equal(shape(a.allows), [allow('RM0414', 'register')]);
  assert.equal(a.fields.map((f) => f.kind === 'field' && f.name.name), ['x', 'y'], 'an allow between fields is not a field');
  assert.equal(shape(b.allows), [allow('RM0414', 'block')]);
  assert.equal(b.items!.map((i) => i.name.name), ['c'], 'an allow is not a block item');
  const data = m.fields[0]!;
  assert.is(data.kind, 'field');
  if (data.kind !== 'field') return;
  assert.is(data.doc, 'Data');
  assert.equal(shape(data.allows), [allow('RM0415', 'field'), allow('RM0412', 'twice')]);
});

test('allow in a top-level block type and in a layout word', () => {
  const ast = clean('block q { allow RM0414 "shared"; register r @ 0 : 32; }\nlayout t size 8 { word w @ 0 : 32 { field f [0]; allow RM0412 "word"; } }\n');
  const q = ast.items[0] as BlockDecl;
  assert.equal(shape(q.allows), [allow('RM0414', 'shared')]);
  const t = ast.items[1]!;
  assert.is(t.kind, 'layout');
  if (t.kind === 'layout') assert.equal(shape(t.words[0]!.allows), [allow('RM0412', 'word')]);
});

test('a body without allow items has no allows member; a field with an empty body is a field', () => {
  const d = device('  bar 0 regs mmio size 4K { register a @ 0 : 32 { field x [0] {} field y [1] enum { a = 0 } {} } }');
  assert.not.ok('allows' in d);
  assert.not.ok('allows' in d.bars[0]!);
  const a = d.bars[0]!.items![0] as RegisterDecl;
  assert.not.ok('allows' in a);
  assert.equal(shape(a.fields), [
    { kind: 'field', name: { name: 'x' }, bits: { msb: { kind: 'number', value: 0n } }, access: [], volatile: false },
    {
      kind: 'field',
      name: { name: 'y' },
      bits: { msb: { kind: 'number', value: 1n } },
      access: [],
      volatile: false,
      enum: { kind: 'inline', values: [{ name: { name: 'a' }, value: { kind: 'number', value: 0n } }] },
    },
  ]);
});

test('the reason keeps its escapes; code, reason and statement spans cover their text', () => {
  const text = 'device d {\n  allow RM0414 "say \\"why\\"";\n}';
  const d = clean(text).items[0]!;
  if (d.kind !== 'device') return assert.unreachable('a device');
  const a = d.allows![0]!;
  assert.is(a.reason, 'say "why"');
  assert.is(spanText(text, a.code.span), 'RM0414');
  assert.is(spanText(text, a.reasonSpan), '"say \\"why\\""');
  assert.is(spanText(text, a.span), 'allow RM0414 "say \\"why\\"";');
});

test("'allow' is still a name: a register, field and constant called allow", () => {
  const ast = clean('const allow = 4;\ndevice d { bar 0 regs mmio size 4K { register allow @ allow : 32 { field allow [0]; } } }');
  const d = ast.items[1]!;
  if (d.kind !== 'device') return assert.unreachable('a device');
  const r = d.bars[0]!.items![0] as RegisterDecl;
  assert.is(r.name.name, 'allow');
  assert.equal(shape(r.offset), { kind: 'name', name: 'allow' });
  assert.is(r.fields[0]!.kind === 'field' && r.fields[0]!.name.name, 'allow');
});

test('syntax errors: the reason is required, the code is a name, a field body holds only allow items', () => {
  assert.equal(diags('device d {\n  allow RM0414;\n}'), ["2:15 RM0110 expected a string in allow, found ';'"]);
  assert.equal(diags('device d {\n  allow "why";\n}'), ['2:9 RM0110 expected a name in allow, found a string']);
  assert.equal(diags('device d {\n  allow RM0414 "why"\n}'), ["2:21 RM0110 expected ';' after allow, found '}'"]);
  assert.equal(diags('device d { bar 0 r mmio size 4K {\n  register a @ 0 : 32 { field x [0] { bogus; } }\n} }'), [
    "2:39 RM0110 expected 'allow' or '}' in field body, found 'bogus'",
  ]);
  assert.equal(diags('device d {\n  bar 0 r mmio size 4K { alow RM0414 "x"; }\n}'), [
    "2:26 RM0110 expected 'register', 'block', 'doc', 'allow' or '}' in BAR body, found 'alow'",
  ]);
});

test.run();
