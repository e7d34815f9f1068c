#!/usr/bin/env node
// Runs every guest test under test/ (files named *.guest.ts / *.guest.mjs), each in its own
// freshly booted QEMU guest with the devices its `// vm-guest: {…}` header asks for, and prints one
// result line per test and a summary. `npm run test:vm` runs this; `npm test` runs it with
// --summary-json and adds the counts from the `VM-SUMMARY {…}` line.
//
// When this machine cannot run guests (REGMILL_SKIP_VM=1, not Linux/x86-64, apt unreachable, …) it says
// why in one line and exits 0 — never silently. A broken harness is a failure, not a skip.
//
// Usage: node test/vm/run.mjs [--summary-json] [--jobs N] [path-regex]
// A guest test may have a sibling <name>.host.mjs exporting prepare(ctx) / verify(ctx) (ctx: { ivshmemPath,
// ivshmemBytes, nvmePath, output }) for checks on the host side, e.g. data the guest wrote into the ivshmem
// file or the NVMe namespace's raw image.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { boot, logTail, runName, setup } from './boot.mjs';
import { generatedAccessors } from './generated.mjs';
import { readGuestConfig } from './guest-config.mjs';
import { cacheDir, projectRoot } from './initramfs.mjs';

const testDir = path.join(projectRoot, 'test');
const guestFile = /\.guest\.(ts|mjs|js)$/;
const args = process.argv.slice(2);
const summaryJson = args.includes('--summary-json');
const jobsAt = args.indexOf('--jobs');
const jobs = jobsAt >= 0 ? Number(args[jobsAt + 1]) : 1;
/** Extra attempts for a failing guest test (REGMILL_VM_RETRIES, default 1). */
const retries = Math.max(0, Number(process.env.REGMILL_VM_RETRIES ?? 1) || 0);
/** @type {string[]} guest tests that passed only on a retry */
const flaky = [];
const filter = args.find((a, i) => !a.startsWith('--') && (jobsAt < 0 || i !== jobsAt + 1));
const startedAll = Date.now();

/** Guest tests only (the totals below also count the harness's host-side unit tests). */
const guests = { passed: 0, failed: 0 };

/** @param {number} passed @param {number} failed @param {string} skipped */
function finish(passed, failed, skipped) {
  if (summaryJson) console.log(`VM-SUMMARY ${JSON.stringify({ passed, failed, skipped, guestsPassed: guests.passed, guestsFailed: guests.failed })}`);
  else console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

let unitPassed = 0;
let unitFailed = 0;

/** @param {string} reason */
function skip(reason) {
  console.log(`VM tests skipped: ${reason}`);
  finish(unitPassed, unitFailed, reason);
}

/**
 * The harness's own host-side unit tests (test/vm/harness.test.mjs: cpio, headers, QEMU args, …), run
 * here because npm test's uvu pass leaves test/vm/ to this runner. Their count joins the summary.
 */
function harnessUnitTests() {
  const r = spawnSync(process.execPath, [path.join(projectRoot, 'node_modules/uvu/bin.js'), 'test/vm', 'harness\\.test\\.mjs$', '-c', 'false'], {
    cwd: projectRoot, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' },
  });
  const total = /Total:\s+(\d+)/.exec(r.stdout ?? '');
  const ok = /Passed:\s+(\d+)/.exec(r.stdout ?? '');
  if (r.status === 0 && total && ok) {
    unitPassed = Number(ok[1]);
    console.log(`vm: harness unit tests: ${unitPassed} passed`);
    return;
  }
  unitPassed = ok ? Number(ok[1]) : 0;
  unitFailed = total && ok ? Math.max(Number(total[1]) - Number(ok[1]), 1) : 1;
  console.log(`FAIL test/vm/harness.test.mjs:\n${r.stdout ?? ''}${r.stderr ?? ''}`);
}

/** @param {number} ms */
const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.log(`vm: error: --jobs needs a positive integer, got '${args[jobsAt + 1] ?? ''}'`);
    finish(0, 1, '');
    return;
  }
  const skipVm = process.env.REGMILL_SKIP_VM;
  if (skipVm && skipVm !== '0') return skip(`REGMILL_SKIP_VM=${skipVm}`);
  if (process.platform !== 'linux' || process.arch !== 'x64') return skip(`needs Linux on x86-64, this is ${process.platform}/${process.arch}`);
  if (filter === undefined) harnessUnitTests();

  /** @type {RegExp | undefined} */
  let pattern;
  try {
    pattern = filter === undefined ? undefined : new RegExp(filter);
  } catch (err) {
    console.log(`vm: error: the filter is not a regular expression: ${err instanceof Error ? err.message : String(err)}`);
    return finish(0, 1, '');
  }
  const files = guestTests(testDir).filter((f) => !pattern || pattern.test(f)).sort();
  if (files.length === 0) return skip(filter ? `no guest test matches /${filter}/` : 'no *.guest.ts files under test/');

  const setupStarted = Date.now();
  const prepared = setup();
  if (!prepared.ok) {
    if (!prepared.canRun) return skip(prepared.reason);
    console.log(`FAIL vm setup: ${prepared.reason}`);
    return finish(unitPassed, unitFailed + 1, '');
  }
  const setupMs = Date.now() - setupStarted;
  console.log(`vm: kernel ${prepared.kernelVersion}, setup ${sec(setupMs)}, cache ${path.relative(projectRoot, cacheDir)}`);
  const gen = generatedAccessors();
  if ('error' in gen) console.log(`vm: no generated accessors for the guest: ${gen.error}`);
  else if (gen.source !== 'tree') console.log(`vm: generated/ is empty; guests get accessors built from specs/ (${gen.source === 'built' ? `built in ${sec(gen.ms)}` : 'cached'})`);
  const generatedDir = 'error' in gen ? path.join(projectRoot, 'generated') : gen.dir;

  let passed = unitPassed;
  let failed = unitFailed;
  progress.total = files.length;
  console.log(`vm: running ${files.length} guest test${files.length === 1 ? '' : 's'}, ${Math.min(jobs, files.length)} at a time; each result prints as it finishes`);
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      let ok = await runOne(prepared, generatedDir, file);
      // One retry: a guest under TCG on a loaded 2-core host can miss a deadline that is the host's
      // fault, not the test's. Reported as flaky, never hidden; a second failure is a failure.
      for (let retry = 0; !ok && retry < retries; retry++) {
        console.log(`vm: retrying ${file} (attempt ${retry + 2}); the failure above stays in the log`);
        ok = await runOne(prepared, generatedDir, file);
        if (ok) flaky.push(file);
      }
      if (ok) guests.passed++;
      else guests.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
  passed += guests.passed;
  failed += guests.failed;
  const units = filter === undefined ? `; harness unit tests: ${unitPassed} passed, ${unitFailed} failed` : '';
  console.log(`vm: ${guests.passed} of ${files.length} guest tests passed, ${guests.failed} failed, in ${sec(Date.now() - startedAll)}${units}`);
  if (flaky.length) console.log(`vm: passed only on retry (flaky): ${flaky.join(', ')}`);
  finish(passed, failed, '');
}

/**
 * Guest test files under `dir` as project-relative paths (the VM cache and node_modules are not searched).
 * @param {string} dir @returns {string[]}
 */
function guestTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p === cacheDir || e.name === 'node_modules' ? [] : guestTests(p);
    return e.isFile() && guestFile.test(e.name) ? [path.relative(projectRoot, p)] : [];
  });
}

/** Guest results printed so far, of how many, for the `[3/12, 1m05s]` tag on each result line. */
const progress = { done: 0, total: 0 };
const tag = () => `[${++progress.done}/${progress.total}, ${sec(Date.now() - startedAll)} elapsed]`;

/**
 * Boots one guest test; prints its result line; returns whether it passed.
 * @param {{ kernelDir: string, kernelVersion: string, busybox: string }} prepared
 * @param {string} generatedDir @param {string} rel project-relative path of the test
 */
async function runOne(prepared, generatedDir, rel) {
  const abs = path.join(projectRoot, rel);
  const parsed = readGuestConfig(rel, readFileSync(abs, 'utf8'));
  if ('error' in parsed) {
    console.log(`FAIL ${tag()} ${rel}: ${parsed.error}`);
    return false;
  }
  const hostHooks = abs.replace(guestFile, '.host.mjs');
  const ivshmemPath = path.join(cacheDir, 'runs', `${runName(rel)}-${process.pid}.ivshmem`);
  const nvmePath = path.join(cacheDir, 'runs', `${runName(rel)}-${process.pid}.nvme.img`);
  /** @type {{ log: string, logPath: string } | undefined} the boot, once it happened */
  let booted;
  try {
    /** @typedef {{ ivshmemPath: string, ivshmemBytes: number, nvmePath: string }} HookContext */
    /** @type {{ prepare?: (ctx: HookContext) => void | Promise<void>, verify?: (ctx: HookContext & { output: string }) => void | Promise<void> }} */
    const hooks = existsSync(hostHooks) ? await import(pathToFileURL(hostHooks).href) : {};
    mkdirSync(path.dirname(ivshmemPath), { recursive: true });
    const ivshmemBytes = (parsed.config.ivshmemMiB ?? 4) << 20;
    await hooks.prepare?.({ ivshmemPath, ivshmemBytes, nvmePath });
    const r = await boot(prepared, { test: rel, ivshmemPath, nvmePath, generatedDir, ...parsed.config });
    booted = r;
    const steps = /Total:\s+(\d+)\s+Passed:\s+(\d+)/.exec(r.output);
    const detail = `${steps ? `${steps[2]}/${steps[1]} steps, ` : ''}${sec(r.ms)}${r.guestInitSec !== null ? `, /init at ${r.guestInitSec} s` : ''}`;
    if (!r.ok) {
      console.log(`FAIL ${tag()} ${rel} (${detail}): ${r.reason}`);
      return false;
    }
    await hooks.verify?.({ ivshmemPath, ivshmemBytes, nvmePath, output: r.output });
    console.log(`PASS ${tag()} ${rel} (${detail})`);
    return true;
  } catch (err) {
    // A host-side check (verify) failed after a clean guest run: the guest's log tail still helps.
    if (booted) console.log(`--- guest log tail (${path.relative(projectRoot, booted.logPath)}) ---\n${logTail(booted.log)}\n--- end of guest log ---`);
    console.log(`FAIL ${tag()} ${rel}: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  } finally {
    if (!process.env.REGMILL_VM_KEEP) {
      rmSync(ivshmemPath, { force: true });
      rmSync(nvmePath, { force: true });
    }
  }
}

await main().catch((err) => {
  console.log(`FAIL vm harness: ${err instanceof Error ? err.message : String(err)}`);
  finish(0, 1, '');
});
