// A PCI device opened through VFIO: container → group (viability checked) → IOMMU type → device fd.
// Same order as DPDK: /dev/vfio/N, then /dev/vfio/noiommu-N. Every failure names the fix.
import { constants } from 'node:os';
import path from 'node:path';
import * as libc from '../ffi/libc.js';
import { O_CLOEXEC, O_RDWR } from '../ffi/constants.js';
import { SysError } from '../ffi/sys-error.js';
import * as abi from './abi.js';
import { ConfigSpace } from '../pci/config-space.js';
import { bindCommands, groupNotViable, noIommuAdvice } from '../pci/advice.js';
import { groupMembers, noIommuMode, readPciDevice, type PciDevice } from '../pci/sysfs.js';
import { normalizeBdf, resolveRoots, type HostRoots } from '../pci/roots.js';
import { mapVfioRegion } from './region.js';
import type { Mapping } from '../mappings/mapping.js';

export type IommuType = 'type1v2' | 'type1' | 'noiommu';

export class VfioDevice {
  readonly bdf: string;
  readonly group: number;
  readonly iommu: IommuType;
  readonly info: abi.DeviceInfo;
  readonly deviceFd: number;
  private readonly containerFd: number;
  private readonly groupFd: number;
  private readonly groupPath: string;
  private isClosed = false;

  private constructor(init: { bdf: string; group: number; iommu: IommuType; containerFd: number; groupFd: number; groupPath: string; deviceFd: number; info: abi.DeviceInfo }) {
    this.bdf = init.bdf;
    this.group = init.group;
    this.iommu = init.iommu;
    this.containerFd = init.containerFd;
    this.groupFd = init.groupFd;
    this.groupPath = init.groupPath;
    this.deviceFd = init.deviceFd;
    this.info = init.info;
  }

  static open(address: string, roots?: HostRoots): VfioDevice {
    const bdf = normalizeBdf(address);
    const r = resolveRoots(roots);
    const dev = readPciDevice(bdf, roots);
    if (!dev) throw new Error(`no PCI device ${bdf} in ${path.join(r.sysfsRoot, 'bus/pci/devices')} (\`lspci -D\` lists the addresses)`);
    if (dev.iommuGroup === undefined) throw noGroupError(dev, roots);
    if (dev.driver !== 'vfio-pci') {
      throw new Error(
        `VFIO: ${bdf} is bound to ${dev.driver ?? 'no driver'}, not vfio-pci. As root: modprobe vfio-pci; ${bindCommands(bdf, 'vfio-pci', r.sysfsRoot).join('; ')} ` +
          '(or use regmill\'s bindDriver())',
      );
    }
    const group = dev.iommuGroup;
    const fds: number[] = [];
    const what = (p: string, op: number) => `${p} ${abi.ioctlNames[op] ?? op}`;
    try {
      const containerPath = path.join(r.devRoot, 'vfio/vfio');
      const containerFd = libc.open(containerPath, O_RDWR | O_CLOEXEC, 0, (code) => (code === 'ENOENT' ? 'VFIO is not loaded: `modprobe vfio-pci`' : undefined));
      fds.push(containerFd);
      const version = libc.ioctlInt(containerFd, abi.VFIO_GET_API_VERSION, 0, what(containerPath, abi.VFIO_GET_API_VERSION));
      if (version !== abi.VFIO_API_VERSION) throw new Error(`VFIO: ${containerPath} speaks API version ${version}; regmill knows version ${abi.VFIO_API_VERSION}`);

      const { fd: groupFd, path: groupPath, noiommu } = openGroup(r.devRoot, group, bdf);
      fds.push(groupFd);
      const status = Buffer.from(abi.encodeGroupStatus());
      libc.ioctl(groupFd, abi.VFIO_GROUP_GET_STATUS, status, what(groupPath, abi.VFIO_GROUP_GET_STATUS));
      if (!abi.decodeGroupStatus(status).viable) {
        const members = groupMembers(group, roots).map((b) => readPciDevice(b, roots)).filter((d): d is PciDevice => d !== undefined);
        throw new Error(groupNotViable(group, bdf, members, r.sysfsRoot));
      }
      libc.ioctl(groupFd, abi.VFIO_GROUP_SET_CONTAINER, abi.encodeFdPointer(containerFd), what(groupPath, abi.VFIO_GROUP_SET_CONTAINER));

      const iommu = chooseIommu(containerFd, containerPath, noiommu);
      libc.ioctlInt(containerFd, abi.VFIO_SET_IOMMU, iommuNumber(iommu), what(containerPath, abi.VFIO_SET_IOMMU), setIommuHint(iommu));

      const deviceFd = libc.ioctl(groupFd, abi.VFIO_GROUP_GET_DEVICE_FD, abi.encodeDeviceName(bdf), what(groupPath, abi.VFIO_GROUP_GET_DEVICE_FD), 'the device is not in this group or is in use by another process');
      fds.push(deviceFd);
      const infoBuf = abi.encodeDeviceInfo();
      libc.ioctl(deviceFd, abi.VFIO_DEVICE_GET_INFO, infoBuf, `${bdf} VFIO_DEVICE_GET_INFO`);
      return new VfioDevice({ bdf, group, iommu, containerFd, groupFd, groupPath, deviceFd, info: abi.decodeDeviceInfo(infoBuf) });
    } catch (error) {
      for (const fd of fds.reverse()) {
        try {
          libc.close(fd);
        } catch {
          // already failing; the first error is the one to report
        }
      }
      throw error;
    }
  }

  /** Region info with its capability chain (re-asks with the size the kernel wants when caps do not fit). */
  regionInfo(index: number): abi.RegionInfo {
    this.assertOpen();
    let b = abi.encodeRegionInfo(index);
    libc.ioctl(this.deviceFd, abi.VFIO_DEVICE_GET_REGION_INFO, b, `${this.bdf} VFIO_DEVICE_GET_REGION_INFO(${index})`);
    const needed = abi.regionInfoNeeded(b);
    if (needed > b.length) {
      b = abi.encodeRegionInfo(index, needed);
      libc.ioctl(this.deviceFd, abi.VFIO_DEVICE_GET_REGION_INFO, b, `${this.bdf} VFIO_DEVICE_GET_REGION_INFO(${index})`);
    }
    return abi.decodeRegionInfo(b);
  }

  irqInfo(index: number): abi.IrqInfo {
    this.assertOpen();
    const b = abi.encodeIrqInfo(index);
    libc.ioctl(this.deviceFd, abi.VFIO_DEVICE_GET_IRQ_INFO, b, `${this.bdf} VFIO_DEVICE_GET_IRQ_INFO(${index})`);
    return abi.decodeIrqInfo(b);
  }

  setIrqs(arg: Buffer, what: string): void {
    this.assertOpen();
    libc.ioctl(this.deviceFd, abi.VFIO_DEVICE_SET_IRQS, arg, `${this.bdf} VFIO_DEVICE_SET_IRQS ${what}`);
  }

  mapBar(bar: number, size: number): Mapping {
    const info = this.regionInfo(abi.VFIO_PCI_BAR0_REGION_INDEX + bar);
    if (info.size === 0) throw new Error(`BAR ${bar} of ${this.bdf} is not implemented (VFIO region ${bar} has size 0)`);
    return mapVfioRegion(this.deviceFd, info, bar, size, `${this.bdf} VFIO region ${bar}`);
  }

  config(): ConfigSpace {
    const info = this.regionInfo(abi.VFIO_PCI_CONFIG_REGION_INDEX);
    return new ConfigSpace(this.deviceFd, `${this.bdf} VFIO config region`, info.offset);
  }

  reset(): boolean {
    if (!this.info.reset) return false;
    libc.ioctlInt(this.deviceFd, abi.VFIO_DEVICE_RESET, 0, `${this.bdf} VFIO_DEVICE_RESET`);
    return true;
  }

  dmaMap(vaddr: bigint, iova: bigint, size: number): void {
    this.assertOpen();
    libc.ioctl(this.containerFd, abi.VFIO_IOMMU_MAP_DMA, abi.encodeDmaMap(vaddr, iova, size), `${this.groupPath} VFIO_IOMMU_MAP_DMA`,
      'the memlock limit may be too low (`ulimit -l`), or the IOVA range is taken or outside the IOMMU\'s aperture');
  }

  dmaUnmap(iova: bigint, size: number): number {
    this.assertOpen();
    const b = abi.encodeDmaUnmap(iova, size);
    libc.ioctl(this.containerFd, abi.VFIO_IOMMU_UNMAP_DMA, b, `${this.groupPath} VFIO_IOMMU_UNMAP_DMA`);
    return abi.decodeDmaUnmapSize(b);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Closes device, group and container fds (the kernel drops DMA mappings and IRQ bindings with them). */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const [fd, what] of [[this.deviceFd, this.bdf], [this.groupFd, this.groupPath], [this.containerFd, 'VFIO container']] as const) {
      try {
        libc.close(fd, what);
      } catch {
        // keep closing the rest
      }
    }
  }

  private assertOpen(): void {
    if (this.isClosed) throw new Error(`VFIO device ${this.bdf} is closed`);
  }
}

/**
 * No iommu_group link: the IOMMU is off, and no-IOMMU mode did not make a group either. Which of its
 * states holds decides the fix (a parameter given to modprobe no longer applies once vfio is loaded).
 */
function noGroupError(dev: PciDevice, roots: HostRoots | undefined): SysError {
  const { state, param } = noIommuMode(roots);
  let next: string;
  if (state === 'unloaded') {
    next = 'vfio is not loaded: `modprobe vfio enable_unsafe_noiommu_mode=1` loads it in no-IOMMU mode (then `modprobe vfio-pci` and bind the device)';
  } else if (state === 'unsupported') {
    next = `No-IOMMU mode is not available: ${param} does not exist, so this kernel's vfio was built without CONFIG_VFIO_NOIOMMU (Debian's kernels are)`;
  } else if (state === 'off') {
    next = `No-IOMMU mode is off: as root \`echo 1 > ${param}\` (vfio is loaded, so a modprobe parameter no longer applies), then bind ${dev.bdf} to vfio-pci again`;
  } else if (dev.driver === 'vfio-pci') {
    next = `No-IOMMU mode is on, but ${dev.bdf} was bound to vfio-pci before it was turned on: unbind it and bind it again`;
  } else {
    next = `No-IOMMU mode is on: bind ${dev.bdf} (now ${dev.driver ?? 'unbound'}) to vfio-pci, which creates its no-IOMMU group`;
  }
  return new SysError({
    syscall: 'readlink',
    errno: constants.errno.ENOENT,
    path: path.join(dev.sysPath, 'iommu_group'),
    hint: `VFIO: ${dev.bdf} has no IOMMU group: ${noIommuAdvice}. ${next}`,
  });
}

function openGroup(devRoot: string, group: number, bdf: string): { fd: number; path: string; noiommu: boolean } {
  const normal = path.join(devRoot, 'vfio', String(group));
  const busy = (p: string) => (code: string) =>
    code === 'EBUSY' ? `another process (or another open in this one) already holds ${p}; VFIO allows one owner per group` : undefined;
  try {
    return { fd: libc.open(normal, O_RDWR | O_CLOEXEC, 0, busy(normal)), path: normal, noiommu: false };
  } catch (error) {
    if (!(error instanceof SysError) || error.code !== 'ENOENT') throw error;
  }
  const noiommu = path.join(devRoot, 'vfio', `noiommu-${group}`);
  try {
    return { fd: libc.open(noiommu, O_RDWR | O_CLOEXEC, 0, busy(noiommu)), path: noiommu, noiommu: true };
  } catch (error) {
    if (error instanceof SysError && error.code === 'ENOENT') {
      throw new Error(`VFIO: neither ${normal} nor ${noiommu} exists although ${bdf} is bound to vfio-pci (is udev running? \`ls -l ${path.join(devRoot, 'vfio')}\`)`);
    }
    throw error;
  }
}

function chooseIommu(containerFd: number, containerPath: string, noiommu: boolean): IommuType {
  const has = (type: number) => libc.ioctlInt(containerFd, abi.VFIO_CHECK_EXTENSION, type, `${containerPath} VFIO_CHECK_EXTENSION`) > 0;
  if (noiommu) {
    if (!has(abi.VFIO_NOIOMMU_IOMMU)) throw new Error(`VFIO: the group is a no-IOMMU group but ${containerPath} does not offer the no-IOMMU type`);
    return 'noiommu';
  }
  if (has(abi.VFIO_TYPE1v2_IOMMU)) return 'type1v2';
  if (has(abi.VFIO_TYPE1_IOMMU)) return 'type1';
  throw new Error(`VFIO: ${containerPath} offers neither type1 nor type1v2 IOMMU (\`modprobe vfio_iommu_type1\`)`);
}

function iommuNumber(t: IommuType): number {
  return t === 'type1v2' ? abi.VFIO_TYPE1v2_IOMMU : t === 'type1' ? abi.VFIO_TYPE1_IOMMU : abi.VFIO_NOIOMMU_IOMMU;
}

function setIommuHint(t: IommuType): string {
  return t === 'noiommu'
    ? 'no-IOMMU mode needs root (CAP_SYS_RAWIO)'
    : 'EPERM here usually means no interrupt remapping: `echo 1 > /sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts` (or enable interrupt remapping)';
}
