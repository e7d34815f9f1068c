// Device removal and reset without a kernel: the sysfs watch on a fixture tree, the watch never
// keeping the process alive, and the simulated device's markRemoved() and reset().
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDevice } from '../../runtime/open-device.js';
import { createSimDevice } from '../../runtime/sim/index.js';
import { tempDir, writeTree } from './fixtures.js';
import { bar, device, reg } from './sim/ir-builder.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function fixture() {
  const sys = path.join(tempDir('regmill-removal-'), 'sys');
  const PCI = 'devices/pci0000:00/0000:00:04.0';
  writeTree(sys, {
    [`${PCI}/resource0`]: Buffer.alloc(4096, 0x5a),
    [`${PCI}/config`]: Buffer.alloc(256),
    'bus/pci/devices/0000:00:04.0': { link: `../../../${PCI}` },
  });
  return { sysfsRoot: sys, link: path.join(sys, 'bus/pci/devices/0000:00:04.0') };
}

test('the device leaving sysfs: noticed by the watch, memory to all ones, later calls ENODEV', async () => {
  const f = fixture();
  const dev = openDevice({ resource: '0000:00:04.0' }, { bars: { 0: 4096 }, sysfsRoot: f.sysfsRoot, enable: false });
  const regs = dev.bar(0);
  assert.is(regs.read32(0), 0x5a5a5a5a);
  const told = new Promise<string>((resolve) => dev.onRemoved((r) => resolve(`${r.cause}: ${r.reason}`)));
  rmSync(f.link);
  const started = Date.now();
  const alive = setInterval(() => {}, 50); // the watch itself is unref'd: a driver's own work keeps the loop going
  const said = await told;
  clearInterval(alive);
  assert.match(said, /^sysfs: .*0000:00:04\.0 is gone: the device was removed$/);
  assert.ok(Date.now() - started < 1000, 'within a few watch periods');
  assert.equal(dev.removed?.cause, 'sysfs');
  assert.throws(() => regs.read32(0), (e: Error & { code?: string }) => e.code === 'ENODEV');
  assert.throws(() => dev.reset(), /was removed/);
  dev.close();
});

test('an open device with its removal watch does not keep the process alive', () => {
  const f = fixture();
  const code = `import { openDevice } from ${JSON.stringify(path.join(root, 'runtime/open-device.ts'))};
    openDevice({ resource: '0000:00:04.0' }, { bars: { 0: 4096 }, sysfsRoot: ${JSON.stringify(f.sysfsRoot)}, enable: false });`;
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout: 20000 });
  assert.is(r.status, 0, r.stderr);
  assert.ok(Date.now() - started < 15000);
});

test('reset(): the sysfs backend without a reset file says so; the file backend has none', () => {
  const f = fixture();
  const dev = openDevice({ resource: '0000:00:04.0' }, { bars: { 0: 4096 }, sysfsRoot: f.sysfsRoot, enable: false });
  assert.throws(() => dev.reset(), (e: Error & { code?: string }) => e.code === 'ENOTSUP' && /0000:00:04\.0 has no reset method \(.*reset does not exist/.test(e.message));
  dev.close();
  const withReset = fixture();
  writeTree(path.join(withReset.sysfsRoot, 'devices/pci0000:00/0000:00:04.0'), { reset: '' });
  const d2 = openDevice({ resource: '0000:00:04.0' }, { bars: { 0: 4096 }, sysfsRoot: withReset.sysfsRoot, enable: false });
  d2.reset(); // writes "1" to the reset file
  assert.is(d2.bar(0).read32(0), 0x5a5a5a5a, 'the mapping still works');
  d2.close();
});

test('the simulated device: reset() restores reset values; markRemoved() fails later calls with ENODEV', async () => {
  const sim = createSimDevice(device('dev', [bar(0, 'regs', 0x1000, [reg('ctrl', 0, 32, 'rw', { reset: 0x11 })])]));
  const regs = sim.bar(0);
  regs.write32(0, 0x22);
  assert.is(regs.read32(0), 0x22);
  sim.reset();
  assert.is(regs.read32(0), 0x11);
  const seen: string[] = [];
  sim.onRemoved((r) => seen.push(r.cause));
  sim.markRemoved();
  assert.throws(() => regs.read32(0), (e: Error & { code?: string }) => e.code === 'ENODEV' && /was removed/.test(e.message));
  await Promise.resolve();
  assert.equal(seen, ['notice']);
  sim.close();
});

test.run();
