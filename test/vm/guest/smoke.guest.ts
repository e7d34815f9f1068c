// vm-guest: {"devices": ["edu"], "timeoutSec": 90}
// Smoke test of the VM harness itself, run inside the guest: the kernel modules load, QEMU's edu device is
// on the PCI bus, uio_pci_generic binds it (plain sysfs writes, no runtime code), and its BAR0 is readable
// through sysfs `resource0` with the runtime's public openDevice({ resource }) and the generated EduRegs,
// which also proves that ffi-rs and its prebuilt native package work in the guest. Ids and sizes come
// from the generated device description (specs/edu.regs). The full edu tests over UIO and VFIO are in
// test/runtime/kernel/.
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EduRegs, Ident, device as eduSpec } from '../../../generated/edu/edu.js';
import { openDevice } from '../../../runtime/index.js';

const PCI_DEVICES = '/sys/bus/pci/devices';
const UIO_PCI_GENERIC = '/sys/bus/pci/drivers/uio_pci_generic';
const EDU_VENDOR = eduSpec.pci.vendor;
const EDU_DEVICE = eduSpec.pci.device;
const EDU_BAR0_SIZE = eduSpec.bars[0].size;
/** IORESOURCE_MEM in the flags column of sysfs `resource`. */
const IORESOURCE_MEM = 0x200;

const sysHex = (file: string): number => Number.parseInt(readFileSync(file, 'utf8').trim(), 16);

let bdf = '';
let bar0Start = 0n;

test('edu (1234:11e8) is on the PCI bus', () => {
  const found = readdirSync(PCI_DEVICES).filter(
    (d) => sysHex(path.join(PCI_DEVICES, d, 'vendor')) === EDU_VENDOR && sysHex(path.join(PCI_DEVICES, d, 'device')) === EDU_DEVICE,
  );
  assert.is(found.length, 1, `edu devices found: ${found.join(', ') || 'none'}`);
  bdf = found[0];
  assert.match(bdf, /^0000:00:[0-9a-f]{2}\.[0-7]$/);
});

test('BAR0 is a 1 MiB memory BAR in sysfs', () => {
  const [start, end, flags] = readFileSync(path.join(PCI_DEVICES, bdf, 'resource'), 'utf8').split('\n')[0].split(/\s+/).map((v) => BigInt(v));
  assert.ok(start > 0n, 'BAR0 has an address assigned');
  assert.is(end - start + 1n, BigInt(EDU_BAR0_SIZE));
  assert.ok((flags & BigInt(IORESOURCE_MEM)) !== 0n, `flags 0x${flags.toString(16)} mark a memory BAR`);
  assert.is(statSync(path.join(PCI_DEVICES, bdf, 'resource0')).size, EDU_BAR0_SIZE);
  bar0Start = start;
});

test('uio_pci_generic binds edu through new_id and exposes map0', () => {
  assert.ok(existsSync(UIO_PCI_GENERIC), 'uio_pci_generic is loaded (guest /init modprobe)');
  writeFileSync(path.join(UIO_PCI_GENERIC, 'new_id'), `${EDU_VENDOR.toString(16)} ${EDU_DEVICE.toString(16)}`);
  assert.is(path.basename(readlinkSync(path.join(PCI_DEVICES, bdf, 'driver'))), 'uio_pci_generic');
  const uios = readdirSync(path.join(PCI_DEVICES, bdf, 'uio'));
  assert.is(uios.length, 1);
  const map0 = path.join('/sys/class/uio', uios[0], 'maps/map0');
  assert.is(sysHex(path.join(map0, 'size')), EDU_BAR0_SIZE);
  assert.is(BigInt(readFileSync(path.join(map0, 'addr'), 'utf8').trim()), bar0Start);
  assert.ok(statSync(`/dev/${uios[0]}`).isCharacterDevice(), `/dev/${uios[0]} is a character device`);
});

test('openDevice({ resource }) + EduRegs read edu identification and liveness through resource0', () => {
  const dev = openDevice({ resource: bdf }, { bars: { 0: EDU_BAR0_SIZE } });
  try {
    assert.is(dev.backend, 'resource');
    const regs = new EduRegs(dev.bar(0));
    const ident = regs.ident.read();
    assert.equal([Ident.magic.get(ident), Ident.major.get(ident), Ident.minor.get(ident)], [0xed, 1, 0]);
    // liveness reads back the bitwise inverse of what was written.
    for (const value of [0x12345678, 0xa5a5a5a5]) {
      regs.liveness.write(value);
      assert.is(regs.liveness.read(), ~value >>> 0);
    }
  } finally {
    dev.close();
  }
});

test.run();
