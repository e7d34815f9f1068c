// The docs stay true: every diagnostic code is in the language reference, and the complete example
// specs shown in README.md and docs/language.md compile without errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { allCodes, compile } from '../compiler/index.js';

const language = readFileSync('docs/language.md', 'utf8');
const readme = readFileSync('README.md', 'utf8');

function regsBlocks(md: string): string[] {
  return [...md.matchAll(/```regs\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

test('every diagnostic code is listed in docs/language.md', () => {
  assert.ok(allCodes.length >= 30, `the checker has a full set of diagnostics (${allCodes.length})`);
  const missing = allCodes.filter((c) => !language.includes(c.code)).map((c) => c.code);
  assert.equal(missing, [], 'codes missing from the diagnostics table');
});

test('diagnostic codes are unique', () => {
  const seen = new Set<string>();
  for (const c of allCodes) {
    assert.not.ok(seen.has(c.code), `duplicate ${c.code}`);
    seen.add(c.code);
  }
});

test('complete example specs in README.md and docs/language.md compile cleanly', async () => {
  const complete = [...regsBlocks(readme), ...regsBlocks(language)].filter((b) => /^device\s/m.test(b) && !b.includes('…'));
  assert.ok(complete.length >= 2, 'there are complete examples to check');
  for (const text of complete) {
    const r = await compile({ text, file: 'example.regs' }, { emit: [] });
    assert.ok(r.ok, `example does not compile:\n${text}\n${r.format()}`);
  }
});

test.run();
