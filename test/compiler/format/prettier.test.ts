// The prettier plugin prints what formatSpec prints, and refuses a spec with syntax errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as prettier from 'prettier';
import plugin from '../../../compiler/format/prettier.js';
import { fmt } from './helpers.js';

test('prettier with the plugin formats specs/edu.regs exactly like regmill fmt', async () => {
  const text = readFileSync('specs/edu.regs', 'utf8');
  const out = await prettier.format(text, { parser: 'regs', plugins: [plugin], filepath: 'specs/edu.regs' });
  assert.fixture(out, fmt(text, 'specs/edu.regs'));
});

test('prettier picks the plugin by the .regs extension', async () => {
  const out = await prettier.format('const A=0X1;', { plugins: [plugin], filepath: 'x.regs' });
  assert.is(out, 'const A = 0x1;\n');
});

test('a syntax error rejects with the file:line:col diagnostic', async () => {
  try {
    await prettier.format('device d {\n  bar 0 r mmio size 4K { register a @ 0 : 32 }\n}\n', { parser: 'regs', plugins: [plugin], filepath: 'bad.regs' });
    assert.unreachable('should have rejected');
  } catch (e) {
    assert.match((e as Error).message, /bad\.regs:2:\d+: error:/);
  }
});

test.run();
