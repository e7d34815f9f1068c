// The ir back end streams its JSON (compiler/backends/ir/json.ts): the pieces must join to exactly what
// JSON.stringify(value, null, 2) gives, at every streaming depth, and a streamed file must reach disk
// byte for byte through StagedOutput.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prettyJson } from '../../../../compiler/backends/ir/json.js';
import { streamedText } from '../../../../compiler/backends/backend.js';
import { StagedOutput } from '../../../../compiler/write.js';
import { compile } from '../../../../compiler/compile.js';

const joined = (v: unknown, depth?: number): string => [...prettyJson(v, depth)].join('');

test('random JSON values: the pieces join to JSON.stringify(v, null, 2) at every depth', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 8 }), (v, depth) => joined(v, depth) === JSON.stringify(v, null, 2)),
    { numRuns: 500 },
  );
});

test('what JSON.stringify drops or turns to null: undefined and function members, undefined array elements', () => {
  const v = { a: undefined, b: [undefined, () => 1, 1], c: { d: () => 0 }, e: [], f: {}, g: 'x\ny \u2028', h: -0, i: [{}, []] };
  for (let depth = 0; depth < 5; depth++) assert.is(joined(v, depth), JSON.stringify(v, null, 2), `depth ${depth}`);
});

test('the edu IR, streamed, is the JSON of the IR; StagedOutput writes a streamed file byte for byte', async () => {
  const c = await compile({ path: 'specs/edu.regs' }, { emit: ['ir'] });
  assert.ok(c.ok);
  const expected = JSON.stringify(c.ir, null, 2) + '\n';
  assert.is(c.files[0]!.contents, expected, 'without a streaming writer: plain text');
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-stream-'));
  try {
    const staged = new StagedOutput(dir);
    // Pieces smaller and larger than a write batch, multi-byte characters across pieces.
    const pieces = ['é'.repeat(3), 'x'.repeat((1 << 20) + 5), '→', expected];
    const bytes = staged.add('edu', streamedText('big.txt', () => pieces));
    let streamed = 0;
    await compile({ path: 'specs/edu.regs' }, { emit: ['ir'], output: (f) => { assert.ok(f.chunks, 'the ir file streams'); streamed += staged.add('edu', f); } });
    staged.commit();
    assert.is(readFileSync(path.join(dir, 'edu', 'big.txt'), 'utf8'), pieces.join(''));
    assert.is(bytes, Buffer.byteLength(pieces.join('')));
    assert.is(readFileSync(path.join(dir, 'edu', 'edu.ir.json'), 'utf8'), expected);
    assert.is(streamed, Buffer.byteLength(expected));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
