// Reads what a guest test needs from its header: a comment line in its first 20 lines of the form
//   // vm-guest: {"devices": ["edu"], "timeoutSec": 90}
// A header, rather than an exported config, so the host never has to import guest code (which needs
// ffi-rs, a real device and root). Unknown keys and bad values are errors in `file:line:col` form.

/** @typedef {'edu' | 'ivshmem' | 'e1000e' | 'nvme' | 'iommu' | 'iommu-noir' | 'edu-hotplug' | 'e1000e-hub2' | 'e1000e-hub3' | 'e1000e-2hubs'} DeviceName */
/**
 * What a guest may ask for: QEMU devices, and the emulated intel-iommu with or without interrupt remapping.
 * `e1000e-hub2` / `e1000e-hub3`: two or three e1000e ports joined by one QEMU hub (boot.mjs, HUB_MACS);
 * `e1000e-2hubs`: four, ports 0-1 on hub 0 and 2-3 on hub 1 (ixy's generator → forwarder → sink wiring).
 */
export const deviceNames = /** @type {const} */ (['edu', 'ivshmem', 'e1000e', 'nvme', 'iommu', 'iommu-noir', 'edu-hotplug', 'e1000e-hub2', 'e1000e-hub3', 'e1000e-2hubs']);

/**
 * @typedef {object} GuestConfig
 * @property {DeviceName[]} devices
 * @property {number} [timeoutSec]
 * @property {number} [memoryMiB]
 * @property {string[]} [modules]
 * @property {string} [append]
 * @property {'transpile' | 'tsx'} [loader]
 * @property {number} [ivshmemMiB]
 */

const header = /^\s*(?:\/\/|#)\s*vm-guest:\s*/;

/**
 * @param {string} file path used in error messages
 * @param {string} text the file's contents
 * @returns {{ config: GuestConfig } | { error: string }}
 */
export function readGuestConfig(file, text) {
  const lines = text.split('\n').slice(0, 20);
  const index = lines.findIndex((l) => header.test(l));
  if (index < 0) return { error: `${file}:1:1: error: no '// vm-guest: {…}' header in the first 20 lines (it names the devices the test needs)` };
  const line = lines[index];
  const col = (/** @type {RegExpExecArray} */ (header.exec(line)))[0].length + 1;
  const at = `${file}:${index + 1}:${col}`;
  /** @type {unknown} */
  let raw;
  try {
    raw = JSON.parse(line.slice(col - 1));
  } catch (err) {
    return { error: `${at}: error: vm-guest header is not JSON: ${/** @type {Error} */ (err).message}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: `${at}: error: vm-guest header must be a JSON object` };
  const obj = /** @type {Record<string, unknown>} */ (raw);
  /** @type {GuestConfig} */
  const config = { devices: [] };
  for (const [key, value] of Object.entries(obj)) {
    switch (key) {
      case 'devices':
        if (!Array.isArray(value) || value.some((d) => !deviceNames.includes(d))) {
          return { error: `${at}: error: 'devices' must be an array of ${deviceNames.map((d) => `"${d}"`).join(', ')}` };
        }
        config.devices = value;
        break;
      case 'timeoutSec':
      case 'memoryMiB':
        if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) return { error: `${at}: error: '${key}' must be a positive integer` };
        config[key] = value;
        break;
      case 'modules':
        if (!Array.isArray(value) || value.some((m) => typeof m !== 'string' || !/^[\w-]+$/.test(m))) {
          return { error: `${at}: error: 'modules' must be an array of module names` };
        }
        config.modules = value;
        break;
      case 'append':
        if (typeof value !== 'string' || /['"\\\n]/.test(value)) return { error: `${at}: error: 'append' must be a string without quotes or newlines` };
        config.append = value;
        break;
      case 'ivshmemMiB':
        if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || (value & (value - 1)) !== 0) {
          return { error: `${at}: error: 'ivshmemMiB' must be a power of two (QEMU requires it for BAR2)` };
        }
        config.ivshmemMiB = value;
        break;
      case 'loader':
        if (value !== 'transpile' && value !== 'tsx') return { error: `${at}: error: 'loader' must be "transpile" or "tsx"` };
        config.loader = value;
        break;
      default:
        return { error: `${at}: error: unknown vm-guest key '${key}' (known: devices, timeoutSec, memoryMiB, modules, append, loader, ivshmemMiB)` };
    }
  }
  return { config };
}
