// Back ends that stream (ir, c, docs: OutputFile.chunks) write through StagedOutput exactly the bytes
// compile() returns in memory, for every committed spec; and those files do stream.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compile } from '../../compiler/compile.js';
import { StagedOutput } from '../../compiler/write.js';

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
      for (const ext of ['.h', '.md', '.html', '.ir.json']) assert.ok(streamed.some((p) => p.endsWith(ext)), `${ext} streams (${streamed.join(', ')})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
