// A BAR through UIO: map K of /dev/uioN is mmapped at offset K × page size.
import * as libc from '../ffi/libc.js';
import { O_CLOEXEC, O_RDWR } from '../ffi/constants.js';
import { FdMapping } from './fd-mapping.js';
import { sizeMismatch, type Mapping } from './mapping.js';
import type { UioDevice } from './uio-sysfs.js';

/** Opens /dev/uioN read-write, with hints for the usual failures. */
export function openUioNode(dev: UioDevice, extraFlags = 0): number {
  return libc.open(dev.devPath, O_RDWR | O_CLOEXEC | extraFlags, 0, (code) =>
    code === 'ENOENT'
      ? `uio${dev.index} is in sysfs but ${dev.devPath} is missing (is udev/devtmpfs mounted?)`
      : code === 'EACCES' || code === 'EPERM'
        ? `run as root, or give your user access to ${dev.devPath}: as root \`chown ${process.getuid?.() ?? '<user>'} ${dev.devPath}\`${dev.pciAddress ? ` and, to enable the device and re-arm INTx, its config space (\`chown ${process.getuid?.() ?? '<user>'} /sys/bus/pci/devices/${dev.pciAddress}/config\`)` : ''}; a udev rule (KERNEL=="uio${dev.index}", MODE="0660", GROUP="<yours>") makes it last`
        : code === 'EBUSY'
          ? `another process holds ${dev.devPath}`
          : undefined,
  );
}

/** The map for BAR `bar`: matched by address when sysfs tells us, else map K = BAR K. */
export function uioMapForBar(dev: UioDevice, bar: number) {
  const byBar = dev.maps.find((m) => m.bar === bar);
  if (byBar) return byBar;
  if (dev.maps.some((m) => m.bar !== undefined)) return undefined;
  return dev.maps.find((m) => m.index === bar);
}

export function mapUio(dev: UioDevice, bar: number, size: number): Mapping {
  const map = uioMapForBar(dev, bar);
  if (!map) {
    const have = dev.maps.map((m) => `map${m.index}${m.bar === undefined ? '' : ` = BAR ${m.bar}`} (${m.size} bytes)`).join(', ') || 'none';
    throw new Error(`uio${dev.index} (${dev.name}) has no map for BAR ${bar}; its maps: ${have}. UIO exposes memory BARs only; an I/O BAR needs the sysfs resource or VFIO backend`);
  }
  const label = `${dev.devPath} map ${map.index}`;
  if (map.size !== size) throw sizeMismatch(label, bar, size, map.size);
  const fd = openUioNode(dev);
  try {
    return new FdMapping({ fd, ownsFd: true, offset: map.index * libc.pageSize() + map.offset, size, label, bar });
  } catch (error) {
    libc.close(fd, dev.devPath);
    throw error;
  }
}
