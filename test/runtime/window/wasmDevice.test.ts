// WasmDevice and WasmDeviceModule (runtime/window/wasmDevice.ts): the shared half of every generated
// wrapper, driven directly over the demo device's builds and through the generated DemoWasm.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORE_ROUTINES, deviceRoutines } from '../../../compiler/backends/assemblyscript/index.js';
import { RESERVED_BYTES, WasmDevice, WasmDeviceModule, WindowAccessError, createDeviceWindow, mapInto } from '../../../runtime/window/index.js';
import { demoIr } from '../../fixtures/wasm/demo.js';
import { generate, memfd, openDemo, pread32, pwrite32 } from '../../fixtures/wasm/helpers.js';

const g = await generate();
const url = (name: string): URL => pathToFileURL(path.join(g.dir, name));
const demoBars = [{ index: 0, name: 'regs', size: 0x1000, offset: 0x10000 }] as const;
const demoModule = (): WasmDeviceModule => new WasmDeviceModule({ what: 'demo.wasm', bars: demoBars, plain: url('demo.wasm'), shared: url('demo.shared.wasm') });

function barWindow(shared = false): { window: ReturnType<typeof createDeviceWindow>; fd: number; offset: number } {
  const window = createDeviceWindow({ pages: 4, ...(shared ? { shared: true } : {}) });
  const fd = memfd('wasm-device-bar', 0x1000);
  const { offset } = mapInto(window, fd, window.place(0x1000), 0x1000, { what: 'BAR 0' });
  return { window, fd, offset };
}

test('a module reads each build once, on first use, and keeps it', () => {
  const m = demoModule();
  const plain = m.bytes(false);
  assert.ok(Buffer.from(plain).equals(Buffer.from(g.file('demo.wasm').contents)), 'the plain build');
  assert.ok(Buffer.from(m.bytes(true)).equals(Buffer.from(g.file('demo.shared.wasm').contents)), 'the shared build');
  assert.is(m.bytes(false), plain, 'the same bytes object the second time');
  assert.is(m.what, 'demo.wasm');
  assert.equal(m.bars, demoBars);
});

test('a missing build is an error naming errno, syscall and path', () => {
  const m = new WasmDeviceModule({ what: 'gone.wasm', bars: [], plain: url('gone.wasm'), shared: url('gone.shared.wasm') });
  assert.throws(() => m.bytes(true), (e: Error) => /ENOENT/.test(e.message) && /open/.test(e.message) && e.message.includes(path.join(g.dir, 'gone.shared.wasm')));
});

test('WasmDevice on its own: checks the BAR placement and gives checked raw access, unsigned', () => {
  const { window, fd, offset } = barWindow();
  const dev = new WasmDevice(window, { 0: { offset, size: 0x1000 } }, demoModule());
  pwrite32(fd, 0x40, 0xfeedf00d);
  assert.is(dev.read32(offset + 0x40), 0xfeedf00d, 'unsigned, not the signed i32 wasm returns');
  assert.is(dev.read16(offset + 0x42), 0xfeed);
  assert.is(dev.read8(offset + 0x43), 0xfe);
  dev.write8(offset + 0x40, 0x11);
  dev.write16(offset + 0x44, 0xabcd);
  dev.write32(offset + 0x48, 0x89abcdef);
  dev.write64(offset + 0x50, 0xfedcba9876543210n);
  assert.is(pread32(fd, 0x40), 0xfeedf011);
  assert.is(pread32(fd, 0x44), 0xabcd);
  assert.is(pread32(fd, 0x48), 0x89abcdef);
  assert.is(dev.read64(offset + 0x50), 0xfedcba9876543210n, 'unsigned bigint');
  // The module's constant BAR 0 offset is where the BAR was mapped: read$ctrl (BAR 0 + 0) reaches it.
  pwrite32(fd, 0, 0x1234);
  assert.is((dev.exports as unknown as { read$ctrl(): number }).read$ctrl(), 0x1234);
  assert.throws(() => dev.read64(offset + 4), (e: Error) => e instanceof WindowAccessError && /^wasm read64: offset 0x[0-9a-f]+ is not 8-byte aligned$/.test(e.message));
  assert.throws(() => dev.write32(RESERVED_BYTES - 4, 0), /^wasm write32: offset 65532 \(4 bytes\) is outside the usable device window \[65536, 262144\)$/);
  assert.throws(() => dev.read8(1.5), /read8: offset 1.5 \(1 bytes\) is outside/);
  closeSync(fd);
});

test('a shared window instantiates the shared build', () => {
  const { window, fd, offset } = barWindow(true);
  const dev = new WasmDevice(window, { 0: { offset, size: 0x1000 } }, demoModule());
  pwrite32(fd, 0x10, 77);
  assert.is(dev.read32(offset + 0x10), 77);
  closeSync(fd);
});

test('BAR problems are refused before any access, naming the module and the BAR', () => {
  const { window, fd, offset } = barWindow();
  const m = demoModule();
  const fix = 'map it with mapInto\\(window, fd, 0x10000, 0x1000\\)';
  assert.throws(() => new WasmDevice(window, {}, m), new RegExp(`^demo\\.wasm: BAR 0 \\(regs\\) is not mapped into the window; ${fix}$`));
  assert.throws(() => new WasmDevice(window, { 0: { offset, size: 0x800 } }, m), /^demo\.wasm: BAR 0 \(regs\) is mapped with 2048 bytes; the spec needs 4096$/);
  assert.throws(() => new WasmDevice(window, { 0: { offset: offset + 0x1000, size: 0x1000 } }, m),
    new RegExp(`^demo\\.wasm: BAR 0 \\(regs\\) is mapped at window offset 0x11000, but the module is built to find it at 0x10000; ${fix}$`));
  const tiny = createDeviceWindow({ pages: 2 });
  const far = new WasmDeviceModule({ what: 'far.wasm', bars: [{ ...demoBars[0], offset: 0x20000 }], plain: url('demo.wasm'), shared: url('demo.shared.wasm') });
  assert.throws(() => new WasmDevice(tiny, { 0: { offset: 0x20000, size: 0x1000 } }, far),
    /^far\.wasm: BAR 0 \(regs\) belongs at window offset 0x20000, past the end of this 2-page window; create the window with at least 3 pages$/);
  // A wrapper whose table disagrees with its .wasm (files from two builds) is caught before any routine runs.
  const { window: w2, fd: fd2 } = barWindow();
  mapInto(w2, fd2, 0x20000, 0x1000, { what: 'BAR 0 elsewhere' });
  assert.throws(() => new WasmDevice(w2, { 0: { offset: 0x20000, size: 0x1000 } }, far),
    /^far\.wasm: the module finds BAR 0 at 0x10000 but its wrapper says 0x20000: the \.wasm and the \.wasm\.ts come from different builds; regenerate both$/);
  closeSync(fd2);
  // Plain JS can pass anything: a clear TypeError, not "cannot read properties of null".
  assert.throws(() => new WasmDevice(window, null as unknown as Record<number, never>, m), /^demo\.wasm: bars must map BAR indices to window regions, got null$/);
  window.close();
  assert.throws(() => new WasmDevice(window, { 0: { offset, size: 0x1000 } }, m), /cannot instantiate demo\.wasm: the window is closed/);
  closeSync(fd);
});

test('the generated class is a WasmDevice; its wrapper holds only device-specific code', async () => {
  const d = await openDemo();
  assert.instance(d.dev, WasmDevice);
  const wrapper = g.file('demo.wasm.ts').contents as string;
  assert.match(wrapper, /export class DemoWasm extends WasmDevice<DemoWasmExports> \{/);
  assert.match(wrapper, /export interface DemoWasmExports extends WasmDeviceExports \{/);
  const code = wrapper.replace(/^\s*\/\/.*$/gm, ''); // the header comment may name them
  for (const core of ['readFileSync', 'barOffset', 'instantiateOnWindow', 'checkWindowOffset(this.window.size, offset', 'read8(', 'write64(']) {
    assert.not.ok(code.includes(core), `${core} belongs to WasmDevice, not the wrapper`);
  }
  // Every routine the module exports is wrapped exactly once: by the core or by the generated class.
  const proto = Object.getPrototypeOf(d.dev) as object;
  for (const r of deviceRoutines(demoIr.devices[0]!)) {
    const owner = CORE_ROUTINES.has(r.name) ? WasmDevice.prototype : proto;
    if (r.name === 'barOffset') continue; // the constructor's check; not a method
    assert.ok(Object.hasOwn(owner, r.name), `${r.name} on ${owner === proto ? 'DemoWasm' : 'WasmDevice'}`);
    assert.type(d.dev.exports[r.name], 'function', `${r.name} exported by demo.wasm`);
  }
  assert.not.ok(Object.hasOwn(proto, 'read32'), 'read32 is inherited, not regenerated');
});

test.run();
