// A Mapping over an open fd: mmap + checked Mmio + owned fd. The sources (file, UIO, sysfs resource,
// VFIO) only differ in how they find the fd, the offset and the size to check.
import * as libc from '../ffi/libc.js';
import { mapRegion, type MappedRegion } from './mapped-region.js';
import { ViewMmio } from './view-mmio.js';
import { closedTwice, type Mapping } from './mapping.js';

export interface FdMappingInit {
  readonly fd: number;
  /** Close the fd with the mapping (false when another owner, e.g. a VFIO device, keeps it). */
  readonly ownsFd: boolean;
  readonly offset: number;
  readonly size: number;
  readonly label: string;
  readonly bar: number;
}

export class FdMapping implements Mapping {
  readonly label: string;
  readonly size: number;
  readonly mmio: ViewMmio;
  readonly bytes: Uint8Array;
  readonly address: bigint;
  readonly source: { readonly fd: number; readonly offset: number };
  private isClosed = false;
  private readonly region: MappedRegion;
  onFault?: (offset: number) => void;

  constructor(private readonly init: FdMappingInit) {
    this.label = init.label;
    this.size = init.size;
    const region = mapRegion(init.fd, init.offset, init.size, init.label);
    this.address = region.address;
    this.source = { fd: init.fd, offset: init.offset };
    this.bytes = region.view;
    this.region = region;
    region.onFault = (offset) => this.onFault?.(offset);
    this.mmio = new ViewMmio(region.view, `BAR ${init.bar} (${init.label})`);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  close(): void {
    if (this.isClosed) throw closedTwice(`BAR ${this.init.bar} (${this.label})`);
    this.isClosed = true;
    this.mmio.detach();
    this.region.release();
    if (this.init.ownsFd) libc.close(this.init.fd, this.label);
  }

  lose(reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.mmio.detach(reason);
    this.region.lose();
    if (this.init.ownsFd) libc.close(this.init.fd, this.label);
  }
}
