// Spec names that collide with class members, core imports or Function statics still give valid,
// type-correct modules: members get a trailing '_', top-level names a numeric suffix.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IrInterruptGroup, IrRegister, IrSpec } from '../../../../compiler/ir/ir.js';
import { TypedArrayMmio } from '../../../../runtime/registers/mmio.js';
import { emit, fixture, root } from './emit.js';

function renamed(): IrSpec {
  const ir = fixture('interrupts');
  const dev = ir.devices[0]!;
  const nodes = dev.bars[0]!.nodes.map((n, i) => (i === 0 ? { ...n, name: 'io' } : i === 1 ? { ...n, name: 'register' } : n)) as IrRegister[];
  const groups = dev.interrupts.map((g, i): IrInterruptGroup => (i === 0 ? { ...g, causes: g.causes.map((c, j) => (j === 0 ? { ...c, name: 'name' } : j === 1 ? { ...c, name: 'length' } : c)) } : g));
  // Keep the refs' paths consistent with the renamed registers.
  const fix = (p: readonly string[]): string[] => p.map((s) => (s === 'isr' ? 'io' : s === 'ier' ? 'register' : s));
  const json = JSON.stringify({ ...ir, devices: [{ ...dev, bars: [{ ...dev.bars[0]!, nodes }], interrupts: groups }] }, (k, v: unknown) =>
    k === 'path' && Array.isArray(v) ? fix(v as string[]) : v,
  );
  return JSON.parse(json) as IrSpec;
}

test('colliding names give a valid module that type-checks', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-names-'));
  const [file] = await emit(renamed(), 'names.regs', path.join(root, 'runtime/registers/index.js'));
  const text = String(file!.contents);
  assert.match(text, /readonly io_: IoRegister;/);
  assert.match(text, /export const Register2 = \{/);
  assert.match(text, /static readonly name_ = 0x1;/);
  assert.match(text, /static readonly length_ = 0x2;/);
  const out = path.join(dir, file!.path);
  writeFileSync(out, text);
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const args = ['--ignoreConfig', '--noEmit', '--strict', '--noUnusedLocals', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
  const r = spawnSync(process.execPath, [tsc, ...args, '--skipLibCheck', '--types', 'node', '--typeRoots', path.join(root, 'node_modules/@types'), out], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stdout + r.stderr);
  const m = (await import(pathToFileURL(out).href)) as {
    IrqdemoRegs: new (io: TypedArrayMmio) => { io: unknown; io_: { read(): number } };
    IrqdemoMain: { name_: number; length_: number };
  };
  const io = new TypedArrayMmio(new ArrayBuffer(0x100));
  io.write32(0, 7);
  const regs = new m.IrqdemoRegs(io);
  assert.is(regs.io, io);
  assert.is(regs.io_.read(), 7);
  assert.equal([m.IrqdemoMain.name_, m.IrqdemoMain.length_], [1, 2]);
  rmSync(dir, { recursive: true, force: true });
});

test.run();
