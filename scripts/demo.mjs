#!/usr/bin/env node
// `npm start`: the README demo. Checks that the accessors it uses (generated/edu/edu.ts) match
// specs/edu.regs — a TypeScript-only compile, well under a second, rather than a `build --check` of every
// spec with its wasm — rebuilding generated/ when they do not, then runs the example edu driver (examples/edu-driver.ts) against the simulated QEMU edu
// device and prints what it did. No hardware, root or QEMU needed; the same driver runs on a real edu
// through UIO or VFIO.
//
// `--no-build` skips the freshness check and uses generated/ as it is (tests use it).
//
// Plain JS so `node scripts/demo.mjs` works as is; the TypeScript sources load through tsx's loader.
import { register } from 'tsx/esm/api';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
register({ tsconfig: path.join(root, 'tsconfig.json') });
const load = (rel) => import(pathToFileURL(path.join(root, rel)).href);

const capture = () => {
  let text = '';
  return { io: { stdout: (t) => (text += t), stderr: (t) => (text += t), cwd: root }, text: () => text };
};

async function ensureGenerated() {
  const { compile } = await load('compiler/index.ts');
  const target = path.join(root, 'generated/edu/edu.ts');
  console.log('Checking generated/edu/edu.ts against specs/edu.regs …');
  const r = await compile({ path: path.join(root, 'specs/edu.regs') }, { emit: ['ts'] });
  const fresh = r.files.find((f) => f.path === 'edu.ts')?.contents;
  if (fresh !== undefined && existsSync(target) && readFileSync(target, 'utf8') === fresh) {
    console.log('generated/edu/edu.ts is up to date (`npm run gen` rebuilds all of generated/)');
    return;
  }
  const { main } = await load('cli/main.ts');
  const specs = readdirSync(path.join(root, 'specs')).filter((f) => f.endsWith('.regs')).sort().map((f) => `specs/${f}`);
  console.log(`generated/ is missing or stale: building ${specs.length} specs into generated/ (TypeScript, wasm, C, docs, IR; the wasm takes a while) …`);
  const out = capture();
  const code = await main(['build', ...specs, '-o', 'generated'], out.io);
  if (code !== 0) {
    process.stdout.write(out.text());
    throw new Error(`regmill build failed (exit ${code}); see the messages above`);
  }
  // Spec warnings are `regmill check`'s business; the demo shows only the build's summary line.
  console.log(out.text().trimEnd().split('\n').filter((l) => l.startsWith('regmill build:')).join('\n'));
}

async function main() {
  if (!process.argv.includes('--no-build')) await ensureGenerated();
  else if (!existsSync(path.join(root, 'generated/edu/edu.ts'))) throw new Error('generated/edu/edu.ts is missing: run `npm run gen` (or `npm start` without --no-build)');
  console.log('Loading the compiler, the simulated device and the example driver …');
  const { compile } = await load('compiler/index.ts');
  const { createSimDevice } = await load('runtime/sim/index.ts');
  const { attachEduModel } = await load('runtime/sim/models/edu.ts');
  const { runEduDriver } = await load('examples/edu-driver.ts');

  const compiled = await compile({ path: path.join(root, 'specs/edu.regs') }, { emit: [] });
  if (!compiled.ir) throw new Error(`specs/edu.regs does not compile:\n${compiled.format()}`);
  const edu = compiled.ir.devices.find((d) => d.name === 'edu');
  if (!edu) throw new Error('specs/edu.regs declares no device named edu');

  const device = createSimDevice(edu);
  const model = attachEduModel(device);
  console.log('\nRunning examples/edu-driver.ts on the simulated edu:\n');
  try {
    await runEduDriver(device, { log: (line) => console.log(`  ${line}`) });
  } finally {
    device.close();
  }
  console.log(`\nDone: ${model.completed.factorials} factorials and ${model.completed.transfers} DMA transfers on the simulated device.`);
  console.log('On real hardware: open the device with runtime/open-device.ts (UIO or VFIO) and pass it to runEduDriver().');
}

main().catch((e) => {
  console.error(`demo: error: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
