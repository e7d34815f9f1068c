// Finding a UIO device in sysfs: /sys/class/uio/uioN/{name,device,maps/mapK/{addr,size,offset,name}}.
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fromNodeError } from '../ffi/sys-error.js';
import { isBdf, normalizeBdf, resolveRoots, type HostRoots } from '../pci/roots.js';

export interface UioMap {
  /** K in mapK; the mmap offset of this map on /dev/uioN is K × page size. */
  readonly index: number;
  readonly name: string | undefined;
  readonly addr: bigint;
  readonly size: number;
  /** Offset of the region inside its first page. */
  readonly offset: number;
  /** The PCI BAR this map is, when the device is PCI (matched by address in device/resource). */
  readonly bar: number | undefined;
}

export interface UioDevice {
  readonly index: number;
  readonly name: string;
  readonly sysPath: string;
  readonly devPath: string;
  /** PCI address of the parent device, when it is a PCI device. */
  readonly pciAddress: string | undefined;
  readonly maps: readonly UioMap[];
}

/** A UIO number (0 or "uio0"), a UIO name ("uio_pci_generic") or a PCI address ("0000:00:04.0"). */
export type UioSelector = number | string;

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw fromNodeError(error, 'read', file);
  }
}

function readNumber(file: string): bigint {
  const text = readText(file);
  try {
    return BigInt(text);
  } catch {
    throw new Error(`${file}: expected a number, found "${text}"`);
  }
}

/** BAR start addresses from the PCI device's `resource` file (one "start end flags" line per resource). */
function barStarts(deviceDir: string): bigint[] {
  const file = path.join(deviceDir, 'resource');
  if (!existsSync(file)) return [];
  return readText(file)
    .split('\n')
    .slice(0, 6)
    .map((line, i) => {
      // drivers/pci/pci-sysfs.c resource_show: "0x%016llx 0x%016llx 0x%016llx" (start end flags)
      const m = /^(0x[0-9a-fA-F]+)\s+0x[0-9a-fA-F]+\s+0x[0-9a-fA-F]+$/.exec(line.trim());
      if (!m) throw new Error(`${file}: line ${i + 1} is ${JSON.stringify(line.slice(0, 80))}, expected "0xSTART 0xEND 0xFLAGS" (is this a PCI device's sysfs folder?)`);
      return BigInt(m[1]!);
    });
}

function readMaps(sysPath: string, pci: boolean): UioMap[] {
  const dir = path.join(sysPath, 'maps');
  if (!existsSync(dir)) return [];
  const starts = pci ? barStarts(path.join(sysPath, 'device')) : [];
  return readdirSync(dir)
    .filter((d) => /^map\d+$/.test(d))
    .map((d) => {
      const m = path.join(dir, d);
      const addr = readNumber(path.join(m, 'addr'));
      const bar = starts.findIndex((s) => s !== 0n && s === addr);
      return {
        index: Number(d.slice(3)),
        name: existsSync(path.join(m, 'name')) ? readText(path.join(m, 'name')) : undefined,
        addr,
        size: Number(readNumber(path.join(m, 'size'))),
        offset: Number(readNumber(path.join(m, 'offset'))),
        bar: bar >= 0 ? bar : undefined,
      };
    })
    .sort((a, b) => a.index - b.index);
}

function pciAddressOf(sysPath: string): string | undefined {
  const link = path.join(sysPath, 'device');
  try {
    const target = path.basename(existsSync(link) ? realpathSync(link) : readlinkSync(link));
    return isBdf(target) ? normalizeBdf(target) : undefined;
  } catch {
    return undefined;
  }
}

export function listUio(roots?: HostRoots): UioDevice[] {
  const { sysfsRoot, devRoot } = resolveRoots(roots);
  const classDir = path.join(sysfsRoot, 'class/uio');
  if (!existsSync(classDir)) return [];
  return readdirSync(classDir)
    .filter((d) => /^uio\d+$/.test(d))
    .map((d) => {
      const sysPath = path.join(classDir, d);
      const pciAddress = pciAddressOf(sysPath);
      return {
        index: Number(d.slice(3)),
        name: readText(path.join(sysPath, 'name')),
        sysPath,
        devPath: path.join(devRoot, d),
        pciAddress,
        maps: readMaps(sysPath, pciAddress !== undefined),
      };
    })
    .sort((a, b) => a.index - b.index);
}

export function findUio(selector: UioSelector, roots?: HostRoots): UioDevice {
  if (typeof selector !== 'number' && typeof selector !== 'string') {
    throw new TypeError(`${String(selector)} (a ${typeof selector}) is not a UIO device: give its number (0 or "uio0"), its name ("uio_pci_generic") or its PCI address ("0000:00:04.0")`);
  }
  const all = listUio(roots);
  const { sysfsRoot } = resolveRoots(roots);
  const key = typeof selector === 'number' ? `uio${selector}` : selector.trim();
  let found: UioDevice[];
  if (/^(uio)?\d+$/.test(key)) found = all.filter((d) => `uio${d.index}` === (key.startsWith('uio') ? key : `uio${key}`));
  else if (isBdf(key)) found = all.filter((d) => d.pciAddress === normalizeBdf(key));
  else found = all.filter((d) => d.name === key);
  if (found.length === 1) return found[0]!;
  const known = all.map((d) => `uio${d.index} (${d.name}${d.pciAddress ? `, ${d.pciAddress}` : ''})`).join(', ');
  if (found.length > 1) {
    throw new Error(`UIO ${key} is ambiguous: ${found.map((d) => `uio${d.index}`).join(', ')} match; select by number or PCI address`);
  }
  if (all.length === 0) {
    throw new Error(
      `no UIO device ${key}: ${path.join(sysfsRoot, 'class/uio')} lists none. Bind the device to a UIO driver, e.g. ` +
        '`modprobe uio_pci_generic` then `echo uio_pci_generic > /sys/bus/pci/devices/<BDF>/driver_override` and ' +
        '`echo <BDF> > /sys/bus/pci/drivers_probe` (see `regmill doctor <BDF>`)',
    );
  }
  throw new Error(`no UIO device ${key}; present: ${known}`);
}
