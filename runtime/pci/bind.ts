// Handing a PCI device to uio_pci_generic or vfio-pci (driver_override, falling back to new_id) and
// giving it back to its previous driver. Every refusal says what to do.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromNodeError, SysError } from '../ffi/sys-error.js';
import { noIommuAdvice } from './advice.js';
import { noIommuMode, readPciDevice, hex4 } from './sysfs.js';
import { normalizeBdf, resolveRoots, type HostRoots } from './roots.js';

export type UserspaceDriver = 'vfio-pci' | 'uio_pci_generic';

export interface BindOptions extends HostRoots {
  /** Runs after the probe request, before the result is checked (tests stand in for the kernel here). */
  readonly afterProbe?: () => void;
}

export interface Binding {
  readonly bdf: string;
  readonly driver: UserspaceDriver;
  /** The driver that held the device before, or undefined when it was unbound. */
  readonly previous: string | undefined;
  /** False when the device already was on `driver` (restore then does nothing). */
  readonly changed: boolean;
  /** Unbinds from `driver` and lets the previous driver take the device again. */
  restore(): void;
}

function write(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    const e = fromNodeError(error, 'write', file);
    if (e.code === 'EACCES' || e.code === 'EPERM') {
      throw new SysError({ syscall: 'write', errno: e.errno, path: file, hint: 'binding PCI drivers needs root: run this as root (sudo)' });
    }
    throw e;
  }
}

export function currentDriver(bdf: string, roots?: HostRoots): string | undefined {
  return readPciDevice(bdf, roots)?.driver;
}

export function noIommuModeEnabled(roots?: HostRoots): boolean {
  return noIommuMode(roots).state === 'on';
}

export function bindDriver(address: string, driver: UserspaceDriver, options: BindOptions = {}): Binding {
  const bdf = normalizeBdf(address);
  const { sysfsRoot } = resolveRoots(options);
  const dev = readPciDevice(bdf, options);
  if (!dev) throw new Error(`no PCI device ${bdf} (\`lspci -D\` lists the addresses)`);
  const unchanged = { bdf, driver, previous: dev.driver, changed: false, restore() {} };
  if (dev.driver === driver) return unchanged;
  const driverDir = path.join(sysfsRoot, 'bus/pci/drivers', driver);
  if (!existsSync(driverDir)) throw new Error(`the ${driver} driver is not loaded: run \`modprobe ${driver}\` as root${driver === 'vfio-pci' ? ' (Debian/Ubuntu: in linux-modules; the kernel needs CONFIG_VFIO_PCI)' : ''}`);
  if (driver === 'vfio-pci' && dev.iommuGroup === undefined && !noIommuModeEnabled(options)) {
    throw new Error(`cannot bind ${bdf} to vfio-pci: ${noIommuAdvice}`);
  }
  const devDir = dev.sysPath;
  const override = path.join(devDir, 'driver_override');
  const useOverride = existsSync(override);
  if (useOverride) write(override, driver);
  if (dev.driver) write(path.join(sysfsRoot, 'bus/pci/drivers', dev.driver, 'unbind'), bdf);
  if (useOverride) write(path.join(sysfsRoot, 'bus/pci/drivers_probe'), bdf);
  else {
    // Old kernels: teach the driver the ids (this probes every matching unbound device), then bind.
    try {
      write(path.join(driverDir, 'new_id'), `${hex4(dev.vendor)} ${hex4(dev.device)}`);
    } catch (error) {
      if (!(error instanceof SysError && error.code === 'EEXIST')) throw error;
    }
    if (currentDriver(bdf, options) !== driver) write(path.join(driverDir, 'bind'), bdf);
  }
  options.afterProbe?.();
  const now = currentDriver(bdf, options);
  if (now !== driver) {
    throw new Error(
      `binding ${bdf} to ${driver} did not take: it is ${now ? `bound to ${now}` : 'unbound'}. Check \`dmesg | tail\`` +
        (driver === 'vfio-pci' ? ' ("vfio-pci: probe ... failed with error -22" means no IOMMU: see `regmill doctor`)' : ''),
    );
  }
  let restored = false;
  return {
    bdf,
    driver,
    previous: dev.driver,
    changed: true,
    restore() {
      if (restored) return;
      restored = true;
      if (useOverride) write(override, '\n'); // an empty override lets normal matching pick the driver again
      if (currentDriver(bdf, options) === driver) write(path.join(driverDir, 'unbind'), bdf);
      if (dev.driver) {
        try {
          write(path.join(sysfsRoot, 'bus/pci/drivers', dev.driver, 'bind'), bdf);
        } catch {
          write(path.join(sysfsRoot, 'bus/pci/drivers_probe'), bdf);
        }
      }
    },
  };
}
