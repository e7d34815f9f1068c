// A module with two register BARs: each is reached at its window-layout offset, the offsets are what
// place() gives when the BARs are mapped first in index order, and the module refuses the window when
// the second BAR is mapped anywhere else.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IrSpec } from '../../../../compiler/ir/ir.js';
import { BAR_ALIGN, WINDOW_RESERVED } from '../../../../compiler/backends/assemblyscript/index.js';
import { HOST_PAGE, RESERVED_BYTES, createDeviceWindow, mapInto, type DeviceWindow, type WindowRegion } from '../../../../runtime/window/index.js';
import { demoIr } from '../../../fixtures/wasm/demo.js';
import { register } from '../../../fixtures/wasm/ir-builder.js';
import { generate, memfd, pread32, pwrite32 } from '../../../fixtures/wasm/helpers.js';

const at = { file: 'two.regs', line: 1, col: 1 };
const demo = demoIr.devices[0]!;
const twoBars: IrSpec = {
  ...demoIr,
  devices: [
    {
      ...demo,
      name: 'two',
      bars: [
        { index: 0, name: 'regs', kind: 'mmio', size: 0x100, prefetchable: false, is64: false, doc: '', hasRegisters: true, at, nodes: [register('ctrl', 0x0), register('tdt', 0x28), register('tdh', 0x2c), register('rdt', 0x30)] },
        { index: 1, name: 'ports', kind: 'io', size: 0x20, prefetchable: false, is64: false, doc: '', hasRegisters: false, nodes: [], at },
        { index: 2, name: 'aux', kind: 'mmio', size: 0x2000, prefetchable: false, is64: false, doc: '', hasRegisters: true, at, nodes: [register('scratch', 0x1ffc), register('lanes', 0x100, { array: { count: 4, stride: 4 } })] },
      ],
      blockTypes: [],
    },
  ],
};

type Two = {
  read$scratch(): number;
  write$scratch(mask: number, bits: number): void;
  read$lanes(i: number): number;
  read$ctrl(): number;
  snapshot$aux(buffer: number): number;
};
type TwoModule = {
  TwoWasm: new (w: DeviceWindow, bars: Record<number, WindowRegion>) => Two;
  TwoWasmBars: readonly { index: number; offset: number; size: number }[];
};

const g = await generate(twoBars);
const mod = (await import(pathToFileURL(path.join(g.dir, 'two.wasm.ts')).href)) as TwoModule;

test('the compiler and the runtime agree on the window: reserved first page, host-page placement', () => {
  // The back end cannot import the runtime (the IR is its only contract), so the two constants meet here.
  assert.is(WINDOW_RESERVED, RESERVED_BYTES);
  assert.is(BAR_ALIGN, HOST_PAGE);
});

test('BAR 0 at 0x10000, BAR 2 on the next 4 KiB boundary; the I/O BAR takes no room', () => {
  assert.equal(mod.TwoWasmBars.map((b) => [b.index, b.offset]), [[0, 0x10000], [2, 0x11000]]);
  assert.match(g.file('two.as.ts').contents as string, /^const BAR2: usize = 0x11000; \/\/ BAR 2 \(aux\), 0x2000 bytes$/m);
});

test('mapped in index order with place(), each BAR is where the module reaches it', () => {
  const window = createDeviceWindow({ pages: 4 });
  const fd0 = memfd('two-bar0', 0x1000);
  const fd2 = memfd('two-bar2', 0x2000);
  const bar0 = mapInto(window, fd0, window.place(0x100), 0x100, { what: 'BAR 0' });
  const bar2 = mapInto(window, fd2, window.place(0x2000), 0x2000, { what: 'BAR 2' });
  const dev = new mod.TwoWasm(window, { 0: bar0, 2: bar2 });
  pwrite32(fd0, 0, 0xc0ffee);
  pwrite32(fd2, 0x1ffc, 0xabcdef01);
  pwrite32(fd2, 0x108, 0x5150);
  assert.is(dev.read$ctrl(), 0xc0ffee, 'BAR 0 register');
  assert.is(dev.read$scratch(), 0xabcdef01, 'BAR 2 register at its last word');
  assert.is(dev.read$lanes(2), 0x5150, 'BAR 2 array element');
  dev.write$scratch(0xffffffff, 0x12345678);
  assert.is(pread32(fd2, 0x1ffc), 0x12345678);
  assert.is(pread32(fd0, 0), 0xc0ffee, 'BAR 0 untouched');
  closeSync(fd0);
  closeSync(fd2);
});

test('the second BAR mapped elsewhere is refused with where it belongs', () => {
  const window = createDeviceWindow({ pages: 4 });
  const fd0 = memfd('two-bar0', 0x1000);
  const fd2 = memfd('two-bar2', 0x2000);
  const bar0 = mapInto(window, fd0, 0x10000, 0x100, { what: 'BAR 0' });
  const bar2 = mapInto(window, fd2, 0x20000, 0x2000, { what: 'BAR 2' });
  assert.throws(() => new mod.TwoWasm(window, { 0: bar0, 2: bar2 }),
    /^two\.wasm: BAR 2 \(aux\) is mapped at window offset 0x20000, but the module is built to find it at 0x11000; map it with mapInto\(window, fd, 0x11000, 0x2000\)$/);
  closeSync(fd0);
  closeSync(fd2);
});

test.run();
