// Devices a killed driver left behind: bus mastering on in PCI_COMMAND and no kernel driver bound. A
// userspace driver ended by SIGKILL (or a crash) cannot undo what open set, and with no driver nobody
// will: the device can still DMA into memory the kernel has since reused. Bridges are skipped (the
// kernel's pcieport or the firmware keeps their bus mastering on on purpose). The first 64 bytes of
// config space are readable by every user, so this needs no root.
import { openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { listPciDevices, type PciDevice } from './sysfs.js';
import type { HostRoots } from './roots.js';

export interface AbandonedDevice {
  readonly device: PciDevice;
  readonly command: number;
  /** The root command that turns bus mastering off (writes only the low byte of PCI_COMMAND). */
  readonly fix: string;
}

function readCommand(config: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(config, 'r');
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 4) === 2 ? b.readUInt16LE(0) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function abandonedBusMasters(roots?: HostRoots): AbandonedDevice[] {
  const out: AbandonedDevice[] = [];
  for (const d of listPciDevices(roots)) {
    if (d.driver !== undefined || (d.classCode !== undefined && d.classCode >> 16 === 0x06)) continue;
    const config = path.join(d.sysPath, 'config');
    const command = readCommand(config);
    if (command === undefined || (command & 0x4) === 0) continue;
    const low = (command & 0xff & ~0x4).toString(8).padStart(3, '0');
    out.push({ device: d, command, fix: `as root: printf '\\${low}' | dd of=${config} bs=1 seek=4 count=1 conv=notrunc (or \`setpci -s ${d.bdf} COMMAND=0x${(command & ~0x4).toString(16)}\`)` });
  }
  return out;
}
