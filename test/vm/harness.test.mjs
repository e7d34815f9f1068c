// Host-side unit tests of the VM harness pieces that do not need QEMU: the cpio writer (read back with an
// independent newc parser), guest headers, the QEMU command line and the module closure.
// Run: node node_modules/uvu/bin.js test/vm 'harness\.test\.mjs$' -c false
// (npm test's uvu pass skips test/vm/; the guest boots themselves are the end-to-end proof.)
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CpioWriter } from './cpio.mjs';
import { readGuestConfig } from './guest-config.mjs';
import { HUB_MACS, qemuArgs } from './boot.mjs';
import { moduleClosure, rewriteAliases } from './initramfs.mjs';
import { NVME_SERIAL } from './nvme-image.mjs';

/** An independent newc reader: [{ name, mode, data, rdevMajor, rdevMinor }] until the trailer. */
function readNewc(/** @type {Buffer} */ buf) {
  const entries = [];
  let at = 0;
  const align = (/** @type {number} */ n) => (n + 3) & ~3;
  for (;;) {
    assert.is(buf.toString('ascii', at, at + 6), '070701', `magic at ${at}`);
    const field = (/** @type {number} */ i) => Number.parseInt(buf.toString('ascii', at + 6 + i * 8, at + 14 + i * 8), 16);
    const [mode, fileSize, rdevMajor, rdevMinor, nameSize] = [field(1), field(6), field(9), field(10), field(11)];
    const name = buf.toString('utf8', at + 110, at + 110 + nameSize - 1);
    at = align(at + 110 + nameSize);
    const data = buf.subarray(at, at + fileSize);
    at = align(at + fileSize);
    if (name === 'TRAILER!!!') return { entries, end: at };
    entries.push({ name, mode, data, rdevMajor, rdevMinor });
  }
}

test('cpio: parents before children, files, symlinks, device nodes, 512-byte total', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-cpio-'));
  try {
    const file = path.join(dir, 'a.cpio');
    const w = new CpioWriter(file);
    w.file('/usr/bin/tool', 'abcde', 0o755);
    w.symlink('bin/sh', 'busybox');
    w.charDevice('dev/console', 5, 1);
    w.dir('usr/bin');
    const size = w.close();
    const buf = readFileSync(file);
    assert.is(buf.length, size);
    assert.is(size % 512, 0);
    const { entries, end } = readNewc(buf);
    assert.ok(end <= size);
    assert.equal(entries.map((e) => e.name), ['usr', 'usr/bin', 'usr/bin/tool', 'bin', 'bin/sh', 'dev', 'dev/console']);
    const tool = entries[2];
    assert.is(tool.mode, 0o100755);
    assert.is(tool.data.toString(), 'abcde');
    assert.is(entries[4].mode, 0o120777);
    assert.is(entries[4].data.toString(), 'busybox');
    assert.is(entries[6].mode, 0o020600);
    assert.equal([entries[6].rdevMajor, entries[6].rdevMinor], [5, 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cpio: refuses paths that escape the archive root', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-cpio-'));
  try {
    const w = new CpioWriter(path.join(dir, 'b.cpio'));
    assert.throws(() => w.file('etc/../../x', 'x'), /bad archive path/);
    assert.throws(() => w.dir('/'), /bad archive path/);
    w.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('guest header: parsed, and each mistake reported at file:line:col', () => {
  const ok = readGuestConfig('t.ts', '// intro\n// vm-guest: {"devices": ["edu", "iommu"], "timeoutSec": 30}\n');
  assert.equal(ok, { config: { devices: ['edu', 'iommu'], timeoutSec: 30 } });
  const cases = [
    ['import x from "y";\n', /^t\.ts:1:1: error: no '\/\/ vm-guest/],
    ['// vm-guest: {"devices": ["gpu"]}\n', /^t\.ts:1:14: error: 'devices' must be an array/],
    ['\n// vm-guest: {"devices": []\n', /^t\.ts:2:14: error: vm-guest header is not JSON/],
    ['// vm-guest: {"timeout": 3}\n', /^t\.ts:1:14: error: unknown vm-guest key 'timeout'/],
    ['// vm-guest: {"timeoutSec": -1}\n', /'timeoutSec' must be a positive integer/],
    ['// vm-guest: {"append": "a\'b"}\n', /'append' must be a string without quotes/],
    ['// vm-guest: {"loader": "ts-node"}\n', /'loader' must be "transpile" or "tsx"/],
    ['// vm-guest: {"ivshmemMiB": 3}\n', /'ivshmemMiB' must be a power of two/],
  ];
  for (const [text, expected] of cases) {
    const r = readGuestConfig('t.ts', /** @type {string} */ (text));
    assert.ok('error' in r, `expected an error for ${text}`);
    assert.match(/** @type {{ error: string }} */ (r).error, /** @type {RegExp} */ (expected));
  }
});

test('qemu args: TCG q35, IOMMU before the devices it translates, intel_iommu=on only with it', () => {
  const base = { kernel: '/k/vmlinux', initrd: '/i.cpio', memoryMiB: 512, append: '' };
  const plain = qemuArgs({ ...base, devices: ['edu'] });
  assert.ok(plain.join(' ').includes('-machine q35 -accel tcg'));
  assert.not.ok(plain.join(' ').includes('intel-iommu'));
  assert.not.ok(plain[plain.length - 1].includes('intel_iommu=on'));
  assert.ok(plain[plain.length - 1].includes('no_timer_check'), 'no boot-time timer check (panics under load with IR)');
  const vfio = qemuArgs({ ...base, devices: ['e1000e', 'edu', 'iommu'], ivshmemPath: '/x' });
  const devs = vfio.filter((_, i) => vfio[i - 1] === '-device');
  assert.equal(devs, ['intel-iommu,intremap=on', 'edu,addr=04.0,dma_mask=0xffffffff', 'e1000e,addr=06.0,romfile=']);
  assert.ok(vfio[vfio.length - 1].includes('intel_iommu=on'));
  const noir = qemuArgs({ ...base, devices: ['iommu-noir', 'ivshmem'], ivshmemPath: '/a,b' });
  assert.ok(noir.includes('intel-iommu,intremap=off'));
  assert.ok(noir.some((a) => a.includes('mem-path=/a,,b,size=4M')), 'commas in the path are escaped for QEMU; 4 MiB default');
  const big = qemuArgs({ ...base, devices: ['ivshmem'], ivshmemPath: '/x', ivshmemMiB: 16 });
  assert.ok(big.some((a) => a.endsWith('mem-path=/x,size=16M')));
  const nvme = qemuArgs({ ...base, devices: ['iommu', 'nvme'], nvmePath: '/n,1.img' });
  assert.ok(nvme.includes('if=none,id=nvm,format=raw,file=/n,,1.img'), 'the raw image as a drive, commas escaped');
  const nvmeDevs = nvme.filter((_, i) => nvme[i - 1] === '-device');
  assert.equal(nvmeDevs, ['intel-iommu,intremap=on', `nvme,serial=${NVME_SERIAL},drive=nvm,addr=08.0`]);
  const hub = qemuArgs({ ...base, devices: ['iommu', 'e1000e-hub3'] });
  const hubDevs = hub.filter((_, i) => hub[i - 1] === '-device');
  assert.equal(hubDevs.slice(1), HUB_MACS.slice(0, 3).map((mac, i) => `e1000e,netdev=hp${i},mac=${mac},addr=${['09', '0a', '0b'][i]}.0,romfile=`));
  assert.equal(hub.filter((_, i) => hub[i - 1] === '-netdev'), ['hubport,id=hp0,hubid=0', 'hubport,id=hp1,hubid=0', 'hubport,id=hp2,hubid=0']);
  assert.is(new Set(HUB_MACS).size, 4, 'distinct MACs');
  const two = qemuArgs({ ...base, devices: ['e1000e-2hubs'] });
  assert.equal(two.filter((_, i) => two[i - 1] === '-netdev'), ['hubport,id=hp0,hubid=0', 'hubport,id=hp1,hubid=0', 'hubport,id=hp2,hubid=1', 'hubport,id=hp3,hubid=1']);
  assert.ok(two.includes(`e1000e,netdev=hp3,mac=${HUB_MACS[3]},addr=0c.0,romfile=`));
  const pair = qemuArgs({ ...base, devices: ['e1000e-hub2'] });
  assert.is(pair.filter((a) => a.startsWith('hubport,')).length, 2, 'two ports on the hub');
});

test('module closure: dependencies from modules.dep, modules.dep trimmed to them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-mod-'));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'modules.dep'), [
      'kernel/drivers/uio/uio.ko:',
      'kernel/drivers/uio/uio_pci_generic.ko: kernel/drivers/uio/uio.ko',
      'kernel/drivers/vfio/pci/vfio-pci.ko: kernel/drivers/vfio/vfio.ko kernel/virt/lib/irqbypass.ko',
      'kernel/drivers/vfio/vfio.ko:',
      'kernel/virt/lib/irqbypass.ko:',
      'kernel/drivers/net/e1000e.ko:',
      '',
    ].join('\n'));
    const r = moduleClosure(dir, ['uio_pci_generic', 'vfio_pci']);
    assert.equal(r.files, [
      'kernel/drivers/uio/uio.ko', 'kernel/drivers/uio/uio_pci_generic.ko', 'kernel/drivers/vfio/pci/vfio-pci.ko',
      'kernel/drivers/vfio/vfio.ko', 'kernel/virt/lib/irqbypass.ko',
    ]);
    assert.not.ok(r.dep.includes('e1000e'));
    assert.ok(r.dep.includes('kernel/drivers/vfio/pci/vfio-pci.ko: kernel/drivers/vfio/vfio.ko kernel/virt/lib/irqbypass.ko\n'));
    assert.throws(() => moduleClosure(dir, ['nosuch']), /module 'nosuch' is not in/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('transpile: tsconfig path aliases become relative imports of the sources', () => {
  const code = [
    "import { Register } from 'regmill/registers';",
    'export { openDevice } from "regmill/runtime";',
    "const m = await import('regmill');",
    "import x from 'regmill-other';",
    "const s = 'regmill/registers';",
  ].join('\n');
  const out = rewriteAliases(code, 'regmill/generated/edu/edu.ts').split('\n');
  assert.is(out[0], "import { Register } from '../../runtime/registers/index.js';");
  assert.is(out[1], 'export { openDevice } from "../../runtime/index.js";');
  assert.is(out[2], "const m = await import('../../compiler/index.js');");
  assert.is(out[3], "import x from 'regmill-other';");
  assert.is(out[4], "const s = 'regmill/registers';", 'only import specifiers are rewritten');
});

test.run();
