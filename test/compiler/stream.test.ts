// Back ends that stream (ts, ir, c, docs: OutputFile.chunks) write through StagedOutput exactly the bytes
// compile() returns in memory, for every committed spec; and those files do stream.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compile } from '../../compiler/compile.js';
import { StagedOutput } from '../../compiler/write.js';
import { streamedText } from '../../compiler/backends/backend.js';

const specs = readdirSync('specs').filter((f) => f.endsWith('.regs'));

for (const spec of specs) {
  test(`${spec}: streamed output = in-memory output (ts, c, docs, ir)`, async () => {
    const emit = ['ts', 'c', 'docs', 'ir'] as const;
    const inMemory = await compile({ path: path.join('specs', spec) }, { emit });
    assert.ok(inMemory.ok, inMemory.format());
    const dir = mkdtempSync(path.join(tmpdir(), 'regmill-stream-'));
    try {
      const staged = new StagedOutput(dir);
      const streamed: string[] = [];
      const r = await compile({ path: path.join('specs', spec) }, { emit, output: (f) => { if (f.chunks) streamed.push(f.path); staged.add('out', f); } });
      assert.ok(r.ok);
      staged.commit();
      for (const f of inMemory.files) assert.is(readFileSync(path.join(dir, 'out', f.path), 'utf8'), f.contents, f.path);
      for (const ext of ['.ts', '.h', '.md', '.html', '.ir.json']) assert.ok(streamed.some((p) => p.endsWith(ext)), `${ext} streams (${streamed.join(', ')})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a streamed file is the UTF-8 of its joined pieces: pairs split across pieces, pieces past the batch', () => {
  const big = 'é'.repeat(600_000) + '\u{1F600}';
  const pieces = ['a\ud83d', '\ude00b', '\ud83d', '', '\ude00', big, 'x'.repeat(1 << 20), 'ü', '\ud83d'];
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-stream-'));
  try {
    const staged = new StagedOutput(dir);
    const bytes = staged.add('out', streamedText('t.txt', () => pieces));
    staged.commit();
    const want = Buffer.from(pieces.join(''), 'utf8');
    const got = readFileSync(path.join(dir, 'out', 't.txt'));
    assert.is(bytes, want.length);
    assert.ok(got.equals(want), `${got.length} bytes written, ${want.length} expected`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
