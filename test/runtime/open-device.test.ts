import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDevice } from '../../runtime/open-device.js';
import { liveCount } from '../../runtime/ffi/resources.js';
import { SysError } from '../../runtime/ffi/sys-error.js';
import { tempDir, writeTree, patternFile } from './fixtures.js';

test('file backend: one path maps the lowest declared BAR; description states backend and DMA mode', () => {
  const dir = tempDir();
  const f = patternFile(dir, 'bar0', 4096);
  const before = liveCount();
  const dev = openDevice({ file: f }, { bars: { 0: 4096, 2: 8192 } });
  assert.is(dev.backend, 'file');
  assert.match(dev.description, `file backend (BAR 0 = ${f}); no interrupts; DMA sim`);
  dev.bar(0).write32(0x20, 0x01020304);
  assert.is(readFileSync(f).readUInt32LE(0x20), 0x01020304);
  assert.throws(() => dev.bar(2), /bar\(2\): BAR 2 is not mapped: no file was given for it \(pass \{ file: \{ 2: path \} \}\)/);
  assert.is(dev.irq.mode, 'none');
  const buf = dev.dma.alloc(256);
  buf.mmio.write32(0, 5);
  assert.is(liveCount(), before + 1);
  dev.close();
  assert.is(liveCount(), before);
  assert.ok(dev.closed);
  assert.throws(() => buf.mmio.read32(0), /closed/); // close freed the DMA buffer
  assert.throws(() => dev.bar(0), /bar\(0\): the device is closed/);
  assert.throws(() => dev.dma.alloc(16), /device is closed/);
  assert.throws(() => dev.close(), /already closed/);
});

test('file backend: a record maps several BARs; bad options are clear errors', async () => {
  const dir = tempDir();
  const a = patternFile(dir, 'a', 4096);
  const b = patternFile(dir, 'b', 16384);
  const dev = openDevice({ file: { 0: a, 2: b } }, { bars: { 0: 4096, 2: 16384 } });
  assert.is(dev.bar(2).read8(1), 10);
  await dev.irq.wait().then(() => assert.unreachable(), (e) => assert.match(e.message, /file backend has no interrupts/));
  dev.close();
  assert.throws(() => openDevice({ file: { 1: a } }, { bars: { 0: 4096 } }), /file is given for BAR 1, but options.bars does not declare BAR 1/);
  assert.throws(() => openDevice({ file: a }, { bars: { 7: 4096 } }), /BAR index 7 is not 0–5/);
  assert.throws(() => openDevice({ file: a }, { bars: {} }), /declares no BAR/);
  // A failing second BAR leaves nothing mapped behind.
  const before = liveCount();
  assert.throws(() => openDevice({ file: { 0: a, 2: path.join(dir, 'missing') } }, { bars: { 0: 4096, 2: 4096 } }), /open .*missing: ENOENT/);
  assert.is(liveCount(), before);
});

function uioFixture() {
  const root = tempDir('regmill-open-uio-');
  const sys = path.join(root, 'sys');
  const dev = path.join(root, 'dev');
  const PCI = 'devices/pci0000:00/0000:00:04.0';
  writeTree(sys, {
    [`${PCI}/resource`]: '0x00000000fe900000 0x00000000fe9fffff 0x0000000000040200\n',
    [`${PCI}/config`]: Buffer.alloc(256),
    [`${PCI}/vendor`]: '0x1234\n',
    [`${PCI}/device`]: '0x11e8\n',
    'bus/pci/devices/0000:00:04.0': { link: `../../../${PCI}` },
    'class/uio/uio0/name': 'uio_pci_generic\n',
    'class/uio/uio0/event': '0\n',
    'class/uio/uio0/device': { link: `../../../${PCI}` },
    'class/uio/uio0/maps/map0/addr': '0xfe900000\n',
    'class/uio/uio0/maps/map0/size': '0x100000\n',
    'class/uio/uio0/maps/map0/offset': '0x0\n',
  });
  mkdirSync(dev);
  patternFile(dev, 'uio0', 0x100000);
  return { sysfsRoot: sys, devRoot: dev, config: path.join(sys, PCI, 'config') };
}

test('UIO backend against a fixture tree: BAR by PCI address, bus mastering enabled, physical DMA mode stated', () => {
  const roots = uioFixture();
  const dev = openDevice({ uio: '0000:00:04.0' }, { bars: { 0: 0x100000 }, ...roots });
  assert.is(dev.backend, 'uio');
  assert.match(dev.description, /^UIO uio0 \(uio_pci_generic\) on 0000:00:04\.0: BAR 0 = .*dev\/uio0 map 0; interrupts INTx via .*; DMA physical: UIO gives no IOMMU mapping.*; enabled memory decoding and bus mastering in PCI_COMMAND \(close\(\) turns them off again\)$/);
  assert.is(dev.dma.addressMode, 'physical');
  assert.is(dev.irq.mode, 'intx');
  assert.is(readFileSync(roots.config).readUInt16LE(4), 6);
  dev.bar(0).write32(0xffffc, 0xfeedbeef);
  assert.is(readFileSync(path.join(roots.devRoot, 'uio0')).readUInt32LE(0xffffc), 0xfeedbeef);
  assert.throws(() => dev.bar(0).read32(0x100000), /outside BAR 0/);
  dev.close();
  assert.is(readFileSync(roots.config).readUInt16LE(4), 0, 'close turned both bits off again');
  // Read-only use (regmill dump): no interrupts, PCI_COMMAND untouched.
  writeTree(roots.sysfsRoot, { 'devices/pci0000:00/0000:00:04.0/config': Buffer.alloc(256) });
  const ro = openDevice({ uio: 'uio_pci_generic' }, { bars: { 0: 0x100000 }, irq: 'none', enable: false, ...roots });
  assert.is(ro.irq.mode, 'none');
  assert.match(ro.description, /interrupts not requested/);
  assert.is(readFileSync(roots.config).readUInt16LE(4), 0);
  ro.close();
  assert.throws(() => openDevice({ uio: 0 }, { bars: { 0: 0x100000 }, irq: 'msix', ...roots }), /UIO delivers only INTx; options.irq 'msix' needs the VFIO backend/);
  assert.is(readFileSync(roots.config).readUInt16LE(4), 0, 'a failed open turns the bits it set off again');
  assert.throws(() => openDevice({ uio: 0 }, { bars: { 0: 0x1000 }, ...roots }), /spec declares 4096 bytes \(0x1000\) but .*uio0 map 0 has 1048576 bytes \(0x100000\)/);
});

test('sysfs resource backend against a fixture tree', () => {
  const roots = uioFixture();
  writeTree(roots.sysfsRoot, { 'devices/pci0000:00/0000:00:04.0/resource0': Buffer.alloc(0x100000) });
  const dev = openDevice({ resource: '00:04.0' }, { bars: { 0: 0x100000 }, ...roots });
  assert.match(dev.description, /^sysfs resource files of 0000:00:04\.0 .*no interrupts .*DMA physical/);
  dev.bar(0).write16(2, 0xabcd);
  dev.close();
  assert.is(readFileSync(path.join(roots.sysfsRoot, 'devices/pci0000:00/0000:00:04.0/resource0')).readUInt16LE(2), 0xabcd);
});

/** PCI_COMMAND (config offset 4) of the fixture device. */
function command(config: string): number {
  return readFileSync(config).readUInt16LE(4);
}

function setCommand(config: string, value: number): void {
  const b = readFileSync(config);
  b.writeUInt16LE(value, 4);
  writeFileSync(config, b);
}

test('close clears exactly the PCI_COMMAND bits open turned on (UIO and sysfs resource)', () => {
  const roots = uioFixture();
  // Memory decoding already on (the kernel driver enabled the device): open adds only bus mastering.
  setCommand(roots.config, 0x0002);
  const dev = openDevice({ uio: '0000:00:04.0' }, { bars: { 0: 0x100000 }, ...roots });
  assert.match(dev.description, /; enabled bus mastering in PCI_COMMAND \(close\(\) turns it off again\)$/);
  assert.is(command(roots.config), 0x0006);
  // uio_pci_generic's handler sets INTx-disable (bit 10) while the device is open: close must not undo that.
  setCommand(roots.config, 0x0406);
  dev.close();
  assert.is(command(roots.config), 0x0402, 'bus mastering off, memory decoding (set before open) kept, bit 10 as the kernel left it');

  // Everything already on: open changes nothing, says nothing, and close leaves it all on.
  setCommand(roots.config, 0x0106);
  const on = openDevice({ uio: 0 }, { bars: { 0: 0x100000 }, ...roots });
  assert.not.match(on.description, /PCI_COMMAND/);
  on.close();
  assert.is(command(roots.config), 0x0106);

  // The resource backend restores the same way.
  writeTree(roots.sysfsRoot, { 'devices/pci0000:00/0000:00:04.0/resource0': Buffer.alloc(0x100000) });
  setCommand(roots.config, 0x0001);
  const res = openDevice({ resource: '00:04.0' }, { bars: { 0: 0x100000 }, ...roots });
  assert.is(command(roots.config), 0x0007);
  assert.match(res.description, /; enabled memory decoding and bus mastering in PCI_COMMAND \(close\(\) turns them off again\)$/);
  res.close();
  assert.is(command(roots.config), 0x0001, 'I/O decoding (not ours) kept');
});

test('restoreCommand: false leaves the bits on at close and says so', () => {
  const roots = uioFixture();
  for (const source of [{ uio: 0 }, { resource: '0000:00:04.0' }] as const) {
    if ('resource' in source) writeTree(roots.sysfsRoot, { 'devices/pci0000:00/0000:00:04.0/resource0': Buffer.alloc(0x100000) });
    setCommand(roots.config, 0);
    const dev = openDevice(source, { bars: { 0: 0x100000 }, restoreCommand: false, ...roots });
    assert.match(dev.description, /; enabled memory decoding and bus mastering in PCI_COMMAND \(left on at close: restoreCommand is false\)$/);
    dev.close();
    assert.is(command(roots.config), 0x0006);
  }
});

/** The fds this process holds on `file` (resolved through /proc/self/fd). */
function fdsOn(file: string): number[] {
  const real = realpathSync(file);
  return readdirSync('/proc/self/fd').map(Number).filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === real;
    } catch {
      return false; // the fd readdir itself used
    }
  });
}

/** Puts a read-only copy of `file` at fd number `fd`: reads keep working, every write fails with EBADF. */
function makeReadOnly(fd: number, file: string): void {
  const copy = `${file}.ro`;
  copyFileSync(file, copy);
  closeSync(fd);
  const spare: number[] = [];
  for (let got = openSync(copy, 'r'); ; got = openSync(copy, 'r')) {
    if (got === fd) break;
    spare.push(got); // a lower free number: keep it taken until `fd` comes round
    assert.ok(got < fd && spare.length < 64, `could not reuse fd ${fd} (got ${got})`);
  }
  for (const s of spare) closeSync(s);
}

test('a config write failing at close still releases everything else and names errno and path', () => {
  const roots = uioFixture();
  const before = liveCount();
  const dev = openDevice({ uio: 0 }, { bars: { 0: 0x100000 }, ...roots });
  assert.is(command(roots.config), 0x0006);
  // The driver lock (flock, read-only, taken first) and the config-space fd (read-write, opened after it).
  const onConfig = fdsOn(roots.config);
  assert.is(onConfig.length, 2, 'the lock fd and the config fd');
  const cfgFd = Math.max(...onConfig);
  const uioNode = path.join(roots.devRoot, 'uio0');
  assert.ok(fdsOn(uioNode).length > 0, 'the interrupt fd is open');
  const uioMapped = () => readFileSync('/proc/self/maps', 'utf8').includes(realpathSync(path.join(roots.devRoot, 'uio0')));
  assert.ok(uioMapped());
  makeReadOnly(cfgFd!, roots.config);
  let thrown: unknown;
  try {
    dev.close();
  } catch (error) {
    thrown = error;
  }
  assert.instance(thrown, SysError);
  const e = thrown as SysError;
  assert.is(e.code, 'EBADF');
  assert.is(e.syscall, 'pwrite');
  assert.is(e.path, path.join(roots.sysfsRoot, 'bus/pci/devices/0000:00:04.0/config'));
  assert.match(e.message, /^pwrite .*\/bus\/pci\/devices\/0000:00:04\.0\/config: EBADF \(Bad file descriptor\) — could not turn memory decoding and bus mastering back off in PCI_COMMAND \(was the device removed\?\); every other resource was still released$/);
  // ...and it was: the device is closed, BAR unmapped, interrupt and config fds closed, nothing tracked.
  assert.ok(dev.closed);
  assert.throws(() => dev.bar(0), /device is closed/);
  assert.not.ok(uioMapped(), 'BAR mapping released');
  assert.equal(fdsOn(uioNode), [], 'interrupt fd closed');
  assert.not.ok(existsSync(`/proc/self/fd/${cfgFd}`), 'config fd closed');
  assert.equal(fdsOn(roots.config), [], 'driver lock released');
  assert.is(liveCount(), before);
});

test('process exit releases an unclosed device with a pending interrupt wait', () => {
  const roots = uioFixture();
  // A UIO device from the fixture, plus a pending wait on an eventfd vector (a poll thread in flight).
  const script = `
    import { openDevice } from ${JSON.stringify(path.resolve('runtime/open-device.ts'))};
    import { liveCount } from ${JSON.stringify(path.resolve('runtime/ffi/resources.ts'))};
    import { IrqDispatcher } from ${JSON.stringify(path.resolve('runtime/irq/dispatcher.ts'))};
    import { EventfdChannel } from ${JSON.stringify(path.resolve('runtime/irq/eventfd-channel.ts'))};
    const dev = openDevice({ uio: 0 }, { bars: { 0: 0x100000 }, sysfsRoot: ${JSON.stringify(roots.sysfsRoot)}, devRoot: ${JSON.stringify(roots.devRoot)} });
    const irq = new IrqDispatcher('intx', [new EventfdChannel(0, 'x')], 'x');
    irq.wait().catch(() => {});
    process.on('exit', () => console.log('live at exit after release: ' + liveCount()));
    console.log('live ' + liveCount());
    setTimeout(() => process.exit(0), 50);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10000, cwd: process.cwd() });
  assert.is(r.signal, null, 'hung at exit');
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^live [1-9]\d*\nlive at exit after release: 0\n$/);
});

test('openDevice({ vfio: 5 }) and { resource: 5 } say what a PCI address looks like', () => {
  for (const source of [{ vfio: 5 }, { resource: 5 }] as unknown as Parameters<typeof openDevice>[0][]) {
    assert.throws(
      () => openDevice(source, { bars: { 0: 4096 } }),
      (e: Error) => e instanceof TypeError && e.message === '5 (a number) is not a PCI address: give a string DDDD:BB:SS.F, e.g. "0000:00:04.0" (`lspci -D` lists them)',
    );
  }
});

test.run();
