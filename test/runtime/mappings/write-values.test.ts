// One rule for a value written, raw or generated (docs/runtime.md, "Values written"): an integer that
// fits the width unsigned; 32-bit writes also take an int32 (stored as its two's complement); 64-bit
// values are bigints 0n … 2^64 − 1. Everything else is a RangeError — never a silently wrapped store.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '../../../compiler/compile.js';
import { ViewMmio } from '../../../runtime/mappings/view-mmio.js';
import { TypedArrayMmio, type Mmio } from '../../../runtime/registers/mmio.js';
import { createSimDevice } from '../../../runtime/sim/index.js';

const spec = `device d {
  bar 0 regs mmio size 4K {
    register b @ 0x0 : 8 rw;
    register h @ 0x2 : 16 rw;
    register w @ 0x4 : 32 rw;
    register q @ 0x8 : 64 rw;
  }
}
`;

function mmios(): [string, Mmio][] {
  const buf = new ArrayBuffer(4096);
  return [
    ['TypedArrayMmio', new TypedArrayMmio(buf)],
    ['ViewMmio', new ViewMmio(new Uint8Array(new ArrayBuffer(4096)), 'BAR 0 (test)')],
  ];
}

test('raw Mmio: 2 ** 32, NaN, 1.7 and 2n ** 64n are refused; -1 as an int32 stores 0xffffffff', async () => {
  const { ir } = await compile({ text: spec, file: 'd.regs' }, { emit: [] });
  const sim = createSimDevice(ir!.devices[0]!);
  for (const [name, io] of [...mmios(), ['sim', sim.bar(0)] as [string, Mmio]]) {
    for (const bad of [2 ** 32, NaN, 1.7, -(2 ** 31) - 1, Infinity]) assert.throws(() => io.write32(4, bad), /write32 at 0x4.*is not a 32-bit value/, `${name} write32(${bad})`);
    assert.throws(() => io.write32(4, '5' as unknown as number), RangeError, `${name}: a string`);
    for (const bad of [2n ** 64n, -1n]) assert.throws(() => io.write64(8, bad), /write64 at 0x8.*is not a 64-bit value \(a bigint 0n … 0xffffffffffffffffn\)/, `${name} write64(${bad})`);
    assert.throws(() => io.write64(8, 5 as unknown as bigint), RangeError, `${name}: a number to write64`);
    for (const bad of [256, -1, 0.5]) assert.throws(() => io.write8(0, bad), /is not an 8-bit value/, `${name} write8(${bad})`);
    for (const bad of [0x10000, -1]) assert.throws(() => io.write16(2, bad), /is not a 16-bit value/, `${name} write16(${bad})`);
    assert.is(io.read32(4), 0, `${name}: nothing was stored`);
    io.write32(4, -1);
    assert.is(io.read32(4), 0xffffffff);
    io.write32(4, 0xffffffff);
    io.write64(8, 2n ** 64n - 1n);
    assert.is(io.read64(8), 2n ** 64n - 1n);
    io.write8(0, 0xff);
    io.write16(2, 0xffff);
  }
  sim.close();
});

test('generated write() follows the same rule as the raw Mmio under it', async () => {
  const r = await compile({ text: spec, file: 'd.regs' }, { emit: ['ts'], registersImport: path.resolve('runtime/registers/index.js') });
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-values-'));
  const file = path.join(dir, 'd.ts');
  writeFileSync(file, r.files.find((f) => f.path.endsWith('.ts'))!.contents);
  type Reg<V> = { write(v: V): void; read(): V };
  const mod = (await import(pathToFileURL(file).href)) as { DRegs: new (io: Mmio) => { b: Reg<number>; h: Reg<number>; w: Reg<number>; q: Reg<bigint> } };
  rmSync(dir, { recursive: true, force: true });
  for (const [name, io] of mmios()) {
    const regs = new mod.DRegs(io);
    for (const v of [2 ** 32, NaN, 1.7]) {
      assert.throws(() => regs.w.write(v), RangeError, `${name}: generated write(${v})`);
      assert.throws(() => io.write32(4, v), RangeError, `${name}: raw write32(${v})`);
    }
    regs.w.write(-1);
    assert.is(regs.w.read(), 0xffffffff);
    io.write32(4, -2);
    assert.is(regs.w.read(), 0xfffffffe);
    for (const v of [256, -1]) {
      assert.throws(() => regs.b.write(v), RangeError);
      assert.throws(() => io.write8(0, v), RangeError);
    }
    for (const v of [2n ** 64n, -1n]) {
      assert.throws(() => regs.q.write(v), RangeError);
      assert.throws(() => io.write64(8, v), RangeError);
    }
  }
});

test.run();
