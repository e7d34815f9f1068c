// generated/ is the committed output for specs/: it must be exactly what a build writes today.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { runCli } from './cli/harness.js';

test('generated/ is fresh (regmill build specs/*.regs -o generated --check)', async () => {
  const specs = readdirSync('specs').filter((f) => f.endsWith('.regs')).map((f) => `specs/${f}`);
  assert.ok(specs.length >= 4, `specs/ holds the device specs (${specs.join(', ')})`);
  const r = await runCli(['build', ...specs, '-o', 'generated', '--check']);
  assert.is(r.code, 0, r.stderr + '\nrun: npm run gen');
});

test('specs/ are in the canonical style (regmill fmt --check specs/*.regs)', async () => {
  const specs = readdirSync('specs').filter((f) => f.endsWith('.regs')).map((f) => `specs/${f}`);
  const r = await runCli(['fmt', '--check', ...specs]);
  assert.is(r.code, 0, r.stderr + '\nrun: npx regmill fmt specs/*.regs');
});

test.run();
