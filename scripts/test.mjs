#!/usr/bin/env node
// The project's one test command (`npm test`): type-checks, checks for unused exports (knip), runs every
// uvu suite under test/ through the tsx loader, then the QEMU guest tests when this machine can run them,
// and ends with the plain line `N passed, N failed` that CI reads. Extra args are a regex filter on test file paths.
// Every step's output streams as it comes, so the long QEMU phase shows each guest's result when it finishes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pattern = process.argv[2] ?? '\\.test\\.ts$';
let passed = 0;
let failed = 0;

/** Runs one step, streaming its stdout as it comes (a long QEMU phase shows each guest's result when
 * it finishes) while keeping it for the summary lines. */
function step(name, cmd, args, env = {}, timeoutS = 0) {
  return new Promise((resolve) => {
    // Its own process group, so that a step that outlives its time is stopped with every child it spawned.
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, detached: timeoutS > 0 });
    let out = '';
    let timedOut = false;
    const timer = timeoutS > 0 ? setTimeout(() => {
      console.log(`FAIL ${name}: no result after ${timeoutS} s: a test hung; stopped (REGMILL_TEST_TIMEOUT moves the limit)`);
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
    }, timeoutS * 1000) : undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (t) => {
      out += t;
      process.stdout.write(t);
    });
    child.on('error', (e) => {
      console.log(`FAIL ${name}: cannot start ${cmd}: ${e.message}`);
      resolve({ ok: false, out });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, out, timedOut });
    });
  });
}
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

// 1. The TypeScript build (also type-checks generated/ and the @ts-expect-error tests via tsconfig.json).
console.log('test: type-checking (tsc --noEmit) …');
const build = await step('build', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
if (build.ok) passed++; else { failed++; console.log('FAIL typecheck: tsc -p tsconfig.json --noEmit'); }

// 2. Unused exports, files and dependencies (knip.json names the entry points: bin, package exports, tests,
// bench, examples, scripts). Exports used only inside their own file are not reported.
console.log(`test: knip (${elapsed()} so far) …`);
const knip = await step('knip', process.execPath, [path.join(root, 'node_modules/knip/bin/knip.js'), '--no-progress']);
if (knip.ok) passed++; else { failed++; console.log('FAIL knip: unused exports, files or dependencies (listed above)'); }

// 3. uvu suites.
console.log(`test: uvu suites (${elapsed()} so far) …`);
// A hung test must end the run with a failure, not use up CI's time: the suites take 2–4 minutes.
const uvuTimeout = Number(process.env.REGMILL_TEST_TIMEOUT ?? 1200);
const uvu = await step('uvu', process.execPath, ['--import', 'tsx', path.join(root, 'node_modules/uvu/bin.js'), 'test', pattern, '-i', 'vm/', '-c', 'false'], { FORCE_COLOR: '0' }, uvuTimeout);
const total = /Total:\s+(\d+)/.exec(uvu.out);
const ok = /Passed:\s+(\d+)/.exec(uvu.out);
if (total && ok) {
  passed += Number(ok[1]);
  failed += Number(total[1]) - Number(ok[1]);
  if (!uvu.ok && Number(total[1]) === Number(ok[1])) failed++; // a suite crashed outside a test
} else {
  failed++;
  if (!uvu.timedOut) console.log('FAIL uvu: no summary (a test file failed to load)');
}

// 4. QEMU guest tests, when the harness exists (test/vm/run.mjs decides whether this machine can run them).
const vm = path.join(root, 'test/vm/run.mjs');
if (process.env.REGMILL_SKIP_VM && process.env.REGMILL_SKIP_VM !== '0') {
  console.log(`vm: QEMU guest tests skipped: REGMILL_SKIP_VM=${process.env.REGMILL_SKIP_VM}`);
} else if (existsSync(vm)) {
  console.log(`test: QEMU guest tests (${elapsed()} so far; REGMILL_SKIP_VM=1 skips them) …`);
  const r = await step('vm', process.execPath, [vm, '--summary-json']);
  const m = /^VM-SUMMARY (\{.*\})$/m.exec(r.out);
  if (m) { const s = JSON.parse(m[1]); passed += s.passed; failed += s.failed; }
  else if (!r.ok) { failed++; console.log('FAIL vm: harness failed without a summary'); }
}

console.log(`test: finished in ${elapsed()}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
