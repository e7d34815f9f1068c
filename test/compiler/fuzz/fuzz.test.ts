// Compiler fuzzing (issue 14): ≥10,000 generated and mutated specs through compile() in a child process
// that is killed when one case runs longer than CASE_LIMIT_MS. Requires no exception, every diagnostic
// located inside the text, and, on a sample of the specs that compile, TypeScript that type-checks
// (strict, noUnusedLocals, one tsc run), C headers that compile (gcc -Werror, bidi chars included)
// and no bidi control character in any generated TS, C, Markdown or HTML file.
// FUZZ_SEED=n reproduces a run; FUZZ_SCALE=k multiplies the number of cases.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fork, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusFiles, type FuzzMessage, type FuzzPlan, type SampleSpec } from './runner.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CASE_LIMIT_MS = 10_000;
const scale = Number(process.env.FUZZ_SCALE ?? 1);
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 0x7fffffff));

let sample: readonly SampleSpec[] = [];

function runFuzz(plan: FuzzPlan): Promise<Extract<FuzzMessage, { t: 'done' }>> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(root, 'test/compiler/fuzz/runner.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let current: { n: number; text: string; at: number } | undefined;
    const watchdog = setInterval(() => {
      if (current && performance.now() - current.at > CASE_LIMIT_MS) {
        clearInterval(watchdog);
        child.kill('SIGKILL');
        reject(new Error(`case ${current.n} ran longer than ${CASE_LIMIT_MS} ms (seed ${seed}); its text:\n${current.text.slice(0, 4000)}`));
      }
    }, 250);
    child.on('message', (m: FuzzMessage) => {
      if (m.t === 'case') current = { n: m.n, text: m.text, at: performance.now() };
      else {
        clearInterval(watchdog);
        resolve(m);
      }
    });
    child.on('exit', (code, signal) => {
      clearInterval(watchdog);
      reject(new Error(`fuzz runner exited (${code ?? signal}) before reporting`));
    });
    child.send(plan);
  });
}

test('10,000+ generated and mutated specs: no exception, every diagnostic located, no hang', async () => {
  const plan: FuzzPlan = {
    seed,
    generated: 4000 * scale,
    generatedMutated: 2500 * scale,
    corpusMutated: 4000 * scale,
    sample: 50,
    registersImport: path.join(root, 'runtime/registers/index.js'),
    corpus: corpusFiles(root),
  };
  const done = await runFuzz(plan);
  const c = done.counts;
  console.log(`  fuzz (seed ${seed}): ${c.cases} cases (${c.generated} generated, ${c.generatedMutated} generated+mutated, ${c.corpusMutated} mutated from ${plan.corpus.length} specs and fixtures) in ${(done.ms / 1000).toFixed(1)} s (${(done.cpuMs / 1000).toFixed(1)} s CPU); ${c.compiled} compiled; ${c.errors} errors and ${c.warnings} warnings reported, all located`);
  assert.is(done.failure, undefined, `seed ${seed}: ${done.failure}`);
  assert.ok(c.cases! >= 10_000, `${c.cases} cases`);
  assert.ok(c.compiled! >= 1000, `${c.compiled} specs compiled: the generator must produce valid specs too`);
  sample = done.sample;
  assert.is(sample.length, plan.sample);
});

const dir = mkdtempSync(path.join(tmpdir(), 'regmill-fuzz-'));
const write = (kind: string): string[] => {
  assert.ok(sample.length > 0, 'no sample: the fuzz run above failed');
  const out: string[] = [];
  for (const s of sample) {
    for (const f of s.files.filter((x) => x.path.endsWith(kind))) {
      const file = path.join(dir, s.name, f.path.replace(/\//g, '_'));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, f.contents);
      out.push(file);
    }
  }
  return out;
};

test('no generated file of the sample (TS, C, Markdown, HTML) holds a bidi control character', () => {
  assert.ok(sample.length > 0, 'no sample: the fuzz run above failed');
  let files = 0;
  for (const s of sample) {
    for (const f of s.files) {
      files++;
      assert.not.match(f.contents, /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/, `${s.name}/${f.path}`);
    }
  }
  assert.ok(sample.some((s) => /[\u202a-\u202e\u2066-\u2069]/.test(s.main)), 'the sample has specs with bidi characters in doc strings');
  console.log(`  fuzz: ${files} generated files of ${sample.length} specs free of bidi controls`);
});

test('the sample type-checks: one tsc run, strict, noUnusedLocals', () => {
  const files = write('.ts');
  assert.ok(files.length >= sample.length, `${files.length} modules`);
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const args = ['--ignoreConfig', '--noEmit', '--strict', '--noUnusedLocals', '--noUnusedParameters', '--target', 'es2022', '--module', 'nodenext'];
  args.push('--moduleResolution', 'nodenext', '--skipLibCheck', '--types', 'node', '--typeRoots', path.join(root, 'node_modules/@types'));
  const r = spawnSync(process.execPath, [tsc, ...args, ...files], { cwd: dir, encoding: 'utf8' });
  assert.is(r.status, 0, r.stdout + r.stderr);
  console.log(`  fuzz: tsc checked ${files.length} modules of ${sample.length} specs`);
});

test('the sample C headers compile: gcc -fsyntax-only -Werror (bidi chars too)', () => {
  const files = write('.h');
  assert.ok(files.length >= sample.length, `${files.length} headers`);
  const r = spawnSync('gcc', ['-std=c11', '-fsyntax-only', '-Wall', '-Wextra', '-Werror', '-Werror=bidi-chars', '-pedantic', '-x', 'c', ...files], { encoding: 'utf8' });
  assert.is(r.error, undefined, String(r.error));
  assert.is(r.status, 0, r.stderr);
  console.log(`  fuzz: gcc checked ${files.length} headers`);
  rmSync(dir, { recursive: true, force: true });
});

test.run();
