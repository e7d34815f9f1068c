// `--emit js`: the TypeScript accessors compiled to .js + .d.ts. The JavaScript must load on plain Node
// (no type syntax left) and match the TypeScript back end's API; the declarations keep the types.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compile } from '../../../../compiler/index.js';

test('edu: edu.js parses as plain JavaScript, edu.d.ts declares the typed API', async () => {
  const r = await compile({ path: 'specs/edu.regs' }, { emit: ['js'] });
  assert.ok(r.ok, r.format());
  assert.equal(r.files.map((f) => f.path).sort(), ['edu.d.ts', 'edu.js']);
  const js = String(r.files.find((f) => f.path === 'edu.js')!.contents);
  const dts = String(r.files.find((f) => f.path === 'edu.d.ts')!.contents);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'regmill-js-test-'));
  try {
    writeFileSync(path.join(tmp, 'edu.mjs'), js);
    // node --check: a syntax check only (the module imports regmill/registers, resolved at run time).
    const check = spawnSync(process.execPath, ['--check', path.join(tmp, 'edu.mjs')], { encoding: 'utf8' });
    assert.is(check.status, 0, check.stderr);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  assert.match(js, /export class EduRegs \{/);
  assert.not.match(js, /\bdeclare readonly\b|: Mmio\b|import \{[^}]*\btype /);
  assert.match(dts, /export declare class EduRegs \{/);
  assert.match(dts, /readonly ident: IdentRegister;/);
  assert.match(dts, /from 'regmill\/registers'/);
});

test.run();
