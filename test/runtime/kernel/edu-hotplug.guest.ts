// vm-guest: {"devices": ["edu-hotplug", "iommu"], "timeoutSec": 150}
// A real hot-unplug: edu sits behind a PCIe root port (pciehp) and the host's QEMU removes it with QMP
// `device_del` (asked for over the serial console, test/vm/qmp.mjs), then adds it back with `device_add`.
// Over VFIO while waiting on an interrupt (vfio-pci holds the removal until the device is released:
// the request interrupt) and over UIO while polling: the process survives, reports the removal, and
// the kernel's removal completes within 5 s of the runtime's notice. Run: node test/vm/boot.mjs test/runtime/kernel/edu-hotplug.guest.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { bindDriver, findPciDevices, openDevice, type Device, type DeviceRemoval } from '../../../runtime/index.js';
import { EduRegs } from '../../../generated/edu/edu.js';
import { qmp } from '../../vm/guest/qmp.js';
import { EDU, checkRegisters, guestTest } from './edu-driver.js';

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

guestTest('VFIO, waiting on an interrupt, QMP device_del: wait rejected, device released, removal completes', async () => {
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

guestTest('UIO, polling, QMP device_del: the process survives and reports; the device comes back with device_add', async () => {
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
  again.close();
});

test.run();
