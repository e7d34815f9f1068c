// vm-guest: {"devices": ["edu"], "timeoutSec": 150}
// The generated edu WebAssembly hot paths (generated/edu/edu.wasm through its generated wrapper EduWasm,
// both built from specs/edu.regs) running over the real edu BAR0: sysfs resource0 is mmap()ed into a
// device window (runtime/window), the module is instantiated on it, and identification, liveness,
// factorial polling (pollUntil$status), a DMA round trip (pollUntil$dma_cmd) and the register snapshot
// (snapshot$regs) are all driven from wasm. The module is the default build (--wasm-routines loops), which
// has no single-access routine per register: single reads and writes go through the module's generic
// read32/write32/read64/write64 (one access of that width) at the register's window offset, taken
// from the generated IR (generated/edu/edu.ir.json). The DMA buffer lives inside the window (scratch pages,
// locked, physical address from /proc/self/pagemap: UIO has no IOMMU). Masks come from the generated
// field descriptors; JS cross-checks go through the generated TypeScript accessors, on the Device that
// openDevice({ uio }) returns and on the snapshot in window memory.
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DmaCmd, DmaCmdDirection, EduRegs, Ident, Status, device as eduSpec } from '../../../generated/edu/edu.js';
import { EduWasm, EduWasmBars } from '../../../generated/edu/edu.wasm.js';
import { physicalAddress } from '../../../runtime/dma/pagemap.js';
import { mlock, munlock, pageSize } from '../../../runtime/ffi/libc.js';
import { bindDriver, findPciDevices, openDevice, TypedArrayMmio, type Binding, type Device } from '../../../runtime/index.js';
import { createDeviceWindow, mapInto, type DeviceWindow, type WindowMapping, type WindowRegion } from '../../../runtime/window/index.js';

const BAR0_SIZE = eduSpec.bars[0].size;
const eduIr = JSON.parse(readFileSync(new URL('../../../generated/edu/edu.ir.json', import.meta.url), 'utf8')) as {
  devices: { bars: { index: number; nodes: { name: string; offset: number }[] }[] }[];
};
/** Window offset of a BAR 0 register of edu, where the module reaches it. */
const at = (name: string): number => {
  const node = eduIr.devices[0]!.bars.find((b) => b.index === 0)!.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`edu.ir.json: no register ${name} in BAR 0`);
  return EduWasmBars[0].offset + node.offset;
};
/** ~5 s of MMIO reads under TCG (50-110 ns each): far beyond a factorial or edu's 100 ms DMA timer. */
const MAX_READS = 50_000_000;
/** edu's own DMA buffer (edu.c DMA_START, a device address, not a register); transfers stay below its 4 KiB end (QEMU 7.2 aborts at it). */
const EDU_BUFFER = 0x40000n;
const DMA_BYTES = 2048;
const FROM_DEVICE = DmaCmd.direction.encode(DmaCmdDirection.from_device, 'dma_cmd');

let bdf = '';
let binding: Binding | undefined;
let dev: Device;
let window: DeviceWindow;
let bar0: WindowMapping;
let resourceFd = -1;
let wasm: EduWasm;
/** Where the last DMA wrote back (checked again in the snapshot). */
let dmaBack = 0n;

test('map BAR0 into a device window and instantiate the generated edu.wasm on it', () => {
  const found = findPciDevices({ vendor: eduSpec.pci.vendor, device: eduSpec.pci.device });
  assert.is(found.length, 1, 'one edu on the bus');
  bdf = found[0]!.bdf;
  binding = bindDriver(bdf, 'uio_pci_generic');
  // openDevice enables memory decoding and bus mastering, and gives JS accessors for cross-checks.
  dev = openDevice({ uio: bdf }, { bars: { 0: BAR0_SIZE } });
  window = createDeviceWindow({ pages: 40 });
  resourceFd = openSync(path.join('/sys/bus/pci/devices', bdf, 'resource0'), 'r+');
  bar0 = mapInto(window, resourceFd, EduWasmBars[0].offset, BAR0_SIZE, { what: `BAR 0 of ${bdf}` }); // where edu.wasm is built to find it
  assert.equal(EduWasmBars.map((b) => b.index), [0], 'the module reaches BAR 0 only');
  wasm = new EduWasm(window, { 0: bar0 });
});

test('identification and liveness from wasm agree with the TypeScript accessors', () => {
  const regs = new EduRegs(dev.bar(0));
  const ident = wasm.read32(at('ident'));
  assert.equal([Ident.magic.get(ident), Ident.major.get(ident), Ident.minor.get(ident)], [0xed, 1, 0]);
  assert.is(ident, regs.ident.read());
  wasm.write32(at('liveness'), 0x12345678);
  assert.is(wasm.read32(at('liveness')), ~0x12345678 >>> 0);
  assert.is(regs.liveness.read(), ~0x12345678 >>> 0, 'JS sees what wasm wrote');
});

test('factorial polled to completion in wasm', () => {
  wasm.write32(at('factorial'), 10);
  const reads = wasm.pollUntil$status(Status.computing.mask, 0, MAX_READS);
  console.log(`factorial: status polled ${reads} times in wasm`);
  assert.ok(reads >= 1, `pollUntil returned ${reads}`);
  assert.is(wasm.read32(at('factorial')), 3628800);
  assert.is(new EduRegs(dev.bar(0)).factorial.read(), 3628800, 'JS reads the same result');
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
      wasm.write64(at('dma_src'), src);
      wasm.write64(at('dma_dst'), dst);
      wasm.write64(at('dma_count'), BigInt(DMA_BYTES));
      wasm.write64(at('dma_cmd'), cmd);
      return wasm.pollUntil$dma_cmd(DmaCmd.start.mask, 0n, MAX_READS);
    };
    const reads1 = transfer(out, EDU_BUFFER, DmaCmd.start.mask);
    const reads2 = transfer(EDU_BUFFER, back, DmaCmd.start.mask | FROM_DEVICE);
    console.log(`DMA 0x${out.toString(16)} → edu → 0x${back.toString(16)}: dma_cmd polled ${reads1} + ${reads2} times in wasm`);
    assert.ok(reads1 >= 1 && reads2 >= 1, `pollUntil returned ${reads1}, ${reads2}`);
    let differ = 0;
    for (let i = 0; i < DMA_BYTES; i++) if (bytes[page + i] !== bytes[i]) differ++;
    assert.is(differ, 0, 'bytes that came back different');
    assert.is(bytes[page + DMA_BYTES], 0, 'nothing written past the transfer');
    dmaBack = back;
  } finally {
    munlock(va, 2 * page, 'DMA buffer in the window');
  }
});

test('register snapshot from wasm into window memory, read back through the generated accessors', () => {
  const snap: WindowRegion = window.reserveScratch(BAR0_SIZE, 8);
  const n = wasm.snapshot$regs(snap.offset);
  // Every readable edu register has no read side effect: ident … dma_cmd (irq_raise/irq_ack are write-only).
  assert.is(n, 9, 'registers copied');
  const saved = new EduRegs(new TypedArrayMmio(window.buffer, snap.offset, BAR0_SIZE));
  const live = new EduRegs(dev.bar(0));
  assert.is(saved.ident.read(), live.ident.read(), 'ident');
  assert.is(saved.liveness.read(), ~0x12345678 >>> 0, 'liveness');
  assert.is(saved.factorial.read(), 3628800, 'factorial');
  assert.is(saved.status.read(), live.status.read(), 'status');
  assert.is(saved.irq_status.read(), live.irq_status.read(), 'irq_status');
  // The 64-bit DMA registers, as the second transfer left them.
  assert.is(saved.dma_src.read(), EDU_BUFFER, 'dma_src');
  assert.is(saved.dma_dst.read(), dmaBack, 'dma_dst');
  assert.is(saved.dma_count.read(), BigInt(DMA_BYTES), 'dma_count');
  const cmd = saved.dma_cmd.read();
  assert.is(DmaCmd.start.get(cmd), false, 'dma_cmd.start: the transfer had finished');
  assert.is(DmaCmd.direction.get(cmd), DmaCmdDirection.from_device, 'dma_cmd.direction');
  assert.is(cmd, live.dma_cmd.read(), 'dma_cmd as the device holds it');
});

test('detach the BAR, close the device, restore the binding', () => {
  bar0.detach();
  closeSync(resourceFd);
  dev.close();
  binding?.restore();
});

test.run();
