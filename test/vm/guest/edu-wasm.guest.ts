// vm-guest: {"devices": ["edu"], "timeoutSec": 150}
// The generated edu WebAssembly hot paths (generated/edu/edu.wasm, built from specs/edu.regs) running over
// the real edu BAR0: sysfs resource0 is mmap()ed into a device window (runtime/window), the module is
// instantiated on it, and identification, liveness, factorial polling, the register snapshot and a DMA
// round trip are all driven from wasm. The DMA buffer lives inside the window (scratch pages, locked,
// physical address from /proc/self/pagemap: UIO has no IOMMU). JS cross-checks through the generated
// TypeScript accessors on the Device that openDevice({ uio }) returns.
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EduRegs, device as eduSpec } from '../../../generated/edu/edu.js';
import { physicalAddress } from '../../../runtime/dma/pagemap.js';
import { mlock, munlock, pageSize } from '../../../runtime/ffi/libc.js';
import { bindDriver, findPciDevices, openDevice, type Binding, type Device } from '../../../runtime/index.js';
import { createDeviceWindow, instantiateOnWindow, mapInto, type DeviceWindow, type WindowMapping, type WindowRegion } from '../../../runtime/window/index.js';

/** The exports of the generated edu.wasm this test calls (the generated edu.wasm.ts declares them all). */
interface EduWasmExports {
  setBarBase(bar: number, offset: number): void;
  read$ident(): number;
  write$liveness(mask: number, bits: number): void;
  read$liveness(): number;
  write$factorial(mask: number, bits: number): void;
  read$factorial(): number;
  pollUntil$status(mask: number, expect: number, maxReads: number): number;
  write$dma_src(mask: bigint, bits: bigint): void;
  write$dma_dst(mask: bigint, bits: bigint): void;
  write$dma_count(mask: bigint, bits: bigint): void;
  write$dma_cmd(mask: bigint, bits: bigint): void;
  pollUntil$dma_cmd(mask: bigint, expect: bigint, maxReads: number): number;
  snapshot$regs(buffer: number): number;
}

const BAR0_SIZE = eduSpec.bars[0].size;
/** ~5 s of MMIO reads under TCG (50-110 ns each): far beyond a factorial or edu's 100 ms DMA timer. */
const MAX_READS = 50_000_000;
const ALL32 = 0xffffffff;
const ALL64 = 0xffffffffffffffffn;
/** edu's own DMA buffer (edu.c DMA_START); transfers stay below its 4 KiB end (QEMU 7.2 aborts at it). */
const EDU_BUFFER = 0x40000n;
const DMA_BYTES = 2048;
/** dma_cmd bits: start, direction (1 = device → host). */
const DMA_START = 1n;
const DMA_FROM_DEVICE = 2n;

let bdf = '';
let binding: Binding | undefined;
let dev: Device;
let window: DeviceWindow;
let bar0: WindowMapping;
let resourceFd = -1;
let wasm: EduWasmExports;

test('map BAR0 into a device window and instantiate the generated edu.wasm on it', () => {
  const found = findPciDevices({ vendor: eduSpec.pci.vendor, device: eduSpec.pci.device });
  assert.is(found.length, 1, 'one edu on the bus');
  bdf = found[0]!.bdf;
  binding = bindDriver(bdf, 'uio_pci_generic');
  // openDevice enables memory decoding and bus mastering, and gives JS accessors for cross-checks.
  dev = openDevice({ uio: bdf }, { bars: { 0: BAR0_SIZE } });
  window = createDeviceWindow({ pages: 40 });
  resourceFd = openSync(path.join('/sys/bus/pci/devices', bdf, 'resource0'), 'r+');
  bar0 = mapInto(window, resourceFd, window.place(BAR0_SIZE), BAR0_SIZE, { what: `BAR 0 of ${bdf}` });
  const bytes = readFileSync(new URL('../../../generated/edu/edu.wasm', import.meta.url));
  wasm = instantiateOnWindow(bytes, window, { what: 'edu.wasm' }).exports as unknown as EduWasmExports;
  wasm.setBarBase(0, bar0.offset);
});

test('identification and liveness from wasm agree with the TypeScript accessors', () => {
  const regs = new EduRegs(dev.bar(0));
  assert.is(wasm.read$ident() >>> 0, 0x010000ed);
  assert.is(wasm.read$ident() >>> 0, regs.ident.read());
  wasm.write$liveness(ALL32, 0x12345678);
  assert.is(wasm.read$liveness() >>> 0, 0xedcba987);
  assert.is(regs.liveness.read(), 0xedcba987, 'JS sees what wasm wrote');
});

test('factorial polled to completion in wasm', () => {
  wasm.write$factorial(ALL32, 10);
  const reads = wasm.pollUntil$status(0x1, 0, MAX_READS);
  console.log(`factorial: status polled ${reads} times in wasm`);
  assert.ok(reads >= 1, `pollUntil returned ${reads}`);
  assert.is(wasm.read$factorial() >>> 0, 3628800);
});

test('register snapshot from wasm into window memory', () => {
  const snap: WindowRegion = window.reserveScratch(BAR0_SIZE);
  const n = wasm.snapshot$regs(snap.offset);
  assert.ok(n >= 4, `${n} registers copied`);
  const words = new Uint32Array(window.buffer, snap.offset, 0x28 / 4);
  assert.is(words[0x00 / 4], 0x010000ed, 'ident');
  assert.is(words[0x04 / 4], 0xedcba987, 'liveness');
  assert.is(words[0x08 / 4], 3628800, 'factorial');
});

test('DMA round trip into a buffer inside the window, programmed and polled from wasm', () => {
  const page = pageSize();
  const buf = window.reserveScratch(2 * page, page);
  const va = window.base + BigInt(buf.offset);
  const bytes = new Uint8Array(window.buffer, buf.offset, 2 * page);
  for (let i = 0; i < DMA_BYTES; i++) bytes[i] = (i * 7 + 3) & 0xff;
  bytes.fill(0, page, 2 * page);
  mlock(va, 2 * page, 'DMA buffer in the window');
  try {
    const out = physicalAddress(va, DMA_BYTES, page);
    const back = physicalAddress(va + BigInt(page), DMA_BYTES, page);
    const transfer = (src: bigint, dst: bigint, cmd: bigint): number => {
      wasm.write$dma_src(ALL64, src);
      wasm.write$dma_dst(ALL64, dst);
      wasm.write$dma_count(ALL64, BigInt(DMA_BYTES));
      wasm.write$dma_cmd(ALL64, cmd);
      return wasm.pollUntil$dma_cmd(DMA_START, 0n, MAX_READS);
    };
    const reads1 = transfer(out, EDU_BUFFER, DMA_START);
    const reads2 = transfer(EDU_BUFFER, back, DMA_START | DMA_FROM_DEVICE);
    console.log(`DMA 0x${out.toString(16)} → edu → 0x${back.toString(16)}: dma_cmd polled ${reads1} + ${reads2} times in wasm`);
    assert.ok(reads1 >= 1 && reads2 >= 1, `pollUntil returned ${reads1}, ${reads2}`);
    let differ = 0;
    for (let i = 0; i < DMA_BYTES; i++) if (bytes[page + i] !== bytes[i]) differ++;
    assert.is(differ, 0, 'bytes that came back different');
    assert.is(bytes[page + DMA_BYTES], 0, 'nothing written past the transfer');
  } finally {
    munlock(va, 2 * page, 'DMA buffer in the window');
  }
});

test('detach the BAR, close the device, restore the binding', () => {
  bar0.detach();
  closeSync(resourceFd);
  dev.close();
  binding?.restore();
});

test.run();
