// The formatter over every real spec and every example in docs/language.md: idempotent, and the IR
// (or, for fragments, the syntax tree) of the formatted text equals the original's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { formatSpec } from '../../../compiler/format/index.js';
import { parse } from '../../../compiler/syntax/parse.js';
import { checkedFmt, fmt, irOf } from './helpers.js';

const specs = readdirSync('specs')
  .filter((f) => f.endsWith('.regs'))
  .map((f) => `specs/${f}`);

test('there are specs to format', () => {
  assert.ok(specs.length >= 5, specs.join(', '));
});

for (const file of specs) {
  test(`${file}: idempotent, same IR, lines within the width unless a string is longer`, async () => {
    const text = readFileSync(file, 'utf8');
    const out = checkedFmt(text, file);
    assert.is(await irOf(out, file), await irOf(text, file));
    for (const line of out.split('\n')) {
      // Only a line carrying a string (which is never split) or a comment may be long.
      if (line.length > 100) assert.ok(/"|\/\/|\/\*/.test(line), `long line without a string: ${line}`);
      assert.not.match(line, /\s$/, 'no trailing blanks');
      assert.not.match(line, /\t/, 'no tabs');
    }
    assert.not.match(out, /\n\n\n/, 'blank lines collapsed to one');
    // Every comment of the original is in the output, in order.
    const comments = (s: string) => [...s.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)].map((m) => m[0].trimEnd());
    assert.equal(comments(out), comments(text));
  });

  test(`${file}: any respacing of the original formats to the same text`, () => {
    const text = readFileSync(file, 'utf8');
    const want = fmt(text, file);
    for (const seed of [1, 2, 3]) assert.fixture(fmt(respace(text, seed), file), want, `seed ${seed}`);
  });
}

test('every regs example in docs/language.md formats idempotently with the same AST (and IR when complete)', async () => {
  const md = readFileSync('docs/language.md', 'utf8');
  const blocks = [...md.matchAll(/```regs\n([\s\S]*?)```/g)].map((m) => m[1]!);
  // Most examples are fragments: a register, a BAR, a field. Each is formatted in the first of these
  // contexts where it parses; only the grammar sketches (with '…' or NAME placeholders) fit none.
  const contexts = [
    (b: string) => b,
    (b: string) => `device d {\n${b}\n}\n`,
    (b: string) => `device d {\n  bar 0 regs mmio size 4K {\n${b}\n  }\n}\n`,
    (b: string) => `device d {\n  bar 0 regs mmio size 4K {\n    register r @ 0 : 32 {\n${b}\n    }\n  }\n}\n`,
  ];
  let formatted = 0;
  for (const [i, block] of blocks.entries()) {
    const file = `language-example-${i}.regs`;
    const text = contexts.map((c) => c(block)).find((t) => parse({ file, text: t }).diagnostics.every((d) => d.severity !== 'error'));
    if (text === undefined) {
      assert.ok('diagnostics' in formatSpec(block, file), `${file}: a spec with syntax errors is not formatted`);
      continue;
    }
    const out = checkedFmt(text, file);
    formatted++;
    if (/^device\s/.test(block)) assert.is(await irOf(out, file), await irOf(text, file));
  }
  // 13 examples today: two grammar sketches, two with "…", and a block next to a bare BAR fit no context.
  assert.ok(formatted >= 8, `formatted ${formatted} of ${blocks.length} examples`);
});

/**
 * The text with every run of blanks respaced at random, keeping what the formatter reads from it:
 * whether a comment starts its own line and where blank lines are. Runs without a line break
 * become 1–3 blanks or tabs; a line break stays one (re-indented at random), two or more stay two.
 */
function respace(text: string, seed: number): string {
  let s = seed;
  const rand = (n: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
  const pad = (): string => ' \t'[rand(2)]!.repeat(1 + rand(3));
  // Whitespace runs outside strings and comments (which are skipped over whole).
  return text.replace(/"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[ \t\r\n]+/g, (m, offset: number) => {
    if (!/^[ \t\r\n]+$/.test(m)) return m;
    const breaks = (m.match(/\n/g) ?? []).length;
    if (breaks === 0) return offset === 0 ? m : pad();
    return '\n'.repeat(Math.min(breaks, 2)) + (rand(3) ? ' '.repeat(rand(9)) : '\t');
  });
}
test.run();
