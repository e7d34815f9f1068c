// Error texts that say what to do. Kept apart from the code that detects the condition so they can be
// tested as text and reused by `regmill doctor`.
import type { PciDevice } from './sysfs.js';

/** The shell commands that hand `bdf` to `driver` through driver_override. */
export function bindCommands(bdf: string, driver: string, sysfsRoot = '/sys'): string[] {
  const dev = `${sysfsRoot}/bus/pci/devices/${bdf}`;
  return [
    `echo ${driver} > ${dev}/driver_override`,
    `[ -e ${dev}/driver ] && echo ${bdf} > ${dev}/driver/unbind`,
    `echo ${bdf} > ${sysfsRoot}/bus/pci/drivers_probe`,
  ];
}

/** VFIO refuses a group unless every device in it is bound to vfio-pci (or unbound); name the culprits. */
export function groupNotViable(group: number, target: string, members: readonly PciDevice[], sysfsRoot = '/sys'): string {
  const blocking = members.filter((m) => m.driver !== undefined && m.driver !== 'vfio-pci' && m.driver !== 'pcieport' && m.driver !== 'pci-stub');
  const lines = [
    `VFIO group ${group} of ${target} is not viable: every device in an IOMMU group must be bound to vfio-pci (or to no driver) before any of them can be used.`,
    `Devices in group ${group}:`,
    ...members.map((m) => `  ${m.bdf} ${m.vendor.toString(16).padStart(4, '0')}:${m.device.toString(16).padStart(4, '0')} driver ${m.driver ?? '(none)'}${m.bdf === target ? '  <- this device' : ''}`),
  ];
  if (blocking.length > 0) {
    lines.push('Bind the others to vfio-pci (as root):', ...blocking.flatMap((m) => bindCommands(m.bdf, 'vfio-pci', sysfsRoot).map((c) => `  ${c}`)));
  }
  if (members.some((m) => m.driver === 'pcieport')) {
    lines.push('PCIe bridges (pcieport) in the group are fine as they are; if the group still is not viable, the platform groups these devices together (no ACS) and they can only be used together.');
  }
  return lines.join('\n');
}

export const noIommuAdvice =
  'the IOMMU is off or absent, so the device has no IOMMU group. Either enable it (BIOS VT-d/AMD-Vi, and `intel_iommu=on` or `amd_iommu=on` on the kernel command line, then reboot), ' +
  'or use VFIO no-IOMMU mode (`modprobe vfio enable_unsafe_noiommu_mode=1`, or `echo 1 > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode` once vfio is loaded; kernel built with CONFIG_VFIO_NOIOMMU; no DMA isolation, root only), ' +
  'or use the UIO or sysfs resource backends';
