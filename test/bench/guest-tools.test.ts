// The C programs the guest tests and guest benchmarks ship (test/vm/guest-tools.mjs, and the NVMe
// benchmark's C rows, bench/nvme/c-programs.ts) are built only when a guest boots; a change to a generated
// header (e.g. e1000e's queues becoming arrays, NVMe's run-time doorbell stride) or to bench/c/vfio.h would
// otherwise show up only as a missing program in the guest. Compile each against the committed generated/ here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nvmeBenchPrograms } from '../../bench/nvme/c-programs.js';
import { guestTools } from '../vm/guest-tools.mjs';

const cc = process.env.CC ?? 'cc';
const haveCc = spawnSync(cc, ['--version']).status === 0;

for (const tool of [...guestTools, ...nvmeBenchPrograms]) {
  test(`guest tool ${tool.name} compiles against generated/ with -Werror`, () => {
    if (!haveCc) return void console.log(`  ${tool.name}: no C compiler '${cc}'; not compiled`);
    const includes = (tool.generatedIncludes ?? []).map((d) => `-I${path.join('generated', d)}`);
    // -O2 as the guest builds use: some warnings (e.g. -Wformat-truncation) come only from the optimizer.
    const dir = mkdtempSync(path.join(tmpdir(), 'regmill-guest-tool-'));
    try {
      const r = spawnSync(cc, ['-O2', '-std=gnu11', '-Wall', '-Wextra', '-Werror', ...includes, '-o', path.join(dir, tool.name), ...tool.sources], { encoding: 'utf8' });
      assert.is(r.status, 0, `${cc} ${tool.sources.join(' ')}:\n${r.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
