// The edu model through the generated edu accessors, the example driver end to end on the simulated
// edu, and `npm start` (scripts/demo.mjs) as a process.
//
// The accessors are generated here from specs/edu.regs into a temporary tree laid out like the repo
// (examples/, generated/edu/), so these tests do not depend on the committed generated/ being fresh;
// the tree is type-checked with the repo's tsc first, which proves the example compiles against them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from '../../compiler/index.js';
import type { IrDevice } from '../../compiler/ir/ir.js';
import type { Device } from '../../runtime/device-types.js';
import type { Mmio } from '../../runtime/registers/mmio.js';
import { createSimDevice, type SimDevice } from '../../runtime/sim/index.js';
import { attachEduModel, type EduModelOptions } from '../../runtime/sim/models/edu.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tree = mkdtempSync(path.join(tmpdir(), 'regmill-edu-example-'));

// What the tests use from generated/edu/edu.ts and examples/edu-driver.ts (loaded at run time).
interface Reg<V> {
  read(): V;
  write(v: V | Record<string, unknown>): void;
}
interface EduModule {
  EduRegs: new (io: Mmio) => { ident: Reg<number>; liveness: Reg<number>; factorial: Reg<number>; status: Reg<number>; irq_status: Reg<number>; dma_src: Reg<bigint>; dma_dst: Reg<bigint>; dma_count: Reg<bigint>; dma_cmd: Reg<bigint> };
  EduIrq: { new (io: Mmio): { pending(): number; ack(set: number): void; enable(set: number): void; test(set: number): void; decode(set: number): string[] }; fact: number; dma: number };
  Status: { computing: { get(v: number): boolean } };
  DmaCmd: { start: { get(v: bigint): boolean } };
  DmaCmdDirection: { to_device: number; from_device: number };
}
interface DriverModule {
  runEduDriver(device: Device, options?: { log?: (line: string) => void; timeoutMs?: number }): Promise<{
    major: number;
    minor: number;
    livenessOk: boolean;
    factorialByPolling: { n: number; value: number; polls: number };
    factorialByInterrupt: { n: number; value: number; vector: number; causes: readonly string[] };
    dma: { bytes: number; causes: readonly string[]; matches: boolean };
  }>;
}

let ir: IrDevice;
let edu: EduModule;
let driver: DriverModule;

test.before(async () => {
  const r = await compile({ path: path.join(root, 'specs/edu.regs') }, { emit: ['ts'] });
  if (!r.ir) throw new Error(r.format());
  ir = r.ir.devices.find((d) => d.name === 'edu')!;
  mkdirSync(path.join(tree, 'generated/edu'), { recursive: true });
  mkdirSync(path.join(tree, 'examples'));
  mkdirSync(path.join(tree, 'scripts'));
  for (const f of r.files) writeFileSync(path.join(tree, 'generated/edu', f.path), f.contents);
  copyFileSync(path.join(root, 'examples/edu-driver.ts'), path.join(tree, 'examples/edu-driver.ts'));
  copyFileSync(path.join(root, 'scripts/demo.mjs'), path.join(tree, 'scripts/demo.mjs'));
  for (const d of ['compiler', 'runtime', 'specs', 'node_modules']) symlinkSync(path.join(root, d), path.join(tree, d));
  writeFileSync(path.join(tree, 'package.json'), JSON.stringify({ name: 'edu-example-check', type: 'module' }));
  writeFileSync(
    path.join(tree, 'tsconfig.json'),
    JSON.stringify({
      // rootDir '/': the tree reaches the repo's sources through symlinks and an absolute path mapping.
      extends: path.join(root, 'tsconfig.json'),
      compilerOptions: { rootDir: '/', paths: { 'regmill/registers': [path.join(root, 'runtime/registers/index.ts')] } },
      include: ['examples', 'generated'],
    }),
  );
  edu = (await import(pathToFileURL(path.join(tree, 'generated/edu/edu.ts')).href)) as EduModule;
  driver = (await import(pathToFileURL(path.join(tree, 'examples/edu-driver.ts')).href)) as DriverModule;
});

test.after(() => rmSync(tree, { recursive: true, force: true }));

function eduSim(options: EduModelOptions = {}): { sim: SimDevice; regs: InstanceType<EduModule['EduRegs']>; irq: InstanceType<EduModule['EduIrq']> } {
  const sim = createSimDevice(ir);
  attachEduModel(sim, options);
  return { sim, regs: new edu.EduRegs(sim.bar(0)), irq: new edu.EduIrq(sim.bar(0)) };
}

test('the example type-checks against the generated edu accessors', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(tree, 'tsconfig.json'), '--noEmit'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stdout + r.stderr);
});

test('generated accessors on the simulated edu: identity, liveness, factorial by polling', () => {
  const { sim, regs } = eduSim({ latencyMs: 10_000, polls: 2 });
  assert.is(regs.ident.read(), 0x010000ed);
  regs.liveness.write(0xcafe0000);
  assert.is(regs.liveness.read(), 0x3501ffff);
  regs.factorial.write(6);
  let polls = 0;
  while (edu.Status.computing.get(regs.status.read())) polls++;
  assert.is(polls, 2, 'computing seen on the two reads the model was told to take');
  assert.is(regs.factorial.read(), 720);
  sim.close();
});

test('generated interrupt helpers: test (raise register) → ack; enable(fact) → wait → pending → decode → ack', async () => {
  const { sim, regs, irq } = eduSim({ latencyMs: 1, polls: 1000 });
  irq.test(edu.EduIrq.dma);
  assert.is(regs.irq_status.read(), 0x100);
  irq.ack(edu.EduIrq.dma);
  assert.is(regs.irq_status.read(), 0);

  irq.enable(edu.EduIrq.fact);
  assert.is(regs.status.read() & 0x80, 0x80, 'enable(fact) sets status.irq_fact');
  regs.factorial.write(5);
  const ev = await sim.irq.wait({ timeout: 1000 });
  assert.is(ev.vector, 0);
  const set = irq.pending();
  assert.equal(irq.decode(set), ['fact']);
  irq.ack(set);
  assert.is(regs.irq_status.read(), 0);
  assert.is(regs.factorial.read(), 120);
  sim.close();
});

test('generated 64-bit DMA registers drive the model; a byte-wise or 32-bit access to them is refused', () => {
  const { sim, regs } = eduSim({ latencyMs: 10_000, polls: 3 });
  const buf = sim.dma.alloc(4096);
  buf.bytes.set([1, 2, 3, 4], 0);
  regs.dma_src.write(buf.deviceAddress);
  regs.dma_dst.write(0x40100n);
  regs.dma_count.write(4n);
  regs.dma_cmd.write({ start: true, direction: edu.DmaCmdDirection.to_device, irq: false });
  assert.ok(edu.DmaCmd.start.get(regs.dma_cmd.read()), 'start reads 1 while running');
  while (edu.DmaCmd.start.get(regs.dma_cmd.read()));
  regs.dma_src.write(0x40100n);
  regs.dma_dst.write(buf.deviceAddress + 8n);
  regs.dma_cmd.write({ start: true, direction: 'from_device', irq: false });
  while (edu.DmaCmd.start.get(regs.dma_cmd.read()));
  assert.equal([...buf.bytes.subarray(8, 12)], [1, 2, 3, 4]);
  assert.throws(() => sim.bar(0).read8(0), /8-bit read at 0x0 hits register 'ident'/);
  assert.throws(() => sim.bar(0).read32(0x80), /32-bit read at 0x80 hits register 'dma_src' \(0x80\.\.0x87, 64-bit\)/);
  sim.close();
});

test('the example driver runs end to end on the simulated edu', async () => {
  const { sim } = eduSim();
  const lines: string[] = [];
  const report = await driver.runEduDriver(sim, { log: (l) => lines.push(l), timeoutMs: 2000 });
  assert.is(report.major, 1);
  assert.is(report.minor, 0);
  assert.ok(report.livenessOk);
  assert.equal({ n: report.factorialByPolling.n, value: report.factorialByPolling.value }, { n: 10, value: 3628800 });
  assert.ok(report.factorialByPolling.polls >= 2, 'computing was observed before the result');
  assert.equal(report.factorialByInterrupt, { n: 12, value: 479001600, vector: 0, causes: ['fact'] });
  assert.equal(report.dma, { bytes: 2048, causes: ['dma'], matches: true });
  assert.match(lines.join('\n'), /identify: edu 1\.0 \(ident 0x010000ed\)/);
  assert.is(sim.faults.length, 0);
  assert.is(sim.peek('irq_status'), 0n, 'every interrupt was acknowledged');
  sim.close();
});

test('npm start (scripts/demo.mjs) prints what the driver did', () => {
  const r = spawnSync(process.execPath, [path.join(tree, 'scripts/demo.mjs'), '--no-build'], { cwd: tree, encoding: 'utf8', timeout: 60_000 });
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /liveness: wrote 0x12345678, read 0xedcba987/);
  assert.match(r.stdout, /factorial by polling: 10! = 3628800/);
  assert.match(r.stdout, /factorial by interrupt: 12! = 479001600 \(vector 0, causes: fact; acknowledged\)/);
  assert.match(r.stdout, /DMA: 2048 bytes .* data matches/);
  assert.match(r.stdout, /Done: 2 factorials and 2 DMA transfers/);
});

test.run();
