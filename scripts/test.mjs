#!/usr/bin/env node
// The project's one test command (`npm test`): type-checks, checks for unused exports (knip), runs every
// uvu suite under test/ through the tsx loader, then the QEMU guest tests when this machine can run them,
// and ends with the plain line `N passed, N failed` that CI reads. Extra args are a regex filter on test file paths.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pattern = process.argv[2] ?? '\\.test\\.ts$';
let passed = 0;
let failed = 0;

function step(name, cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? '');
  return { ok: r.status === 0, out: r.stdout ?? '' };
}

// 1. The TypeScript build (also type-checks generated/ and the @ts-expect-error tests via tsconfig.json).
const build = step('build', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
if (build.ok) passed++; else { failed++; console.log('FAIL typecheck: tsc -p tsconfig.json --noEmit'); }

// 2. Unused exports, files and dependencies (knip.json names the entry points: bin, package exports, tests,
// bench, examples, scripts). Exports used only inside their own file are not reported.
const knip = step('knip', process.execPath, [path.join(root, 'node_modules/knip/bin/knip.js'), '--no-progress']);
if (knip.ok) passed++; else { failed++; console.log('FAIL knip: unused exports, files or dependencies (listed above)'); }

// 3. uvu suites.
const uvu = step('uvu', process.execPath, ['--import', 'tsx', path.join(root, 'node_modules/uvu/bin.js'), 'test', pattern, '-i', 'vm/', '-c', 'false'], { FORCE_COLOR: '0' });
const total = /Total:\s+(\d+)/.exec(uvu.out);
const ok = /Passed:\s+(\d+)/.exec(uvu.out);
if (total && ok) {
  passed += Number(ok[1]);
  failed += Number(total[1]) - Number(ok[1]);
  if (!uvu.ok && Number(total[1]) === Number(ok[1])) failed++; // a suite crashed outside a test
} else {
  failed++;
  console.log('FAIL uvu: no summary (a test file failed to load)');
}

// 4. QEMU guest tests, when the harness exists (test/vm/run.mjs decides whether this machine can run them).
const vm = path.join(root, 'test/vm/run.mjs');
if (process.env.REGMILL_SKIP_VM && process.env.REGMILL_SKIP_VM !== '0') {
  console.log(`vm: QEMU guest tests skipped: REGMILL_SKIP_VM=${process.env.REGMILL_SKIP_VM}`);
} else if (existsSync(vm)) {
  const r = step('vm', process.execPath, [vm, '--summary-json']);
  const m = /^VM-SUMMARY (\{.*\})$/m.exec(r.out);
  if (m) { const s = JSON.parse(m[1]); passed += s.passed; failed += s.failed; }
  else if (!r.ok) { failed++; console.log('FAIL vm: harness failed without a summary'); }
}

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
