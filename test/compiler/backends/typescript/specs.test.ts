// The ts backend over IR lowered from the real specs (specs/*.regs): the modules type-check under
// strict settings with noUnusedLocals, every BAR class constructs over a buffer of its size, and the
// edu accessors do what QEMU's edu device expects, one access per call.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '../../../../compiler/compile.js';
import { TypedArrayMmio } from '../../../../runtime/registers/mmio.js';
import { RecordingMmio } from '../../../runtime/registers/recording-mmio.js';
import { pascal } from '../../../../compiler/backends/typescript/names.js';
import { root } from './emit.js';

const specs = readdirSync(path.join(root, 'specs')).filter((f) => f.endsWith('.regs'));
const dir = mkdtempSync(path.join(tmpdir(), 'regmill-specs-'));
const core = path.join(root, 'runtime/registers/index.js');
const modules = new Map<string, string>();

test('every spec compiles with the ts backend', async () => {
  assert.ok(specs.length > 0);
  for (const s of specs) {
    const r = await compile({ path: path.join(root, 'specs', s) }, { emit: ['ts'], registersImport: core });
    assert.ok(r.ok, `${s}: ${r.format()}`);
    for (const f of r.files) {
      if (!f.path.endsWith('.ts')) continue;
      const file = path.join(dir, f.path.replace(/\//g, '_'));
      writeFileSync(file, f.contents);
      modules.set(f.path, file);
    }
  }
  assert.ok(modules.size >= specs.length);
});

test('generated modules type-check (strict, noUnusedLocals)', () => {
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const args = ['--ignoreConfig', '--noEmit', '--strict', '--noUnusedLocals', '--target', 'es2022', '--module', 'nodenext'];
  args.push('--moduleResolution', 'nodenext', '--skipLibCheck', '--types', 'node', '--typeRoots', path.join(root, 'node_modules/@types'));
  const r = spawnSync(process.execPath, [tsc, ...args, ...modules.values()], { cwd: dir, encoding: 'utf8' });
  assert.is(r.status, 0, r.stdout + r.stderr);
});

test('every BAR class constructs over a buffer of its size, and refuses a smaller one', async () => {
  for (const file of modules.values()) {
    type Info = { name: string; bars: readonly { name: string; size: number; registers: boolean }[] };
    const mod = (await import(pathToFileURL(file).href)) as { device: Info } & Record<string, new (io: TypedArrayMmio) => object>;
    for (const bar of mod.device.bars.filter((b) => b.registers)) {
      const Bar = mod[pascal(`${mod.device.name}_${bar.name}`)]!;
      assert.type(Bar, 'function', `${file}: class for BAR ${bar.name}`);
      assert.ok(new Bar(new TypedArrayMmio(new ArrayBuffer(bar.size))));
      assert.throws(() => new Bar(new TypedArrayMmio(new ArrayBuffer(bar.size / 2))), /the spec needs/);
    }
  }
});

test('edu: accessors as QEMU expects them', async () => {
  const file = [...modules.entries()].find(([p]) => /(^|\/)edu\.ts$/.test(p))?.[1];
  assert.ok(file, 'specs/edu.regs emits edu.ts');
  // The module is emitted at run time, so describe the part used here.
  const m = (await import(pathToFileURL(file!).href)) as {
    EduRegs: new (io: RecordingMmio) => {
      ident: { read(): number; get(f: 'major'): number };
      status: { modify(v: { irq_fact: boolean }): void };
      dma_cmd: { write(v: { start: boolean; direction: string; irq: boolean }): void };
      factorial: { write(v: number): void };
    };
    EduIrq: new (io: RecordingMmio) => { ack(set: number): void; pending(): number; enable(set: number): void; disable(set: number): void };
  } & { EduIrq: { fact: number; dma: number } };
  const io = new RecordingMmio(new TypedArrayMmio(new ArrayBuffer(0x100000)));
  const regs = new m.EduRegs(io);
  io.inner.write32(0, 0x010000ed);
  assert.is(regs.ident.get('major'), 1);
  regs.factorial.write(5);
  io.inner.write32(0x20, 0x1); // computing
  regs.status.modify({ irq_fact: true });
  regs.dma_cmd.write({ start: true, direction: 'from_device', irq: true });
  assert.equal(io.take(), ['r32 0x0 = 0x10000ed', 'w32 0x8 = 0x5', 'r32 0x20 = 0x1', 'w32 0x20 = 0x80', 'w64 0x98 = 0x7']);
  const irq = new m.EduIrq(io);
  irq.ack(m.EduIrq.fact | m.EduIrq.dma);
  assert.equal(io.take(), ['w32 0x64 = 0x101']);
  // dma is enabled by dma_cmd.irq, a bit of a 64-bit register: one 8-byte read-modify-write, start (pulse) written 0
  io.inner.write64(0x98, 0x3n);
  irq.enable(m.EduIrq.dma);
  irq.disable(m.EduIrq.dma);
  assert.equal(io.take(), ['r64 0x98 = 0x3', 'w64 0x98 = 0x6', 'r64 0x98 = 0x6', 'w64 0x98 = 0x2']);
  io.inner.write32(0x24, 0x100);
  assert.is(irq.pending(), 0, 'dma pending but not enabled');
  io.inner.write64(0x98, 0x4n);
  assert.is(irq.pending(), m.EduIrq.dma);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
