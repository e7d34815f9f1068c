// What sysfs says about PCI devices: ids, the driver holding each, IOMMU groups and their members.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { isBdf, normalizeBdf, resolveRoots, type HostRoots } from './roots.js';

export interface PciDevice {
  readonly bdf: string;
  readonly vendor: number;
  readonly device: number;
  readonly classCode: number | undefined;
  /** Bound driver name, or undefined when unbound. */
  readonly driver: string | undefined;
  /** IOMMU group number, or undefined when the IOMMU is off (and no no-IOMMU group exists). */
  readonly iommuGroup: number | undefined;
  readonly sysPath: string;
}

function readHex(file: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(file, 'utf8').trim(), 16);
  } catch {
    return undefined;
  }
}

function linkBase(link: string): string | undefined {
  try {
    return path.basename(readlinkSync(link));
  } catch {
    return undefined;
  }
}

export function devicesDir(roots?: HostRoots): string {
  return path.join(resolveRoots(roots).sysfsRoot, 'bus/pci/devices');
}

export function readPciDevice(bdf: string, roots?: HostRoots): PciDevice | undefined {
  const id = normalizeBdf(bdf);
  const sysPath = path.join(devicesDir(roots), id);
  if (!existsSync(sysPath)) return undefined;
  const group = linkBase(path.join(sysPath, 'iommu_group'));
  return {
    bdf: id,
    vendor: readHex(path.join(sysPath, 'vendor')) ?? 0,
    device: readHex(path.join(sysPath, 'device')) ?? 0,
    classCode: readHex(path.join(sysPath, 'class')),
    driver: linkBase(path.join(sysPath, 'driver')),
    iommuGroup: group === undefined ? undefined : Number(group),
    sysPath,
  };
}

export function listPciDevices(roots?: HostRoots): PciDevice[] {
  const dir = devicesDir(roots);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(isBdf)
    .sort()
    .map((bdf) => readPciDevice(bdf, roots))
    .filter((d): d is PciDevice => d !== undefined);
}

/**
 * Finds devices by "vvvv:dddd" (vendor:device in hex), by { vendor, device }, or by PCI address.
 * Throws a clear error when nothing matches.
 */
export function findPciDevices(selector: string | { vendor: number; device: number }, roots?: HostRoots): PciDevice[] {
  if (typeof selector === 'string' && isBdf(selector)) {
    const d = readPciDevice(selector, roots);
    if (!d) throw new Error(`no PCI device ${normalizeBdf(selector)} in ${devicesDir(roots)} (\`lspci -D\` lists the addresses)`);
    return [d];
  }
  let ids: { vendor: number; device: number };
  if (typeof selector === 'string') {
    const m = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/.exec(selector.trim());
    if (!m) throw new Error(`"${selector}" is neither a PCI address (0000:00:04.0) nor vendor:device ids (1234:11e8)`);
    ids = { vendor: Number.parseInt(m[1]!, 16), device: Number.parseInt(m[2]!, 16) };
  } else ids = selector;
  const found = listPciDevices(roots).filter((d) => d.vendor === ids.vendor && d.device === ids.device);
  if (found.length === 0) throw new Error(`no PCI device with ids ${hex4(ids.vendor)}:${hex4(ids.device)} (\`lspci -nn\` lists the ids present)`);
  return found;
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** The PCI addresses in IOMMU group `group`. */
export function groupMembers(group: number, roots?: HostRoots): string[] {
  const dir = path.join(resolveRoots(roots).sysfsRoot, 'kernel/iommu_groups', String(group), 'devices');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(isBdf).sort();
}

/**
 * Where vfio's no-IOMMU switch stands: vfio not loaded, built without CONFIG_VFIO_NOIOMMU (no
 * parameter file), off, or on; with the parameter file's path, for messages.
 */
export function noIommuMode(roots?: HostRoots): { readonly state: 'unloaded' | 'unsupported' | 'off' | 'on'; readonly param: string } {
  const vfio = path.join(resolveRoots(roots).sysfsRoot, 'module/vfio');
  const param = path.join(vfio, 'parameters/enable_unsafe_noiommu_mode');
  if (!existsSync(vfio)) return { state: 'unloaded', param };
  let mode: string;
  try {
    mode = readFileSync(param, 'utf8').trim();
  } catch {
    return { state: 'unsupported', param };
  }
  return { state: /^[Y1]/.test(mode) ? 'on' : 'off', param };
}
