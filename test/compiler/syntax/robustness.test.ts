// parse() never throws and stays fast on hostile input: binary garbage, NUL bytes, empty text, a 1 MB
// line, runaway strings and comments, deep nesting; and a 10,000-register spec parses quickly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseText } from './helpers.js';

function survives(text: string): ReturnType<typeof parseText> {
  const r = parseText(text);
  assert.ok(r.diagnostics.length <= 101, `at most ~100 diagnostics (${r.diagnostics.length})`);
  for (const d of r.diagnostics) {
    assert.ok(d.span.start >= 0 && d.span.end <= text.length + 1 && d.span.start <= d.span.end, `span inside the text: ${JSON.stringify(d.span)}`);
    assert.ok(d.message.length < 300, 'messages stay short');
  }
  return r;
}

test('empty text is a valid, empty spec', () => {
  const r = survives('');
  assert.equal(r.diagnostics, []);
  assert.equal(r.ast.items, []);
});

test('binary garbage: one diagnostic, no parse', () => {
  for (let seed = 0; seed < 5; seed++) {
    const r = survives(randomBytes(1 << 16).toString('latin1'));
    assert.is(r.diagnostics.length, 1);
    assert.is(r.diagnostics[0]!.code, 'RM0120');
  }
});

test('printable garbage never throws and reports a bounded number of errors', () => {
  const alphabet = 'device bar register field { } [ ] ( ) ; : @ = + - 0x1 42 "s" name , . // \n';
  const words = alphabet.split(' ');
  for (let seed = 1; seed <= 10; seed++) {
    let x = seed;
    let text = '';
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      text += words[Math.floor((x / 2147483648) * words.length)] + ' '; // high bits: the low ones cycle
    }
    const r = survives(text);
    assert.ok(r.diagnostics.length > 0, 'garbage is reported');
  }
});

test('NUL bytes inside otherwise valid text', () => {
  const r = survives('const A = 1;\u0000\nconst B\u0000 = 2;');
  assert.equal(r.diagnostics.map((d) => d.code), ['RM0101', 'RM0101']);
  assert.equal(r.ast.items.map((i) => (i.kind === 'const' ? i.name.name : '')), ['A', 'B']);
});

test('a 1 MB single line: a long doc string, a long name, many declarations on one line', () => {
  const doc = survives(`const A = 1 "${'x'.repeat(1 << 20)}";`);
  assert.equal(doc.diagnostics, []);
  assert.is(doc.ast.items[0]!.kind === 'const' ? doc.ast.items[0]!.doc!.length : 0, 1 << 20);
  const name = survives(`const ${'a'.repeat(1 << 20)} = 1;`);
  assert.equal(name.diagnostics, []);
  const many = survives('const A = 1; '.repeat(80_000));
  assert.equal(many.diagnostics, []);
  assert.is(many.ast.items.length, 80_000);
});

test('runaway string and comment at end of file', () => {
  // The missing '}'s after a runaway string are its echo, not news.
  assert.equal(survives('device d { bar 0 r mmio size 4K "no end').diagnostics.map((d) => d.code), ['RM0102']);
  assert.equal(survives('device d { /* no end').diagnostics.map((d) => d.code), ['RM0103']);
  assert.equal(survives('"').diagnostics.map((d) => d.code)[0], 'RM0102');
  assert.equal(survives('/*').diagnostics.map((d) => d.code), ['RM0103']);
});

test('deep nesting and long operator chains are refused, not a stack overflow', () => {
  assert.equal(survives('const A = ' + '('.repeat(100_000) + '1;').diagnostics.map((d) => d.code), ['RM0121']);
  assert.equal(survives('device d ' + '{'.repeat(100_000)).diagnostics.map((d) => d.code), ['RM0121']);
  assert.equal(survives('const A = ' + '-'.repeat(100_000) + '1;').diagnostics.map((d) => d.code), ['RM0122']);
  assert.equal(survives('const A = ' + '1 + '.repeat(100_000) + '1;').diagnostics.map((d) => d.code), ['RM0122']);
  // Within the limits, nesting works.
  assert.equal(survives('const A = ' + '('.repeat(90) + '1' + ')'.repeat(90) + ';').diagnostics, []);
});

test('only closers, only separators, only names', () => {
  for (const text of ['}'.repeat(10_000), ';'.repeat(10_000), 'x '.repeat(10_000), ')]}'.repeat(1000), 'device'.repeat(1)]) {
    const r = survives(text);
    assert.ok(r.diagnostics.length >= 1 && r.diagnostics.length <= 3, `${text.slice(0, 10)}…: ${r.diagnostics.length} diagnostics`);
  }
});

test('random edits of a real spec: no throw, spans inside the text, few errors per edit', () => {
  const md = readFileSync('docs/language.md', 'utf8');
  const blocks = [...md.matchAll(/```regs\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const spec = blocks.filter((b) => !b.includes('…')).join('\n');
  let x = 12345;
  const rnd = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor((x / 2147483648) * n);
  };
  const junk = [';', '{', '}', '(', ')', '"', '/*', 'register', 'enum', 'field', '[', ']', '@', ':', 'x', '0x', '=', ',', '\n'];
  let worst = 0;
  for (let i = 0; i < 300; i++) {
    let t = spec;
    const edits = 1 + rnd(3);
    for (let e = 0; e < edits; e++) {
      const at = rnd(t.length);
      const kind = rnd(3);
      const j = junk[rnd(junk.length)]!;
      if (kind === 0) t = t.slice(0, at) + t.slice(at + 1 + rnd(10));
      else if (kind === 1) t = t.slice(0, at) + j + t.slice(at);
      else t = t.slice(0, at) + j + t.slice(at + 1);
    }
    const r = survives(t);
    worst = Math.max(worst, r.diagnostics.length);
  }
  assert.ok(worst <= 15, `at most a handful of errors for up to three edits (worst ${worst})`);
});

test('a 10,000-register spec parses quickly (time printed, not asserted)', () => {
  let text = 'device big {\n  bar 0 regs mmio size 1M {\n';
  for (let i = 0; i < 10_000; i++) text += `    register r${i} @ ${i * 4} : 32 rw reset 0 "Register ${i}" { field a [0]; field b [7:1] w1c; }\n`;
  text += '  }\n}\n';
  parseText(text); // warm-up: the first run also compiles the parser's code paths
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = parseText(text);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  assert.equal(r.diagnostics, []);
  const d = r.ast.items[0]!;
  assert.is(d.kind === 'device' ? d.bars[0]!.items!.length : 0, 10_000);
  console.log(`  10,000 registers (${(text.length / 1024).toFixed(0)} KiB): parsed in ${ms.toFixed(0)} ms (${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU)`);
  const arrays = parseText('device d { bar 0 r mmio size 4M { register big[1000000] @ 0 : 32 rw; } }');
  assert.equal(arrays.diagnostics, []);
});

test.run();
