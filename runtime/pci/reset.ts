// Resetting a PCI device without VFIO: the sysfs `reset` file runs pci_reset_function(), which saves the
// config space (BARs, PCI_COMMAND, MSI/MSI-X), resets the function by the first method in
// `reset_method` that works (flr, af_flr, pm, bus, …) and restores the saved state — so mappings and
// interrupt routing survive. The file exists only when the kernel found a reset method for the device.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromNodeError } from '../ffi/sys-error.js';
import { normalizeBdf, resolveRoots, type HostRoots } from './roots.js';

export function sysfsReset(bdf: string, roots?: HostRoots): void {
  const dir = path.join(resolveRoots(roots).sysfsRoot, 'bus/pci/devices', normalizeBdf(bdf));
  const file = path.join(dir, 'reset');
  if (!existsSync(file)) {
    throw Object.assign(
      new Error(`reset(): ${normalizeBdf(bdf)} has no reset method (${file} does not exist: the kernel found no FLR, PM, or bus reset it can use for this device); reset it through its own registers`),
      { code: 'ENOTSUP' },
    );
  }
  try {
    writeFileSync(file, '1');
  } catch (error) {
    let methods = '';
    try {
      methods = readFileSync(path.join(dir, 'reset_method'), 'utf8').trim();
    } catch {
      // older kernels have no reset_method file
    }
    throw fromNodeError(error, 'write', file, `the kernel could not reset ${normalizeBdf(bdf)}${methods ? ` (reset_method: ${methods})` : ''}; writing it needs root`);
  }
}
