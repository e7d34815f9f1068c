// vm-guest: {"devices": ["edu", "iommu"], "timeoutSec": 150}
// A device removed under a running driver (`echo 1 > /sys/bus/pci/devices/<BDF>/remove`, run by a
// child process because the write blocks until the kernel's removal completes): over VFIO (the request
// interrupt) and over UIO (the sysfs watch and the failed /dev/uioN read), once while the driver polls
// its registers and once while it waits on an interrupt. Each time the process survives, the driver
// is told (onRemoved, ENODEV on later calls), and the removal completes within 5 s; then a rescan
// brings edu back for the next case. Run: node test/vm/boot.mjs test/runtime/kernel/edu-removal.guest.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { bindDriver, findPciDevices, openDevice, type Device, type DeviceRemoval } from '../../../runtime/index.js';
import { faultGuard } from '../../../runtime/native/fault-guard.js';
import { EduRegs } from '../../../generated/edu/edu.js';
import { EDU, checkRegisters, guestTest } from './edu-driver.js';

const REMOVAL_DEADLINE_MS = 5000;

function findEdu(): string {
  return findPciDevices({ vendor: EDU.vendor, device: EDU.device })[0]!.bdf;
}

/** Starts `echo 1 > remove` in a child; resolves with how long the kernel's removal took. */
function removeInBackground(bdf: string): Promise<number> {
  const start = Date.now();
  const child = spawn('sh', ['-c', `echo 1 > /sys/bus/pci/devices/${bdf}/remove`], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`removal of ${bdf} still blocked after ${REMOVAL_DEADLINE_MS} ms`)), REMOVAL_DEADLINE_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Date.now() - start);
      else reject(new Error(`echo 1 > remove exited ${code}`));
    });
  });
}

/** The error a wait rejects with (no interrupt is raised in these tests). */
function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  return p.then(
    () => {
      throw new Error('the wait resolved, but no interrupt was raised');
    },
    (e: Error & { code?: string }) => e,
  );
}

function removal(dev: Device): Promise<DeviceRemoval> {
  return new Promise((resolve) => dev.onRemoved(resolve));
}

/** Brings the removed device back (unbound) and binds it to `driver` again. */
async function rescan(driver: 'vfio-pci' | 'uio_pci_generic'): Promise<string> {
  writeFileSync('/sys/bus/pci/rescan', '1');
  for (let i = 0; i < 100 && findPciDevices({ vendor: EDU.vendor, device: EDU.device }).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  const bdf = findEdu();
  bindDriver(bdf, driver);
  return bdf;
}

function assertGone(dev: Device, regs: EduRegs, r: DeviceRemoval, cause: RegExp): void {
  console.log(`removed: ${r.cause}: ${r.reason}`);
  assert.match(r.cause, cause);
  assert.equal(dev.removed, r);
  assert.throws(() => regs.ident.read(), (e: Error & { code?: string }) => e.code === 'ENODEV' && /was removed/.test(e.message));
  assert.throws(() => dev.bar(0), /was removed/);
  dev.close(); // never throws after a removal
}

/** Reads ident in a loop (yielding to the event loop, as a polling driver with a timer does) until removed. */
async function pollUntilRemoved(dev: Device, regs: EduRegs): Promise<number> {
  let reads = 0;
  while (!dev.removed) {
    try {
      regs.ident.read();
      reads++;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENODEV') throw error;
    }
    await new Promise((r) => setImmediate(r));
  }
  return reads;
}

let bdf = '';

guestTest('the SIGBUS guard is built and loaded in the guest', () => {
  const g = faultGuard();
  console.log(g.reason);
  assert.ok(g.active, g.reason);
});

guestTest('VFIO, polling: the request interrupt releases the device; removal completes', async () => {
  bdf = findEdu();
  bindDriver(bdf, 'vfio-pci');
  const dev = openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 } });
  checkRegisters(dev);
  const regs = new EduRegs(dev.bar(0));
  const told = removal(dev);
  const polling = pollUntilRemoved(dev, regs);
  const ms = await removeInBackground(bdf);
  const reads = await polling;
  console.log(`VFIO polling: removal completed in ${ms} ms after ${reads} reads`);
  assertGone(dev, regs, await told, /^request$/);
  assert.not.ok(existsSync(`/sys/bus/pci/devices/${bdf}`));
});

guestTest('VFIO, waiting on an interrupt: the wait rejects with ENODEV and the reason', async () => {
  bdf = await rescan('vfio-pci');
  const dev = openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 } });
  const regs = new EduRegs(dev.bar(0));
  const told = removal(dev);
  const waiting = rejection(dev.irq.wait({ timeout: 10000 }));
  const ms = await removeInBackground(bdf);
  const error = await waiting;
  console.log(`VFIO waiting: removal completed in ${ms} ms; wait rejected: ${error.message}`);
  assert.is(error.code, 'ENODEV');
  assert.match(error.message, /VFIO request interrupt/);
  assertGone(dev, regs, await told, /^request$/);
  await dev.irq.wait().then(() => assert.unreachable(), (e: { code?: string }) => assert.is(e.code, 'ENODEV'));
});

guestTest('UIO, polling: the sysfs watch notices, memory reads all ones, the process survives', async () => {
  bdf = await rescan('uio_pci_generic');
  const dev = openDevice({ uio: bdf }, { bars: { 0: EDU.bar0 } });
  checkRegisters(dev);
  const regs = new EduRegs(dev.bar(0));
  const told = removal(dev);
  const polling = pollUntilRemoved(dev, regs);
  const ms = await removeInBackground(bdf);
  const reads = await polling;
  console.log(`UIO polling: removal completed in ${ms} ms after ${reads} reads`);
  assertGone(dev, regs, await told, /^(sysfs|read-error)$/);
});

guestTest('UIO, waiting on an interrupt: the failed /dev/uioN read or the sysfs watch rejects the wait', async () => {
  bdf = await rescan('uio_pci_generic');
  const dev = openDevice({ uio: bdf }, { bars: { 0: EDU.bar0 } });
  const regs = new EduRegs(dev.bar(0));
  const told = removal(dev);
  const waiting = rejection(dev.irq.wait({ timeout: 10000 }));
  const ms = await removeInBackground(bdf);
  const error = await waiting;
  console.log(`UIO waiting: removal completed in ${ms} ms; wait rejected: ${error.message}`);
  assert.is(error.code, 'ENODEV');
  assertGone(dev, regs, await told, /^(sysfs|read-error)$/);
  bdf = await rescan('uio_pci_generic');
  assert.ok(bdf);
});

test.run();
