import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDevice } from '../../../runtime/open-device.js';
import { lockHolder } from '../../../runtime/pci/device-lock.js';
import { tempDir, writeTree } from '../fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function resourceFixture() {
  const sys = path.join(tempDir('regmill-lock-'), 'sys');
  const PCI = 'devices/pci0000:00/0000:00:04.0';
  writeTree(sys, {
    [`${PCI}/resource0`]: Buffer.alloc(4096),
    [`${PCI}/config`]: Buffer.alloc(256),
    [`${PCI}/vendor`]: '0x1234\n',
    [`${PCI}/device`]: '0x11e8\n',
    'bus/pci/devices/0000:00:04.0': { link: `../../../${PCI}` },
  });
  return { sysfsRoot: sys, config: path.join(sys, PCI, 'config') };
}

test('one driver per device: a second open in this process is EBUSY and says so; close frees the lock', () => {
  const roots = resourceFixture();
  const dev = openDevice({ resource: '0000:00:04.0' }, { bars: { 0: 4096 }, sysfsRoot: roots.sysfsRoot });
  assert.is(lockHolder(roots.config), process.pid);
  assert.throws(
    () => openDevice({ resource: '0000:00:04.0' }, { bars: { 0: 4096 }, sysfsRoot: roots.sysfsRoot }),
    (e: Error & { code?: string; holder?: number }) =>
      e.code === 'EBUSY' && e.holder === process.pid && /0000:00:04\.0 is already driven by this process \(pid \d+\): it is open already; close it first; one driver per device \(lock: flock on .*config\)/.test(e.message),
  );
  dev.close();
  assert.is(lockHolder(roots.config), undefined);
  openDevice({ resource: '0000:00:04.0' }, { bars: { 0: 4096 }, sysfsRoot: roots.sysfsRoot }).close();
});

test('one driver per device: a second process gets EBUSY naming the holder pid and its command line', async () => {
  const roots = resourceFixture();
  const code = `import { openDevice } from ${JSON.stringify(path.join(root, 'runtime/open-device.ts'))};
    openDevice({ resource: '0000:00:04.0' }, { bars: { 0: 4096 }, sysfsRoot: ${JSON.stringify(roots.sysfsRoot)} });
    console.log('ready'); setTimeout(() => {}, 30000);`;
  const holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
      holder.on('exit', (c) => reject(new Error(`holder exited ${c}`)));
    });
    assert.throws(
      () => openDevice({ resource: '0000:00:04.0' }, { bars: { 0: 4096 }, sysfsRoot: roots.sysfsRoot }),
      (e: Error & { code?: string; holder?: number }) =>
        e.code === 'EBUSY' && e.holder === holder.pid && new RegExp(`already driven by pid ${holder.pid} \\(.*node.*\\); one driver per device`).test(e.message),
    );
  } finally {
    holder.kill('SIGKILL');
    await new Promise((r) => holder.on('exit', r));
  }
  // SIGKILL leaves no stale lock: the kernel dropped it with the process.
  assert.is(lockHolder(roots.config), undefined);
  openDevice({ resource: '0000:00:04.0' }, { bars: { 0: 4096 }, sysfsRoot: roots.sysfsRoot }).close();
});

test.run();
