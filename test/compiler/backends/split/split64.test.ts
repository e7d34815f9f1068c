// `split lo_hi|hi_lo` (IrRegister.split): every back end performs exactly the declared accesses in
// the declared order — TypeScript over a recording Mmio, the wasm routines' memory instructions in
// code order, the C accessors run under the recorder — and the simulated device accepts exactly those.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../../../../compiler/compile.js';
import type { IrSpec } from '../../../../compiler/ir/ir.js';
import { cBackend } from '../../../../compiler/backends/c/index.js';
import { decodeWasm } from '../../../../runtime/window/index.js';
import { createSimDevice } from '../../../../runtime/sim/index.js';
import { RecordingMmio } from '../../../runtime/registers/recording-mmio.js';
import { load } from '../typescript/emit.js';
import { root, tempDir } from '../c/emit.js';

const SPEC = `device s {
  bar 0 regs mmio size 0x100 {
    register cap @ 0x00 : 64 ro split lo_hi;
    register asq @ 0x08 : 64 rw split lo_hi { reserved [11:0]; field asqb [63:12]; }
    register acq @ 0x10 : 64 rw split hi_lo;
    register whole @ 0x18 : 64 rw;
  }
}
`;

// --wasm-routines all: the single-access routines (read$, write$, modify$) are what the wasm test traces.
async function build(emit: ('ts' | 'wasm')[]): Promise<Awaited<ReturnType<typeof compile>>> {
  const r = await compile({ text: SPEC, file: 'split.regs' }, { emit, wasmRoutines: 'all' });
  assert.ok(r.ok, r.format());
  return r;
}
const irOf = async (): Promise<IrSpec> => (await build([])).ir!;

interface Regs {
  cap: { read(): bigint };
  asq: { read(): bigint; write(v: bigint | object): void; modify(v: object): void };
  acq: { read(): bigint; write(v: bigint): void; modify(v: object): void };
  whole: { read(): bigint; write(v: bigint): void };
}

test('TypeScript: two 32-bit accesses in the declared order; an unsplit register one 64-bit access', async () => {
  const m = await load<{ SRegs: new (io: RecordingMmio) => Regs }>(await irOf(), 's');
  const io = RecordingMmio.over(0x100);
  const regs = new m.SRegs(io);
  io.inner.write64(0, 0x0000_0020_1e01_07ffn);
  assert.is(regs.cap.read(), 0x0000_0020_1e01_07ffn);
  assert.equal(io.take(), ['r32 0x0 = 0x1e0107ff', 'r32 0x4 = 0x20']);
  regs.asq.write({ asqb: 0x1_2345_6789n });
  assert.equal(io.take(), ['w32 0x8 = 0x56789000', 'w32 0xc = 0x1234']);
  regs.acq.write(0x1122_3344_5566_7788n);
  assert.equal(io.take(), ['w32 0x14 = 0x11223344', 'w32 0x10 = 0x55667788']);
  assert.is(regs.acq.read(), 0x1122_3344_5566_7788n);
  assert.equal(io.take(), ['r32 0x14 = 0x11223344', 'r32 0x10 = 0x55667788']);
  regs.acq.modify({ value: 5n });
  assert.equal(io.take(), ['r32 0x14 = 0x11223344', 'r32 0x10 = 0x55667788', 'w32 0x14 = 0x0', 'w32 0x10 = 0x5']);
  regs.whole.write(0xffn);
  assert.equal(io.take(), ['w64 0x18 = 0xff']);
});

test('wasm: the routines hold the two i32 accesses in the declared order (code order is bus order)', async () => {
  const r = await build(['wasm']);
  const info = decodeWasm(r.files.find((f) => f.path === 's.wasm')!.contents as Uint8Array);
  const trace = (name: string): string[] => {
    const e = info.exports.find((x) => x.name === name);
    assert.ok(e, name);
    const fn = info.functions.find((f) => f.index === e.index)!;
    // A fixed register's address is a constant (the BAR's window offset 0x10000 plus the register's):
    // the i32.const before the access (when its value needs no i32 constant), plus the immediate offset.
    return fn.accesses.map((a) => `${a.kind}${a.bytes * 8} +${((a.lastConst ?? 0) + a.offset).toString(16)}`);
  };
  // wasm-opt would reorder two atomic loads: the fence (an atomic add on the module's scratch cell in
  // page 0) between them is what keeps the read order.
  const fence = (t: string[]): string[] => t.filter((a) => !a.startsWith('rmw'));
  assert.equal(fence(trace('read$cap')), ['load32 +10000', 'load32 +10004']);
  assert.is(trace('read$cap')[1]!.startsWith('rmw32'), true, 'a fence between the halves');
  assert.equal(trace('write$asq'), ['store32 +10008', 'store32 +1000c']);
  assert.equal(fence(trace('read$acq')), ['load32 +10014', 'load32 +10010']);
  assert.equal(trace('write$acq'), ['store32 +10014', 'store32 +10010']);
  // In modify the stores' values hold the loads, so `lastConst` names a store's address only for loads;
  // the stores' order is the same helper as write$acq's.
  const modify = fence(trace('modify$acq'));
  assert.equal(modify.slice(0, 2), ['load32 +10014', 'load32 +10010']);
  assert.equal(modify.slice(2).map((a) => a.split(' ')[0]), ['store32', 'store32']);
  assert.equal(trace('write$whole'), ['store64 +10018']);
});

test('C: the accessors make the two 32-bit accesses in the declared order (recorded)', async () => {
  const ir = await irOf();
  const dir = tempDir('c-split');
  try {
    copyFileSync(path.join(root, 'test/compiler/backends/c/recorder.c'), path.join(dir, 'recorder.c'));
    const [h] = await cBackend.emit(ir, { version: '0.1.0', specName: 'split.regs' });
    writeFileSync(path.join(dir, h!.path), h!.contents);
    const src = path.join(dir, 'split.c');
    writeFileSync(src, [
      '#include "recorder.c"',
      `#include "${h!.path}"`,
      'int main(void) {',
      '  uint8_t *bar = rec_init(0x100);',
      '  rec_begin(); uint64_t c = s_cap_read(bar); rec_end(); printf("= %llx\\n.\\n", (unsigned long long)c);',
      '  rec_begin(); s_asq_write(bar, 0x123456789000ull); rec_end(); printf(".\\n");',
      '  rec_begin(); s_acq_modify(bar, ~0ull, 5); rec_end(); printf(".\\n");',
      '  rec_begin(); s_whole_write(bar, 0xff); rec_end(); printf(".\\n");',
      '  return 0;',
      '}',
      '',
    ].join('\n'));
    const exe = src.slice(0, -2);
    const cc = spawnSync('gcc', ['-std=c11', '-O2', '-Wall', '-Wextra', '-Werror', '-I', dir, '-o', exe, src], { encoding: 'utf8' });
    assert.is(cc.status, 0, `gcc failed:\n${cc.stderr}`);
    const run = spawnSync(exe, [], { encoding: 'utf8' });
    assert.is(run.status, 0, run.stderr);
    const blocks = run.stdout.split('.\n').slice(0, -1).map((b) => b.split('\n').filter((x) => x !== '').map((x) => x.split(' ').slice(0, 2).join(' ')));
    assert.equal(blocks, [
      ['r 0', 'r 4', '= 0'],
      ['w 8', 'w c'],
      ['r 14', 'r 10', 'w 14', 'w 10'],
      ['w 18'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sim: takes the halves in the declared order, refuses a 64-bit access and halves out of order', async () => {
  const ir = await irOf();
  const dev = createSimDevice(ir.devices[0]!);
  const bar = dev.bar(0);
  dev.poke('cap', 0x0000_0020_1e01_07ffn);
  assert.is(bar.read32(0), 0x1e01_07ff);
  assert.is(bar.read32(4), 0x20);
  bar.write32(0x8, 0x5678_9000);
  assert.is(dev.peek('asq'), 0n, 'the low half alone does not change the register');
  bar.write32(0xc, 0x1234);
  assert.is(dev.peek('asq'), 0x1234_5678_9000n);
  bar.write32(0x14, 0x1);
  bar.write32(0x10, 0x2);
  assert.is(dev.peek('acq'), 0x1_0000_0002n);
  assert.throws(() => bar.read64(0), /'cap'.*split lo_hi: access it as two 32-bit reads, 0x0 then 0x4/);
  assert.throws(() => bar.write32(0xc, 0), /the low half first; write 0x8 before 0xc/);
  assert.throws(() => bar.read32(0x10), /the high half first; read 0x14 before 0x10/);
  bar.write64(0x18, 0xffn);
  assert.is(dev.peek('whole'), 0xffn);
  dev.close();
});

test.run();
