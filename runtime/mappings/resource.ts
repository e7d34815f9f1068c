// A BAR through sysfs: /sys/bus/pci/devices/<BDF>/resourceN (its st_size is the BAR size). No kernel
// driver involvement, so nobody else enables the device: memory decoding and bus mastering are set here.
import { fstatSync, existsSync } from 'node:fs';
import path from 'node:path';
import * as libc from '../ffi/libc.js';
import { O_CLOEXEC, O_RDWR, O_SYNC } from '../ffi/constants.js';
import { fromNodeError } from '../ffi/sys-error.js';
import { ConfigSpace } from '../pci/config-space.js';
import { normalizeBdf, resolveRoots, type HostRoots } from '../pci/roots.js';
import { FdMapping } from './fd-mapping.js';
import { sizeMismatch, type Mapping } from './mapping.js';

export function pciDeviceDir(bdf: string, roots?: HostRoots): string {
  const dir = path.join(resolveRoots(roots).sysfsRoot, 'bus/pci/devices', normalizeBdf(bdf));
  if (!existsSync(dir)) throw new Error(`no PCI device ${normalizeBdf(bdf)} (${dir} does not exist; \`lspci -D\` lists the addresses)`);
  return dir;
}

export function mapResource(bdf: string, bar: number, size: number, roots?: HostRoots): Mapping {
  const file = path.join(pciDeviceDir(bdf, roots), `resource${bar}`);
  const fd = libc.open(file, O_RDWR | O_SYNC | O_CLOEXEC, 0, (code) =>
    code === 'ENOENT' ? `BAR ${bar} of ${normalizeBdf(bdf)} is not implemented or not a memory BAR` : undefined,
  );
  try {
    let actual: number;
    try {
      actual = fstatSync(fd).size;
    } catch (error) {
      throw fromNodeError(error, 'fstat', file);
    }
    if (actual !== size) throw sizeMismatch(file, bar, size, actual);
    return new FdMapping({ fd, ownsFd: true, offset: 0, size, label: file, bar });
  } catch (error) {
    libc.close(fd, file);
    throw error;
  }
}

/** Opens the device's sysfs config file read-write (root needed beyond the first 64 bytes and to write). */
export function openSysfsConfig(bdf: string, roots?: HostRoots): ConfigSpace {
  const file = path.join(pciDeviceDir(bdf, roots), 'config');
  return new ConfigSpace(libc.open(file, O_RDWR | O_CLOEXEC), file);
}
