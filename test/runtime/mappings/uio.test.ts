import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findUio, listUio } from '../../../runtime/mappings/uio-sysfs.js';
import { mapUio } from '../../../runtime/mappings/uio.js';
import { mapResource, openSysfsConfig } from '../../../runtime/mappings/resource.js';
import { COMMAND_MASTER, COMMAND_MEMORY, PCI_COMMAND } from '../../../runtime/pci/config-space.js';
import { turnOnCommandBits } from '../../../runtime/pci/command.js';
import { tempDir, writeTree, patternFile } from '../fixtures.js';

const PCI = 'devices/pci0000:00/0000:00:04.0';

/** A sysfs + dev tree: uio0 = uio_pci_generic on 0000:00:04.0 (BAR 0 = map0, BAR 2 = map1), uio1 = a platform device. */
function fixture() {
  const root = tempDir('regmill-uio-');
  const sys = path.join(root, 'sys');
  const dev = path.join(root, 'dev');
  writeTree(sys, {
    [`${PCI}/resource`]: '0x00000000fe900000 0x00000000fe900fff 0x0000000000040200\n0x0000000000000000 0x0000000000000000 0x0000000000000000\n0x00000000fea00000 0x00000000fea01fff 0x0000000000040200\n',
    [`${PCI}/config`]: Buffer.alloc(256),
    [`${PCI}/resource0`]: Buffer.alloc(4096, 0x5a),
    'bus/pci/devices/0000:00:04.0': { link: `../../../${PCI}` },
    'class/uio/uio0/name': 'uio_pci_generic\n',
    'class/uio/uio0/device': { link: `../../../${PCI}` },
    'class/uio/uio0/maps/map0/addr': '0xfe900000\n',
    'class/uio/uio0/maps/map0/size': '0x1000\n',
    'class/uio/uio0/maps/map0/offset': '0x0\n',
    'class/uio/uio0/maps/map0/name': '0000:00:04.0\n',
    'class/uio/uio0/maps/map1/addr': '0xfea00000\n',
    'class/uio/uio0/maps/map1/size': '0x2000\n',
    'class/uio/uio0/maps/map1/offset': '0x0\n',
    'class/uio/uio1/name': 'my_fpga\n',
    'class/uio/uio1/maps/map0/addr': '0x43c00000\n',
    'class/uio/uio1/maps/map0/size': '0x100\n',
    'class/uio/uio1/maps/map0/offset': '0x80\n',
  });
  mkdirSync(dev, { recursive: true });
  // /dev/uio0: map0 at file offset 0, map1 at one page (K × page size), as the kernel lays them out.
  patternFile(dev, 'uio0', 3 * 4096);
  patternFile(dev, 'uio1', 4096);
  return { sysfsRoot: sys, devRoot: dev, root };
}

test('lists UIO devices with their maps, PCI address and BAR numbers', () => {
  const roots = fixture();
  const all = listUio(roots);
  assert.is(all.length, 2);
  const [u0, u1] = all;
  assert.is(u0!.name, 'uio_pci_generic');
  assert.is(u0!.pciAddress, '0000:00:04.0');
  assert.equal(
    u0!.maps.map((m) => [m.index, m.addr, m.size, m.bar]),
    [
      [0, 0xfe900000n, 0x1000, 0],
      [1, 0xfea00000n, 0x2000, 2],
    ],
  );
  assert.is(u1!.pciAddress, undefined);
  assert.is(u1!.maps[0]!.offset, 0x80);
});

test('finds a UIO device by number, name or PCI address', () => {
  const roots = fixture();
  assert.is(findUio(1, roots).name, 'my_fpga');
  assert.is(findUio('uio0', roots).index, 0);
  assert.is(findUio('my_fpga', roots).index, 1);
  assert.is(findUio('00:04.0', roots).index, 0);
  assert.throws(() => findUio('0000:00:05.0', roots), /no UIO device 0000:00:05.0; present: uio0 \(uio_pci_generic, 0000:00:04.0\), uio1 \(my_fpga\)/);
  assert.throws(() => findUio(0, { sysfsRoot: path.join(roots.root, 'empty'), devRoot: roots.devRoot }), /lists none.*modprobe uio_pci_generic/);
});

test('maps BAR 2 from map1 at one page into /dev/uio0', () => {
  const roots = fixture();
  const u = findUio(0, roots);
  const m = mapUio(u, 2, 0x2000);
  assert.is(m.mmio.read8(0), (4096 * 7 + 3) & 0xff);
  m.mmio.write32(0x10, 0xa5a5a5a5);
  assert.is(readFileSync(u.devPath).readUInt32LE(4096 + 0x10), 0xa5a5a5a5);
  m.close();
});

test('a map that does not start on a page boundary is mapped at its offset', () => {
  const roots = fixture();
  const m = mapUio(findUio('my_fpga', roots), 0, 0x100);
  assert.is(m.mmio.read8(0), (0x80 * 7 + 3) & 0xff);
  assert.throws(() => m.mmio.read32(0x100), /outside BAR 0/);
  m.close();
});

test('UIO errors: wrong size, missing BAR, missing /dev node', () => {
  const roots = fixture();
  const u = findUio(0, roots);
  assert.throws(() => mapUio(u, 0, 0x100000), /BAR 0: the spec declares 1048576 bytes \(0x100000\) but .*uio0 map 0 has 4096 bytes \(0x1000\)/);
  assert.throws(() => mapUio(u, 1, 0x1000), /has no map for BAR 1; its maps: map0 = BAR 0 \(4096 bytes\), map1 = BAR 2 \(8192 bytes\)/);
  const noDev = findUio(0, { ...roots, devRoot: path.join(roots.root, 'nodev') });
  assert.throws(() => mapUio(noDev, 0, 0x1000), /open .*nodev\/uio0: ENOENT \(No such file or directory\) — uio0 is in sysfs but .* is missing/);
});

test('sysfs resource: maps resourceN, checks its size, enables memory + bus master in config', () => {
  const roots = fixture();
  const m = mapResource('00:04.0', 0, 4096, roots);
  assert.is(m.mmio.read32(0), 0x5a5a5a5a);
  m.close();
  assert.throws(() => mapResource('0000:00:04.0', 0, 8192, roots), /spec declares 8192 bytes .*\/resource0 has 4096 bytes/);
  assert.throws(() => mapResource('0000:00:04.0', 1, 4096, roots), /ENOENT.*BAR 1 of 0000:00:04.0 is not implemented/);
  assert.throws(() => mapResource('0000:00:09.0', 0, 4096, roots), /no PCI device 0000:00:09.0/);
  const cfg = openSysfsConfig('0000:00:04.0', roots);
  const turnedOn = turnOnCommandBits(cfg, COMMAND_MEMORY | COMMAND_MASTER);
  assert.is(turnedOn, COMMAND_MEMORY | COMMAND_MASTER, 'both were off');
  assert.is(cfg.read16(PCI_COMMAND), 6);
  assert.is(readFileSync(path.join(roots.sysfsRoot, PCI, 'config')).readUInt16LE(4), 6);
});

test('a sysfs resource file with garbage: an error naming the file and the line, not a bare SyntaxError', () => {
  const roots = fixture();
  const file = path.join(roots.sysfsRoot, PCI, 'resource');
  writeFileSync(file, 'hello\n');
  const device = path.join(roots.sysfsRoot, 'class/uio/uio0/device/resource');
  assert.throws(() => listUio(roots), (e: Error) => e.message === `${device}: line 1 is "hello", expected "0xSTART 0xEND 0xFLAGS" (is this a PCI device's sysfs folder?)`);
});

test('a selector that is neither a number nor a string says what a UIO device is named by', () => {
  assert.throws(() => findUio({} as unknown as number, fixture()), /\[object Object\] \(a object\) is not a UIO device: give its number \(0 or "uio0"\)/);
});

test.run();
