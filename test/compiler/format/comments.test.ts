// Comments anywhere: line, block and multi-line block comments dropped into random token gaps of the
// real specs must all come out, in order, with the syntax tree unchanged and the output stable.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { regsLexer } from '../../../compiler/syntax/tokens.js';
import { checkedFmt } from './helpers.js';

const kinds = [(i: number) => ` // c${i}\n`, (i: number) => ` /* b${i} */ `, (i: number) => `/* m${i}\n   still m${i} */`, (i: number) => `\n\n// own${i}\n`];

function withComments(text: string, seed: number, count: number): string {
  let s = seed;
  const rand = (n: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
  const ends = regsLexer.tokenize(text).tokens.map((t) => t.startOffset + t.image.length);
  const at = new Map<number, string>();
  for (let i = 0; i < count; i++) at.set(ends[rand(ends.length)]!, kinds[rand(kinds.length)]!(i));
  let out = '';
  let last = 0;
  for (const pos of [...at.keys()].sort((a, b) => a - b)) {
    out += text.slice(last, pos) + at.get(pos)!;
    last = pos;
  }
  return out + text.slice(last);
}

const commentsOf = (s: string): string[] => [...s.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)].map((m) => m[0].trimEnd());

for (const file of ['specs/edu.regs', 'specs/e1000e.regs', 'specs/axi-timer.regs']) {
  test(`${file}: comments in random places survive, in order, and the output is stable`, () => {
    const text = readFileSync(file, 'utf8');
    for (let seed = 1; seed <= 12; seed++) {
      const input = withComments(text, seed, 40);
      const out = checkedFmt(input, file);
      assert.equal(commentsOf(out), commentsOf(input), `seed ${seed}`);
    }
  });
}

test.run();
