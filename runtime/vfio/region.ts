// A VFIO BAR region as a Mapping: mmapped where the kernel allows (whole region, or each sparse-mmap
// area), pread/pwrite on the device fd everywhere else.
import { mapRegion, type MappedRegion } from '../mappings/mapped-region.js';
import { FdMapping } from '../mappings/fd-mapping.js';
import { RegionMmio } from '../mappings/region-mmio.js';
import { ViewMmio } from '../mappings/view-mmio.js';
import { closedTwice, sizeMismatch, type Mapping } from '../mappings/mapping.js';
import type { RegionInfo, SparseArea } from './abi.js';

/** Which parts of the region we will mmap. */
export function mappableAreas(info: RegionInfo): readonly SparseArea[] {
  if (!info.mmappable) return [];
  return (info.sparse ?? [{ offset: 0, size: info.size }]).filter((a) => a.size > 0);
}

export function mapVfioRegion(fd: number, info: RegionInfo, bar: number, declared: number, label: string): Mapping {
  if (info.size !== declared) throw sizeMismatch(label, bar, declared, info.size);
  const areas = mappableAreas(info);
  if (areas.length === 1 && areas[0]!.offset === 0 && areas[0]!.size === info.size) {
    try {
      return new FdMapping({ fd, ownsFd: false, offset: info.offset, size: declared, label, bar });
    } catch {
      // Some kernels refuse the mmap (e.g. an MSI-X table in the BAR): fall through to the access path.
      return new VfioRegionMapping(fd, info, bar, label, []);
    }
  }
  return new VfioRegionMapping(fd, info, bar, label, areas);
}

class VfioRegionMapping implements Mapping {
  readonly size: number;
  readonly mmio: RegionMmio;
  /** Not one contiguous mapping: no zero-copy bytes for the whole BAR. */
  readonly bytes = new Uint8Array(0);
  private readonly regions: MappedRegion[] = [];
  private isClosed = false;
  onFault?: (offset: number) => void;

  constructor(fd: number, info: RegionInfo, private readonly bar: number, readonly label: string, areas: readonly SparseArea[]) {
    this.size = info.size;
    const windows = [];
    try {
      for (const a of areas) {
        const r = mapRegion(fd, info.offset + a.offset, a.size, `${label} area 0x${a.offset.toString(16)}`);
        this.regions.push(r);
        r.onFault = (offset) => this.onFault?.(a.offset + offset);
        windows.push({ offset: a.offset, size: a.size, mmio: new ViewMmio(r.view, `BAR ${bar} (${label}) area 0x${a.offset.toString(16)}`) });
      }
    } catch (error) {
      for (const r of this.regions) r.release();
      throw error;
    }
    this.mmio = new RegionMmio(info.size, `BAR ${bar} (${label})`, windows, fd, info.offset);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  close(): void {
    if (this.isClosed) throw closedTwice(`BAR ${this.bar} (${this.label})`);
    this.isClosed = true;
    this.mmio.detach();
    for (const r of this.regions) r.release();
  }

  lose(reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.mmio.detach(reason);
    for (const r of this.regions) r.lose();
  }
}
