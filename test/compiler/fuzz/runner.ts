// The fuzz test's child process (forked by fuzz.test.ts, which kills it when one case runs too long):
// runs generated and mutated specs through compile() with fast-check and reports every case's start
// (so a hang names its input), the first failure (shrunk), the counts, and a sample of compiled
// specs' TypeScript and C for tsc and gcc. Run by hand: node --import tsx test/compiler/fuzz/runner.ts
import fc from 'fast-check';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { compile, type CompileResult } from '../../../compiler/compile.js';
import { lineColOf, lineText } from '../../../compiler/source/source.js';
import { renderDiagnostics } from '../../../compiler/diagnostics/render.js';
import { generatedSpec, type GeneratedSpec } from './generate.js';
import { applyMutation, mutations, type Mutation } from './mutate.js';

export interface FuzzPlan {
  readonly seed: number;
  /** Runs per property: generated, generated then mutated, corpus mutated. */
  readonly generated: number;
  readonly generatedMutated: number;
  readonly corpusMutated: number;
  /** How many compiled specs to hand back for tsc and gcc. */
  readonly sample: number;
  readonly registersImport: string;
  readonly corpus: readonly string[];
}

export interface SampleSpec {
  readonly name: string;
  readonly main: string;
  readonly files: readonly { path: string; contents: string }[];
}

export type FuzzMessage =
  | { readonly t: 'case'; readonly n: number; readonly text: string }
  | { readonly t: 'done'; readonly counts: Record<string, number>; readonly failure?: string; readonly sample: readonly SampleSpec[]; readonly ms: number; readonly cpuMs: number };

const MAIN = 'fuzz/main.regs';
const counts: Record<string, number> = { cases: 0, generated: 0, generatedMutated: 0, corpusMutated: 0, compiled: 0, diagnostics: 0, errors: 0, warnings: 0 };
const sample: SampleSpec[] = [];
let caseNo = 0;

/** Every way a result can be wrong, as a message (undefined: fine). */
export function problemOf(r: CompileResult): string | undefined {
  for (const d of r.diagnostics) {
    for (const s of [d.span, ...(d.related ?? []).map((x) => x.span)]) {
      const src = r.sources.get(s.file);
      if (!src) return `${d.code} '${d.message}' names file '${s.file}', which was not read`;
      if (!(s.start >= 0 && s.start <= s.end && s.end <= src.text.length)) return `${d.code} '${d.message}' span ${s.start}..${s.end} is outside ${s.file} (${src.text.length} chars)`;
      const { line, col } = lineColOf(src, s.start);
      if (!(line >= 1 && col >= 1 && col - 1 <= lineText(src, line).length + 1)) return `${d.code} at ${line}:${col}, outside line ${line}`;
    }
    if (!/^RM\d{4}$/.test(d.code) || d.message.length === 0) return `diagnostic without a code or message: ${JSON.stringify(d)}`;
  }
  const hasError = r.diagnostics.some((d) => d.severity === 'error');
  if (r.ok === hasError) return `ok is ${r.ok} but ${hasError ? 'there are errors' : 'there are no errors'}`;
  if (r.ok && r.files.length === 0 && r.ir!.devices.length > 0) return 'compiled a device but emitted no files';
  if (r.ok && r.ir!.devices.length === 0 && !r.diagnostics.some((d) => d.code === 'RM0223')) return 'no device, yet no RM0223 warning';
  if (!r.ok && r.files.length > 0) return 'errors, yet files were emitted';
  // The printed form starts every diagnostic with file:line:col inside the text.
  const rendered = renderDiagnostics(r.diagnostics, { sourceOf: (f) => r.sources.get(f), maxWarnings: Infinity });
  r.format(); // the capped form must render too
  for (const d of r.diagnostics) {
    const { line, col } = lineColOf(r.sources.get(d.span.file)!, d.span.start);
    const head = `${d.span.file}:${line}:${col}: ${d.severity}: `;
    if (!rendered.includes(head)) return `rendered output lacks '${head}' for ${d.code}`;
  }
  return undefined;
}

async function run(spec: GeneratedSpec, kind: string, plan: FuzzPlan): Promise<void> {
  const n = ++caseNo;
  process.send!({ t: 'case', n, text: spec.main } satisfies FuzzMessage);
  counts.cases!++;
  counts[kind]!++;
  const readFile = (f: string): string | undefined => (f.startsWith('fuzz/') ? spec.files[f.slice(5)] : undefined);
  let r: CompileResult;
  try {
    r = await compile({ text: spec.main, file: MAIN }, { emit: ['ts', 'ir'], readFile, registersImport: plan.registersImport });
  } catch (e) {
    throw new Error(`compile() threw: ${(e as Error).stack}`);
  }
  let problem: string | undefined;
  try {
    problem = problemOf(r);
  } catch (e) {
    problem = `checking the result threw: ${(e as Error).stack}`;
  }
  if (problem) throw new Error(problem);
  counts.diagnostics! += r.diagnostics.length;
  for (const d of r.diagnostics) counts[d.severity === 'error' ? 'errors' : 'warnings']!++;
  if (!r.ok) return;
  counts.compiled!++;
  if (sample.length < plan.sample && kind !== 'corpusMutated') {
    const full = await compile({ text: spec.main, file: MAIN }, { emit: ['ts', 'c', 'docs'], readFile, registersImport: plan.registersImport });
    const files = full.files.map((f) => ({ path: f.path, contents: typeof f.contents === 'string' ? f.contents : Buffer.from(f.contents).toString('utf8') }));
    sample.push({ name: `s${sample.length}`, main: spec.main, files });
  }
}

function corpusSpec(file: string): GeneratedSpec {
  return { main: readFileSync(file, 'utf8'), files: {} };
}

const mutated = (spec: GeneratedSpec, ms: readonly Mutation[]): GeneratedSpec => ({ ...spec, main: ms.reduce(applyMutation, spec.main) });

export async function fuzz(plan: FuzzPlan): Promise<string | undefined> {
  const params = (numRuns: number) => ({ numRuns, seed: plan.seed, endOnFailure: false, maxSkipsPerRun: 0 });
  const corpus = plan.corpus.map(corpusSpec);
  const props: [number, fc.IAsyncPropertyWithHooks<never>][] = [
    [plan.generated, fc.asyncProperty(generatedSpec, (s) => run(s, 'generated', plan)) as never],
    [plan.generatedMutated, fc.asyncProperty(generatedSpec, mutations, (s, ms) => run(mutated(s, ms), 'generatedMutated', plan)) as never],
    [plan.corpusMutated, fc.asyncProperty(fc.constantFrom(...corpus), mutations, (s, ms) => run(mutated(s, ms), 'corpusMutated', plan)) as never],
  ];
  for (const [numRuns, prop] of props) {
    const out = await fc.check(prop, params(numRuns));
    if (out.failed) return fc.defaultReportMessage(out) ?? 'failed';
  }
  return undefined;
}

/** The corpus: every committed spec and .regs fixture (including the fuzz regressions). */
export function corpusFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // Mutating a 229 KB reproducer costs a second a case; it has its own test (bad-input.test.ts).
      else if (e.name.endsWith('.regs') && statSync(p).size < 64 * 1024) out.push(p);
    }
  };
  walk(path.join(root, 'specs'));
  walk(path.join(root, 'test/fixtures'));
  return out.sort();
}

if (process.send) {
  process.once('message', (plan: FuzzPlan) => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const cpuMs = (): number => { const u = process.cpuUsage(cpu0); return (u.user + u.system) / 1000; };
    fuzz(plan).then(
      (failure) => {
        process.send!({ t: 'done', counts, ...(failure ? { failure } : {}), sample, ms: performance.now() - t0, cpuMs: cpuMs() } satisfies FuzzMessage, () => process.exit(0));
      },
      (e: Error) => {
        process.send!({ t: 'done', counts, failure: `runner crashed: ${e.stack}`, sample, ms: performance.now() - t0, cpuMs: cpuMs() } satisfies FuzzMessage, () => process.exit(0));
      },
    );
  });
}
