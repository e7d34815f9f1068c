// vm-guest: {"devices": ["edu", "e1000e", "iommu"], "timeoutSec": 150}
// Killed drivers, second openers and reset on real kernels. A driver process (driver-child.ts) opens
// edu over each backend and is sent SIGTERM: PCI_COMMAND must be as it was before it opened; while it
// runs, a second openDevice gets EBUSY naming its pid (UIO, sysfs: the runtime's flock; VFIO: the
// group). reset(): e1000e over VFIO (its reset method is `pm`) keeps mappings and MSI-X working; edu
// has no reset method and says so. Non-root: a VFIO driver run as uid 1000 is refused with the file,
// errno and chown to run; after that root step it runs, DMA buffer included. Run: node test/vm/boot.mjs test/runtime/kernel/device-lifecycle.guest.ts
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { bindDriver, findPciDevices, openDevice, type Binding } from '../../../runtime/index.js';
import { E1000eMain, E1000eRegs, Status, device as e1000e } from '../../../generated/e1000e/e1000e.js';
import { EDU, checkRegisters, guestTest } from './edu-driver.js';

let edu = '';
const command = (bdf: string) => readFileSync(`/sys/bus/pci/devices/${bdf}/config`).readUInt16LE(4);
const hex = (v: number) => `0x${v.toString(16).padStart(4, '0')}`;

const CHILD = '/regmill/test/runtime/kernel/driver-child.js';

async function startDriver(backend: 'resource' | 'uio' | 'vfio', bdf: string, as: { uid?: number; dma?: boolean } = {}) {
  const child = spawn(process.execPath, ['--enable-source-maps', CHILD, backend, bdf, ...(as.dma ? ['dma'] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
    ...(as.uid === undefined ? {} : { uid: as.uid, gid: as.uid }),
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('ready')) (console.log(`driver: ${out.trim()}`), resolve(out));
    });
    exited.then((r) => reject(new Error(`driver exited early: ${JSON.stringify(r)}`)));
  });
  return { child, exited, ready };
}

async function sigtermCase(backend: 'resource' | 'uio' | 'vfio', bdf: string, secondOpener: RegExp): Promise<void> {
  const before = command(bdf);
  const d = await startDriver(backend, bdf);
  const during = command(bdf);
  assert.is(during & 0x4, 0x4, `the driver enabled bus mastering (${hex(during)})`);
  const source = backend === 'resource' ? { resource: bdf } : backend === 'uio' ? { uio: bdf } : { vfio: bdf };
  assert.throws(() => openDevice(source, { bars: { 0: EDU.bar0 } }), (e: Error & { code?: string }) => {
    console.log(`second opener (${backend}): ${e.message}`);
    return e.code === 'EBUSY' && secondOpener.test(e.message.replace(String(d.child.pid), 'PID'));
  });
  d.child.kill('SIGTERM');
  assert.equal(await d.exited, { code: null, signal: 'SIGTERM' });
  console.log(`${backend}: PCI_COMMAND before ${hex(before)}, while driven ${hex(during)}, after SIGTERM ${hex(command(bdf))}`);
  assert.is(command(bdf), before, 'SIGTERM left PCI_COMMAND as it was');
}

guestTest('sysfs resource backend: second opener EBUSY names the pid; SIGTERM restores PCI_COMMAND', async () => {
  edu = findPciDevices({ vendor: EDU.vendor, device: EDU.device })[0]!.bdf;
  await sigtermCase('resource', edu, /is already driven by pid PID \(.*driver-child\.js resource .*\); one driver per device/);
});

guestTest('UIO backend: second opener EBUSY names the pid; SIGTERM restores PCI_COMMAND', async () => {
  const b = bindDriver(edu, 'uio_pci_generic');
  await sigtermCase('uio', edu, /is already driven by pid PID \(.*driver-child\.js uio .*\); one driver per device/);
  b.restore();
});

guestTest('VFIO backend: second opener EBUSY names the pid; SIGTERM restores PCI_COMMAND', async () => {
  const b = bindDriver(edu, 'vfio-pci');
  await sigtermCase('vfio', edu, /is already driven by pid PID \(.*driver-child\.js vfio .*\); one driver per device/);
  b.restore();
});

const USER = 1000;

guestTest('non-root: without access the error names the group node, EACCES and the chown; after the root step the same driver runs as the user', async () => {
  const b = bindDriver(edu, 'vfio-pci');
  const group = readlinkSync(`/sys/bus/pci/devices/${edu}/iommu_group`).split('/').pop()!;
  const node = `/dev/vfio/${group}`;
  const denied = spawnSync(process.execPath, ['--enable-source-maps', CHILD, 'vfio', edu], { uid: USER, gid: USER, encoding: 'utf8' });
  const message = denied.stderr.split('\n').find((l) => /EACCES/.test(l)) ?? denied.stderr;
  console.log(`as uid ${USER} before the root step: ${message.trim()}`);
  assert.is(denied.status, 1);
  assert.match(message, new RegExp(`open ${node}: EACCES \\(Permission denied\\) — run as root, or grant your user read/write access to ${node}: as root \`chown ${USER} ${node}\``));
  chownSync(node, USER, USER); // the root step
  const d = await startDriver('vfio', edu, { uid: USER, dma: true });
  assert.match(d.ready, new RegExp(`^ready uid ${USER} dma 0x[0-9a-f]+ VFIO type1v2`));
  d.child.kill('SIGTERM');
  assert.equal(await d.exited, { code: null, signal: 'SIGTERM' });
  chownSync(node, 0, 0);
  b.restore();
});

guestTest('non-root over UIO: refused naming /dev/uioN and the chown; after handing over the node and config space it runs as the user', async () => {
  const b = bindDriver(edu, 'uio_pci_generic');
  const uio = readdirSync(`/sys/bus/pci/devices/${edu}/uio`)[0]!;
  const node = `/dev/${uio}`;
  const config = `/sys/bus/pci/devices/${edu}/config`;
  const denied = spawnSync(process.execPath, ['--enable-source-maps', CHILD, 'uio', edu], { uid: USER, gid: USER, encoding: 'utf8' });
  const message = denied.stderr.split('\n').find((l) => /EACCES/.test(l)) ?? denied.stderr;
  console.log(`UIO as uid ${USER} before the root step: ${message.trim()}`);
  assert.is(denied.status, 1);
  assert.match(message, new RegExp(`open ${node}: EACCES \\(Permission denied\\) — .*\`chown ${USER} ${node}\``));
  // The root step: the node (mmap, interrupts) and config space (bus mastering, INTx re-arm).
  chownSync(node, USER, USER);
  chownSync(config, USER, USER);
  const before = command(edu);
  const d = await startDriver('uio', edu, { uid: USER });
  assert.match(d.ready, new RegExp(`^ready uid ${USER} UIO ${uio}`));
  assert.is(command(edu) & 0x4, 0x4, 'the user enabled bus mastering');
  d.child.kill('SIGTERM');
  assert.equal(await d.exited, { code: null, signal: 'SIGTERM' });
  assert.is(command(edu), before, 'and SIGTERM put PCI_COMMAND back');
  chownSync(node, 0, 0);
  chownSync(config, 0, 0);
  b.restore();
});

guestTest('reset(): edu has no reset method, and the error says what the kernel offers', () => {
  const b = bindDriver(edu, 'vfio-pci');
  const dev = openDevice({ vfio: edu }, { bars: { 0: EDU.bar0 }, irq: 'none' });
  console.log(`edu reset_method: ${existsSync(`/sys/bus/pci/devices/${edu}/reset_method`) ? readFileSync(`/sys/bus/pci/devices/${edu}/reset_method`, 'utf8').trim() : '(none)'}`);
  assert.throws(() => dev.reset(), (e: Error & { code?: string }) => e.code === 'ENOTSUP' && /has no reset method/.test(e.message));
  checkRegisters(dev); // the refused reset left the device as it was
  dev.close();
  b.restore();
});

guestTest('reset(): e1000e over VFIO — registers and MSI-X work afterwards with the same mappings', async () => {
  const bdf = findPciDevices({ vendor: e1000e.pci.vendor, device: e1000e.pci.device })[0]!.bdf;
  console.log(`e1000e reset_method: ${readFileSync(`/sys/bus/pci/devices/${bdf}/reset_method`, 'utf8').trim()}`);
  const b: Binding = bindDriver(bdf, 'vfio-pci');
  const REGS = e1000e.bars.find((x) => x.kind === 'mmio' && x.name === 'regs')!;
  const MSIX = e1000e.bars.find((x) => x.kind === 'mmio' && x.name === 'msix')!;
  const dev = openDevice({ vfio: bdf }, { bars: { [REGS.index]: REGS.size, [MSIX.index]: MSIX.size } });
  const regs = new E1000eRegs(dev.bar(REGS.index));
  const irq = new E1000eMain(dev.bar(REGS.index));
  const commandBefore = command(bdf);
  const t0 = Date.now();
  dev.reset();
  console.log(`VFIO_DEVICE_RESET took ${Date.now() - t0} ms; PCI_COMMAND ${hex(commandBefore)} → ${hex(command(bdf))}`);
  assert.is(command(bdf) & 0x6, commandBefore & 0x6, 'memory decoding and bus mastering still on');
  assert.ok(Status.lu.get(regs.status.read()), 'link up, read through the mapping made before the reset');
  irq.disable(irq.all);
  regs.icr.write(0xffffffff);
  regs.ivar.write({ rxq0_vector: 0, rxq0_valid: true, rxq1_vector: 1, rxq1_valid: true, txq0_vector: 2, txq0_valid: true, txq1_vector: 3, txq1_valid: true, other_vector: 4, other_valid: true });
  irq.enable(E1000eMain.rxq1);
  const ev = dev.irq.wait({ vector: 1, timeout: 5000 });
  irq.test(E1000eMain.rxq1);
  assert.equal(await ev, { vector: 1, count: 1, missed: 0 });
  irq.ack(E1000eMain.rxq1);
  dev.close();
  b.restore();
});

test.run();
