// vm-guest: {"devices": ["edu-hotplug", "iommu"], "timeoutSec": 180}
// A device removed under a running driver, two ways, in one boot. edu sits behind a PCIe root port:
// 1. `echo 1 > /sys/bus/pci/devices/<BDF>/remove` (run by a child process: the write blocks until the
//    kernel's removal completes), over VFIO (the request interrupt) and over UIO (the sysfs watch and
//    the failed /dev/uioN read), once while the driver polls its registers and once while it waits on
//    an interrupt; a rescan brings edu back for the next case;
// 2. a real hot-unplug: the host's QEMU removes it with QMP `device_del` (asked for over the serial
//    console, test/vm/qmp.mjs; pciehp does the removal) and adds it back with `device_add`, over VFIO
//    while waiting and over UIO while polling.
// Each time the process survives, the driver is told (onRemoved, ENODEV on later calls), and the
// kernel's removal completes within 5 s of the runtime's notice. Last, reset() through sysfs (`bus`
// method) keeps the UIO mapping and INTx working. Run: node test/vm/boot.mjs test/runtime/kernel/edu-removal.guest.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { bindDriver, findPciDevices, openDevice, type Device, type DeviceRemoval } from '../../../runtime/index.js';
import { faultGuard } from '../../../runtime/native/fault-guard.js';
import { EduRegs } from '../../../generated/edu/edu.js';
import { qmp } from '../../vm/guest/qmp.js';
import { EDU, checkInterrupts, checkRegisters, guestTest } from './edu-driver.js';

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
  const methods = `/sys/bus/pci/devices/${findEdu()}/reset_method`;
  console.log(`edu behind the root port: reset_method ${existsSync(methods) ? readFileSync(methods, 'utf8').trim() : '(none)'}`);
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms: number): Promise<number> {
  const start = Date.now();
  while (!ok()) {
    if (Date.now() - start > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(20);
  }
  return Date.now() - start;
}

const present = () => {
  try {
    return findPciDevices({ vendor: EDU.vendor, device: EDU.device }).length > 0;
  } catch {
    return false; // findPciDevices throws when there is none
  }
};

/** The QEMU id of the edu now in the slot (each device_add needs a new one until QEMU has deleted the old). */
let qemuId = 'hotplug-edu';
let added = 0;

async function plugBack(): Promise<string> {
  // QEMU finishes a device_del (DEVICE_DELETED) a little after the guest let go of the slot; until
  // then device_add fails, so ask again until edu is back.
  const start = Date.now();
  while (!present()) {
    if (Date.now() - start > 15000) throw new Error('edu not back within 15 s of device_add');
    qemuId = `hotplug-edu-${++added}`;
    qmp('device_add', { driver: 'edu', bus: 'hotplug-port', id: qemuId, dma_mask: 0xffffffff });
    await until('edu back', present, 2000).catch(() => 0);
  }
  const ms = Date.now() - start;
  const bdf = findPciDevices({ vendor: EDU.vendor, device: EDU.device })[0]!.bdf;
  console.log(`device_add: ${bdf} present after ${ms} ms`);
  return bdf;
}

/** device_del, then: when the runtime heard of it, and when the device left sysfs. */
async function unplug(dev: Device, bdf: string): Promise<{ removal: DeviceRemoval; noticeMs: number; goneAfterNoticeMs: number }> {
  const told = new Promise<DeviceRemoval>((resolve) => dev.onRemoved(resolve));
  const start = Date.now();
  qmp('device_del', { id: qemuId });
  const removal = await Promise.race([told, sleep(20000).then(() => Promise.reject(new Error('no removal reported within 20 s of device_del')))]);
  const noticeMs = Date.now() - start;
  const goneAfterNoticeMs = await until(`${bdf} gone from sysfs`, () => !existsSync(`/sys/bus/pci/devices/${bdf}`), 5000);
  console.log(`device_del: runtime told after ${noticeMs} ms (${removal.cause}: ${removal.reason}); removal complete ${goneAfterNoticeMs} ms later`);
  return { removal, noticeMs, goneAfterNoticeMs };
}

guestTest('QMP device_del, VFIO, waiting on an interrupt: wait rejected, device released, removal completes', async () => {
  let bdf = findPciDevices({ vendor: EDU.vendor, device: EDU.device })[0]!.bdf;
  console.log(`edu on the hot-plug slot: ${bdf}`);
  bindDriver(bdf, 'vfio-pci');
  const dev = openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 } });
  checkRegisters(dev);
  const regs = new EduRegs(dev.bar(0));
  const waiting = dev.irq.wait({ timeout: 30000 }).then(
    () => new Error('resolved without an interrupt'),
    (e: Error) => e,
  );
  const r = await unplug(dev, bdf);
  assert.is(r.removal.cause, 'request');
  const error = (await waiting) as Error & { code?: string };
  assert.is(error.code, 'ENODEV', error.message);
  assert.throws(() => regs.ident.read(), /was removed/);
  dev.close();
  bdf = await plugBack();
});

guestTest('QMP device_del, UIO, polling: the process survives and reports; the device comes back with device_add', async () => {
  const bdf = findPciDevices({ vendor: EDU.vendor, device: EDU.device })[0]!.bdf;
  bindDriver(bdf, 'uio_pci_generic');
  const dev = openDevice({ uio: bdf }, { bars: { 0: EDU.bar0 } });
  checkRegisters(dev);
  const regs = new EduRegs(dev.bar(0));
  let reads = 0;
  let stop = false;
  const polling = (async () => {
    while (!stop && !dev.removed) {
      regs.ident.read();
      reads++;
      await sleep(1);
    }
  })();
  const r = await unplug(dev, bdf);
  stop = true;
  await polling;
  console.log(`UIO: ${reads} reads before the removal`);
  assert.match(r.removal.cause, /^(sysfs|read-error)$/);
  assert.throws(() => regs.ident.read(), /was removed/);
  dev.close();
  const back = await plugBack();
  bindDriver(back, 'uio_pci_generic');
  const again = openDevice({ uio: back }, { bars: { 0: EDU.bar0 } });
  checkRegisters(again);
  // Behind the root port edu has a reset method (`bus`: a secondary bus reset), so the sysfs reset
  // path runs here: the same mapping and the INTx routing work afterwards.
  const t0 = Date.now();
  again.reset();
  console.log(`sysfs reset (bus) of ${back} over UIO took ${Date.now() - t0} ms`);
  checkRegisters(again);
  await checkInterrupts(again, 2);
  again.close();
});


test.run();
