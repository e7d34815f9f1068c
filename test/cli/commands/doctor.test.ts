// `regmill doctor` (cli/commands/doctor.ts) against fixture sysfs/proc/dev trees.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { createDoctorCommand, formatFindings, runDoctor } from '../../../cli/commands/doctor.js';
import { tempDir, writeTree } from '../../runtime/fixtures.js';

function host(opts: { iommu: boolean; noiommu?: 'Y' | 'N'; memlockKiB?: number | 'unlimited'; huge?: number }) {
  const root = tempDir('regmill-doctor-');
  const sys = path.join(root, 'sys');
  const proc = path.join(root, 'proc');
  const dev = path.join(root, 'dev');
  const pci = (bdf: string, v: string, d: string, driver: string | undefined) => ({
    [`devices/pci0000:00/${bdf}/vendor`]: `0x${v}\n`,
    [`devices/pci0000:00/${bdf}/device`]: `0x${d}\n`,
    [`devices/pci0000:00/${bdf}/config`]: Buffer.from([0x34, 0x12, 0xe8, 0x11, 0x03, 0x01]),
    [`bus/pci/devices/${bdf}`]: { link: `../../../devices/pci0000:00/${bdf}` },
    ...(driver ? { [`devices/pci0000:00/${bdf}/driver`]: { link: `../../../bus/pci/drivers/${driver}` } } : {}),
    ...(opts.iommu
      ? {
          [`devices/pci0000:00/${bdf}/iommu_group`]: { link: '../../../kernel/iommu_groups/3' },
          [`kernel/iommu_groups/3/devices/${bdf}`]: { link: `../../../../devices/pci0000:00/${bdf}` },
        }
      : {}),
  });
  writeTree(sys, {
    'module/vfio/refcnt': '0\n',
    'module/vfio_pci/refcnt': '0\n',
    'bus/pci/drivers/vfio-pci/bind': '',
    ...(opts.noiommu ? { 'module/vfio/parameters/enable_unsafe_noiommu_mode': `${opts.noiommu}\n` } : {}),
    ...pci('0000:00:04.0', '1234', '11e8', 'vfio-pci'),
    ...pci('0000:00:05.0', '8086', '10d3', 'e1000e'),
    ...(opts.iommu ? {} : { 'kernel/iommu_groups': null }),
  });
  const lock = opts.memlockKiB ?? 8192;
  writeTree(proc, {
    cmdline: opts.iommu ? 'BOOT_IMAGE=/vmlinuz root=/dev/sda1 intel_iommu=on iommu=pt\n' : 'BOOT_IMAGE=/vmlinuz root=/dev/sda1\n',
    'self/limits': `Limit                     Soft Limit           Hard Limit           Units\nMax locked memory         ${lock === 'unlimited' ? 'unlimited' : lock * 1024}              ${lock === 'unlimited' ? 'unlimited' : lock * 1024}              bytes\n`,
    meminfo: `HugePages_Total:    ${opts.huge ?? 0}\nHugePages_Free:     ${opts.huge ?? 0}\nHugepagesize:       2048 kB\n`,
  });
  writeTree(dev, { 'vfio/vfio': '', ...(opts.iommu ? { 'vfio/3': '' } : {}) });
  return { sysfsRoot: sys, procRoot: proc, devRoot: dev };
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), cwd: '.' } };
}

test('a healthy IOMMU host with the device on vfio-pci but a group member on a host driver fails with the fix', async () => {
  const h = host({ iommu: true, huge: 64, memlockKiB: 'unlimited' });
  const { out, io: cli } = io();
  const rc = await createDoctorCommand({ ...h, uid: 1000 }).run(['00:04.0'], cli);
  const text = out.join('');
  assert.is(rc, 1);
  assert.match(text, /^OK   IOMMU +1 IOMMU group in .*: VFIO type1 \(IOVA DMA\) is possible$/m);
  assert.match(text, /^OK   kernel command line +intel_iommu=on iommu=pt$/m);
  assert.match(text, /^OK   vfio-pci +module loaded$/m);
  assert.match(text, /^OK   \/dev\/vfio +container and 1 group node accessible: 3$/m);
  assert.match(text, /^OK   memlock limit +unlimited$/m);
  assert.match(text, /^OK   hugepages +64 of 64 × 2048 kB free$/m);
  assert.match(text, /^WARN privileges +running as uid 1000/m);
  assert.match(text, /^OK   device +0000:00:04\.0 1234:11e8 driver vfio-pci$/m);
  assert.match(text, /^FAIL IOMMU group +group 3 is not viable for VFIO while other members have host drivers: .*0000:00:05\.0 8086:10d3 driver e1000e/m);
  assert.match(text, /fix: echo vfio-pci > .*\/0000:00:05\.0\/driver_override/);
  assert.match(text, /^WARN config space +not checked \(needs root/m);
  assert.match(text, /\d+ ok, \d+ warnings, 1 failures\n$/);
});

test('no IOMMU, no-IOMMU mode on, low memlock, no hugepages: warnings with fixes, exit 0', () => {
  const f = runDoctor('0000:00:04.0', { ...host({ iommu: false, noiommu: 'Y', memlockKiB: 64 }), uid: 1000 });
  const by = (check: string) => f.find((x) => x.check === check)!;
  assert.is(by('IOMMU').level, 'WARN');
  assert.match(by('IOMMU').fix!, /intel_iommu=on/);
  assert.match(by('kernel command line').fix!, /intel_iommu=on/);
  assert.is(by('no-IOMMU mode').level, 'WARN');
  assert.match(by('no-IOMMU mode').detail, /without DMA isolation/);
  assert.is(by('memlock limit').level, 'WARN');
  assert.match(by('memlock limit').detail, /^64 KiB/);
  assert.match(by('memlock limit').fix!, /ulimit -l unlimited/);
  assert.match(by('hugepages').fix!, /nr_hugepages/);
  assert.match(by('IOMMU group').detail, /^none: the IOMMU is off/);
  assert.ok(f.every((x) => x.level !== 'FAIL'));
});

test('root sees config space; usage errors exit 2', async () => {
  const h = host({ iommu: true });
  const f = runDoctor('0000:00:05.0', { ...h, uid: 0 });
  assert.match(f.find((x) => x.check === 'config space')!.detail, /^PCI_COMMAND 0x0103 \(memory\)/);
  assert.match(f.find((x) => x.check === 'driver')!.fix!, /modprobe vfio-pci; echo vfio-pci >/);
  const missing = runDoctor('0000:00:09.0', { ...h, uid: 0 }).at(-1)!;
  assert.equal([missing.level, missing.detail], ['FAIL', 'no PCI device 0000:00:09.0']);
  assert.match(missing.fix!, /pick one of: 0000:00:04.0, 0000:00:05.0/);
  for (const argv of [['--bogus'], ['nope'], ['00:04.0', '00:05.0']]) {
    const { err, io: cli } = io();
    assert.is(await createDoctorCommand(h).run(argv, cli), 2);
    assert.match(err.join(''), /^regmill doctor: error: /);
  }
  const { out, io: cli } = io();
  assert.is(await createDoctorCommand(h).run(['--help'], cli), 0);
  assert.match(out.join(''), /^Usage: regmill doctor \[BDF\]/);
});

test('a device with bus mastering on and no driver is reported with the command that turns it off', () => {
  const h = host({ iommu: true });
  const text = formatFindings(runDoctor(undefined, h));
  assert.match(text, /^OK   abandoned devices +no device without a driver has bus mastering on$/m);
  writeTree(h.sysfsRoot, {
    'devices/pci0000:00/0000:00:06.0/vendor': '0x1234\n',
    'devices/pci0000:00/0000:00:06.0/device': '0x11e8\n',
    'devices/pci0000:00/0000:00:06.0/config': Buffer.from([0x34, 0x12, 0xe8, 0x11, 0x06, 0x01]),
    'bus/pci/devices/0000:00:06.0': { link: '../../../devices/pci0000:00/0000:00:06.0' },
  });
  const f = runDoctor(undefined, h).find((x) => x.check === 'abandoned devices')!;
  assert.is(f.level, 'WARN');
  assert.match(f.detail, /^0000:00:06\.0 \(PCI_COMMAND 0x0106\): bus mastering on and no driver bound/);
  assert.match(f.fix!, /printf '\\002' \| dd of=.*0000:00:06\.0\/config bs=1 seek=4 count=1 conv=notrunc/);
  assert.match(f.fix!, /setpci -s 0000:00:06\.0 COMMAND=0x102/);
});

test.run();
