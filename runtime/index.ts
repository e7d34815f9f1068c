// `regmill/runtime`: open a device (UIO, VFIO, sysfs resource files, plain files), its BARs as Mmio,
// interrupts as promises, DMA buffers; plus the PCI helpers behind `regmill doctor`.
export type { Backend, Device, DeviceRemoval, DeviceIrq, DmaAllocator, DmaBuffer, IrqEvent, IrqHandleOptions, IrqWaitOptions } from './device-types.js';
export * from './registers/mmio.js';
export { openDevice, type DeviceSource, type OpenOptions } from './open-device.js';
export type { IrqModeRequest } from './vfio/irq.js';
export { SysError } from './ffi/sys-error.js';
export type { Mapping } from './mappings/mapping.js';
export { mapFile, mapFileFd, type FileMapOptions } from './mappings/file.js';
export { listUio, findUio, type UioDevice, type UioMap, type UioSelector } from './mappings/uio-sysfs.js';
export { listPciDevices, findPciDevices, readPciDevice, groupMembers, type PciDevice } from './pci/sysfs.js';
export { bindDriver, currentDriver, type Binding, type BindOptions, type UserspaceDriver } from './pci/bind.js';
export { normalizeBdf, type HostRoots } from './pci/roots.js';
export { watchDmaFaults, parseDmaFault, type DmaFault, type DmaFaultWatch } from './pci/dma-faults.js';
// The simulated device (runs the same driver code without hardware).
export * from './sim/index.js';
// DMA for queue-based devices: a page pool for queue memory and data buffers, NVMe PRP entries/lists.
export { DmaPool, DmaDataBuffer, DEFAULT_PAGE_SIZE, type DmaPage, type DmaPoolOptions } from './dma/pool.js';
// Packet buffers for NICs: fixed-size DMA buffers handed out in batches by index (docs/nic.md).
export { PacketPool, type PacketPoolOptions } from './dma/packet-pool.js';
export { buildPrps, type Prps } from './dma/prp.js';
