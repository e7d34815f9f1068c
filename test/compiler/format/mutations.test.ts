// Unusual but valid specs: real specs with a token deleted, duplicated or replaced at random. Every
// variant that still parses must format without error, idempotently, to the same syntax tree.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { formatSpec } from '../../../compiler/format/index.js';
import { regsLexer } from '../../../compiler/syntax/tokens.js';
import { checkedFmt } from './helpers.js';

test('random one-token edits of the specs: whatever parses formats idempotently with the same AST', () => {
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let formatted = 0;
  for (const file of ['specs/edu.regs', 'specs/axi-timer.regs', 'specs/ivshmem.regs']) {
    const text = readFileSync(file, 'utf8');
    const tokens = regsLexer.tokenize(text).tokens;
    for (let k = 0; k < 150; k++) {
      const t = tokens[rand(tokens.length)]!;
      const other = tokens[rand(tokens.length)]!.image;
      const before = text.slice(0, t.startOffset);
      const after = text.slice(t.startOffset + t.image.length);
      const variant = [before + after, `${before}${other} ${t.image}${after}`, before + other + after][rand(3)]!;
      if (!('text' in formatSpec(variant, file))) continue;
      checkedFmt(variant, file);
      formatted++;
    }
  }
  assert.ok(formatted >= 40, `${formatted} variants parsed`);
});

test.run();
