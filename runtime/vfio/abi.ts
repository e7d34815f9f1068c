// The VFIO userspace ABI (linux/vfio.h): ioctl numbers and struct packing as small pure functions, so the
// byte layouts are unit-tested here and the QEMU tests only have to prove the kernel agrees.
// All structs are little-endian with natural alignment (x86-64 / aarch64).

// _IO(';', 100 + n) = 0x3b00 | (100 + n): VFIO ioctls carry no size/direction bits.
const io = (n: number): number => (0x3b << 8) | (100 + n);
export const VFIO_GET_API_VERSION = io(0);
export const VFIO_CHECK_EXTENSION = io(1);
export const VFIO_SET_IOMMU = io(2);
export const VFIO_GROUP_GET_STATUS = io(3);
export const VFIO_GROUP_SET_CONTAINER = io(4);
export const VFIO_GROUP_UNSET_CONTAINER = io(5);
export const VFIO_GROUP_GET_DEVICE_FD = io(6);
export const VFIO_DEVICE_GET_INFO = io(7);
export const VFIO_DEVICE_GET_REGION_INFO = io(8);
export const VFIO_DEVICE_GET_IRQ_INFO = io(9);
export const VFIO_DEVICE_SET_IRQS = io(10);
export const VFIO_DEVICE_RESET = io(11);
export const VFIO_IOMMU_GET_INFO = io(12);
export const VFIO_IOMMU_MAP_DMA = io(13);
export const VFIO_IOMMU_UNMAP_DMA = io(14);

export const VFIO_API_VERSION = 0;
export const VFIO_TYPE1_IOMMU = 1;
export const VFIO_TYPE1v2_IOMMU = 3;
export const VFIO_NOIOMMU_IOMMU = 8;

export const VFIO_GROUP_FLAGS_VIABLE = 1;
export const VFIO_GROUP_FLAGS_CONTAINER_SET = 2;

export const VFIO_DEVICE_FLAGS_RESET = 1;
export const VFIO_DEVICE_FLAGS_PCI = 2;

export const VFIO_REGION_INFO_FLAG_READ = 1;
export const VFIO_REGION_INFO_FLAG_WRITE = 2;
export const VFIO_REGION_INFO_FLAG_MMAP = 4;
export const VFIO_REGION_INFO_FLAG_CAPS = 8;
export const VFIO_REGION_INFO_CAP_SPARSE_MMAP = 1;
export const VFIO_REGION_INFO_CAP_MSIX_MAPPABLE = 3;

export const VFIO_PCI_BAR0_REGION_INDEX = 0;
export const VFIO_PCI_CONFIG_REGION_INDEX = 7;

export const VFIO_IRQ_INFO_EVENTFD = 1;
export const VFIO_IRQ_INFO_MASKABLE = 2;
export const VFIO_IRQ_INFO_AUTOMASKED = 4;

export const VFIO_PCI_INTX_IRQ_INDEX = 0;
export const VFIO_PCI_MSI_IRQ_INDEX = 1;
export const VFIO_PCI_MSIX_IRQ_INDEX = 2;
/** Index 4 (after INTx, MSI, MSI-X, ERR): the request interrupt; vfio-pci signals it when the kernel wants the device back (removal, unbind). */
export const VFIO_PCI_REQ_IRQ_INDEX = 4;

export const VFIO_IRQ_SET_DATA_NONE = 1;
export const VFIO_IRQ_SET_DATA_EVENTFD = 4;
export const VFIO_IRQ_SET_ACTION_UNMASK = 16;
export const VFIO_IRQ_SET_ACTION_TRIGGER = 32;

export const VFIO_DMA_MAP_FLAG_READ = 1;
export const VFIO_DMA_MAP_FLAG_WRITE = 2;

/** Symbolic names for error messages. */
export const ioctlNames: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries({
    VFIO_GET_API_VERSION, VFIO_CHECK_EXTENSION, VFIO_SET_IOMMU, VFIO_GROUP_GET_STATUS, VFIO_GROUP_SET_CONTAINER,
    VFIO_GROUP_UNSET_CONTAINER, VFIO_GROUP_GET_DEVICE_FD, VFIO_DEVICE_GET_INFO, VFIO_DEVICE_GET_REGION_INFO,
    VFIO_DEVICE_GET_IRQ_INFO, VFIO_DEVICE_SET_IRQS, VFIO_DEVICE_RESET, VFIO_IOMMU_GET_INFO, VFIO_IOMMU_MAP_DMA, VFIO_IOMMU_UNMAP_DMA,
  }).map(([k, v]) => [v, k]),
);

/** Region index → offset of that region in the vfio-pci device fd (vfio-pci's fixed index << 40 layout). */
export function vfioPciRegionOffset(index: number): number {
  return index * 2 ** 40;
}

// struct vfio_group_status { u32 argsz; u32 flags; }
export function encodeGroupStatus(): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(8, 0);
  return b;
}
export function decodeGroupStatus(b: Buffer): { viable: boolean; containerSet: boolean } {
  const flags = b.readUInt32LE(4);
  return { viable: (flags & VFIO_GROUP_FLAGS_VIABLE) !== 0, containerSet: (flags & VFIO_GROUP_FLAGS_CONTAINER_SET) !== 0 };
}

/** GROUP_SET_CONTAINER takes a pointer to the container fd (int). */
export function encodeFdPointer(fd: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(fd, 0);
  return b;
}

/** GROUP_GET_DEVICE_FD takes the device name as a NUL-terminated string. */
export function encodeDeviceName(name: string): Buffer {
  return Buffer.from(`${name}\0`, 'latin1');
}

// struct vfio_device_info { u32 argsz; u32 flags; u32 num_regions; u32 num_irqs; }
export interface DeviceInfo {
  readonly flags: number;
  readonly numRegions: number;
  readonly numIrqs: number;
  readonly reset: boolean;
  readonly pci: boolean;
}
export function encodeDeviceInfo(): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(16, 0);
  return b;
}
export function decodeDeviceInfo(b: Buffer): DeviceInfo {
  const flags = b.readUInt32LE(4);
  return { flags, numRegions: b.readUInt32LE(8), numIrqs: b.readUInt32LE(12), reset: (flags & VFIO_DEVICE_FLAGS_RESET) !== 0, pci: (flags & VFIO_DEVICE_FLAGS_PCI) !== 0 };
}

// struct vfio_region_info { u32 argsz; u32 flags; u32 index; u32 cap_offset; u64 size; u64 offset; } + caps
export const REGION_INFO_SIZE = 32;

export interface SparseArea {
  readonly offset: number;
  readonly size: number;
}

export interface RegionInfo {
  readonly index: number;
  readonly flags: number;
  readonly size: number;
  /** Offset of the region within the device fd. */
  readonly offset: number;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly mmappable: boolean;
  /** Areas that may be mmapped, when the kernel restricts them (SPARSE_MMAP); undefined = the whole region. */
  readonly sparse: readonly SparseArea[] | undefined;
  /** The MSI-X table in this BAR may be mmapped (MSIX_MAPPABLE). */
  readonly msixMappable: boolean;
  /** Capability ids seen, in chain order. */
  readonly caps: readonly number[];
}

export function encodeRegionInfo(index: number, argsz = REGION_INFO_SIZE): Buffer {
  const b = Buffer.alloc(Math.max(argsz, REGION_INFO_SIZE));
  b.writeUInt32LE(b.length, 0);
  b.writeUInt32LE(index, 8);
  return b;
}

/** The argsz the kernel asked for (larger than ours when the capability chain did not fit). */
export function regionInfoNeeded(b: Buffer): number {
  return b.readUInt32LE(0);
}

function u64(b: Buffer, at: number): number {
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`VFIO value 0x${v.toString(16)} at byte ${at} exceeds 2^53`);
  return Number(v);
}

/** Decodes region info including its capability chain (`next` offsets are from the start of the struct). */
export function decodeRegionInfo(b: Buffer): RegionInfo {
  const flags = b.readUInt32LE(4);
  const caps: number[] = [];
  let sparse: SparseArea[] | undefined;
  let msixMappable = false;
  let at = flags & VFIO_REGION_INFO_FLAG_CAPS ? b.readUInt32LE(12) : 0;
  const seen = new Set<number>();
  while (at !== 0) {
    if (seen.has(at) || at < REGION_INFO_SIZE || at + 8 > b.length) throw new Error(`VFIO region info: capability chain points to byte ${at} of a ${b.length}-byte buffer (loop or truncation)`);
    seen.add(at);
    const id = b.readUInt16LE(at);
    caps.push(id);
    if (id === VFIO_REGION_INFO_CAP_SPARSE_MMAP) {
      const n = b.readUInt32LE(at + 8);
      if (at + 16 + 16 * n > b.length) throw new Error(`VFIO sparse-mmap capability lists ${n} areas but the buffer ends first`);
      sparse = [];
      for (let i = 0; i < n; i++) sparse.push({ offset: u64(b, at + 16 + 16 * i), size: u64(b, at + 24 + 16 * i) });
    } else if (id === VFIO_REGION_INFO_CAP_MSIX_MAPPABLE) {
      msixMappable = true;
    }
    at = b.readUInt32LE(at + 4);
  }
  return {
    index: b.readUInt32LE(8),
    flags,
    size: u64(b, 16),
    offset: u64(b, 24),
    readable: (flags & VFIO_REGION_INFO_FLAG_READ) !== 0,
    writable: (flags & VFIO_REGION_INFO_FLAG_WRITE) !== 0,
    mmappable: (flags & VFIO_REGION_INFO_FLAG_MMAP) !== 0,
    sparse,
    msixMappable,
    caps,
  };
}

// struct vfio_irq_info { u32 argsz; u32 flags; u32 index; u32 count; }
export interface IrqInfo {
  readonly index: number;
  readonly flags: number;
  readonly count: number;
  readonly eventfd: boolean;
  readonly maskable: boolean;
  readonly automasked: boolean;
}
export function encodeIrqInfo(index: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(16, 0);
  b.writeUInt32LE(index, 8);
  return b;
}
export function decodeIrqInfo(b: Buffer): IrqInfo {
  const flags = b.readUInt32LE(4);
  return {
    index: b.readUInt32LE(8),
    flags,
    count: b.readUInt32LE(12),
    eventfd: (flags & VFIO_IRQ_INFO_EVENTFD) !== 0,
    maskable: (flags & VFIO_IRQ_INFO_MASKABLE) !== 0,
    automasked: (flags & VFIO_IRQ_INFO_AUTOMASKED) !== 0,
  };
}

// struct vfio_irq_set { u32 argsz; u32 flags; u32 index; u32 start; u32 count; u8 data[]; }
/** Binds eventfds to vectors start.. (fd -1 unbinds one). */
export function encodeIrqSetEventfds(index: number, start: number, fds: readonly number[]): Buffer {
  const b = Buffer.alloc(20 + 4 * fds.length);
  b.writeUInt32LE(b.length, 0);
  b.writeUInt32LE(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, 4);
  b.writeUInt32LE(index, 8);
  b.writeUInt32LE(start, 12);
  b.writeUInt32LE(fds.length, 16);
  fds.forEach((fd, i) => b.writeInt32LE(fd, 20 + 4 * i));
  return b;
}
/** DATA_NONE with an action: UNMASK(count 1) re-enables INTx; TRIGGER(count 0) disables the whole index. */
export function encodeIrqSetNone(index: number, action: number, start: number, count: number): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt32LE(20, 0);
  b.writeUInt32LE(VFIO_IRQ_SET_DATA_NONE | action, 4);
  b.writeUInt32LE(index, 8);
  b.writeUInt32LE(start, 12);
  b.writeUInt32LE(count, 16);
  return b;
}

// struct vfio_iommu_type1_info { u32 argsz; u32 flags; u64 iova_pgsizes; }
export function encodeIommuInfo(): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(16, 0);
  return b;
}
export function decodeIommuInfo(b: Buffer): { flags: number; iovaPageSizes: bigint } {
  return { flags: b.readUInt32LE(4), iovaPageSizes: b.readBigUInt64LE(8) };
}

// struct vfio_iommu_type1_dma_map { u32 argsz; u32 flags; u64 vaddr; u64 iova; u64 size; } — 32 bytes
export function encodeDmaMap(vaddr: bigint, iova: bigint, size: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(32, 0);
  b.writeUInt32LE(VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE, 4);
  b.writeBigUInt64LE(vaddr, 8);
  b.writeBigUInt64LE(iova, 16);
  b.writeBigUInt64LE(BigInt(size), 24);
  return b;
}

// struct vfio_iommu_type1_dma_unmap { u32 argsz; u32 flags; u64 iova; u64 size; } — 24 bytes, NOT the map
// layout: a 32-byte map-shaped struct makes the kernel read vaddr as iova and silently unmap nothing.
export function encodeDmaUnmap(iova: bigint, size: number): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt32LE(24, 0);
  b.writeBigUInt64LE(iova, 8);
  b.writeBigUInt64LE(BigInt(size), 16);
  return b;
}
/** The kernel writes back how many bytes it unmapped. */
export function decodeDmaUnmapSize(b: Buffer): number {
  return u64(b, 16);
}
