// Mmio over a VFIO region that is only partly mappable: accesses inside an mmapped (sparse) area go to
// its typed arrays; every other offset — the MSI-X table hole, or a region without MMAP — becomes one
// pread/pwrite of exactly the access width on the device fd, which vfio-pci turns into one device access.
import { readSync, writeSync } from 'node:fs';
import { fits16, fits32, fits64, fits8, valueError, type Mmio } from '../registers/mmio.js';
import { fromNodeError } from '../ffi/sys-error.js';
import { accessError, type ViewMmio } from './view-mmio.js';

export interface RegionWindow {
  /** Offset of the window within the region. */
  readonly offset: number;
  readonly size: number;
  readonly mmio: ViewMmio;
}

const fenceCell = new Int32Array(new SharedArrayBuffer(4));

export class RegionMmio implements Mmio {
  private isClosed: boolean | string = false;
  private readonly buf = Buffer.alloc(8);
  /** The window the last mapped access went to: a driver's accesses cluster (one BAR's registers). */
  private last: RegionWindow | undefined;

  /** `base` is the region's offset in the device fd. */
  constructor(
    readonly size: number,
    private readonly label: string,
    private readonly windows: readonly RegionWindow[],
    private readonly fd: number,
    private readonly base: number,
  ) {}

  detach(lost?: string): void {
    this.isClosed = lost ?? true;
    for (const w of this.windows) w.mmio.detach(lost);
  }

  read8(o: number): number {
    const w = this.route('read8', o, 1);
    return w ? w.mmio.read8(o - w.offset) : this.pread(o, 1).readUInt8(0);
  }
  read16(o: number): number {
    const w = this.route('read16', o, 2);
    return w ? w.mmio.read16(o - w.offset) : this.pread(o, 2).readUInt16LE(0);
  }
  read32(o: number): number {
    const w = this.route('read32', o, 4);
    return w ? w.mmio.read32(o - w.offset) : this.pread(o, 4).readUInt32LE(0);
  }
  read64(o: number): bigint {
    const w = this.route('read64', o, 8);
    return w ? w.mmio.read64(o - w.offset) : this.pread(o, 8).readBigUInt64LE(0);
  }
  write8(o: number, v: number): void {
    if (!fits8(v)) throw valueError('write8', o, v, this.label);
    const w = this.route('write8', o, 1);
    if (w) w.mmio.write8(o - w.offset, v);
    else (this.buf.writeUInt8(v & 0xff, 0), this.pwrite(o, 1));
  }
  write16(o: number, v: number): void {
    if (!fits16(v)) throw valueError('write16', o, v, this.label);
    const w = this.route('write16', o, 2);
    if (w) w.mmio.write16(o - w.offset, v);
    else (this.buf.writeUInt16LE(v & 0xffff, 0), this.pwrite(o, 2));
  }
  write32(o: number, v: number): void {
    if (!fits32(v)) throw valueError('write32', o, v, this.label);
    const w = this.route('write32', o, 4);
    if (w) w.mmio.write32(o - w.offset, v);
    else (this.buf.writeUInt32LE(v >>> 0, 0), this.pwrite(o, 4));
  }
  write64(o: number, v: bigint): void {
    if (!fits64(v)) throw valueError('write64', o, v, this.label);
    const w = this.route('write64', o, 8);
    if (w) w.mmio.write64(o - w.offset, v);
    else (this.buf.writeBigUInt64LE(BigInt.asUintN(64, v), 0), this.pwrite(o, 8));
  }
  fence(): void {
    Atomics.add(fenceCell, 0, 0);
  }

  /** The mapped window holding [o, o + width), or undefined for the pread/pwrite path. */
  private route(op: string, o: number, width: number): RegionWindow | undefined {
    if (this.isClosed || !(o >= 0 && o + width <= this.size) || o % width !== 0) throw accessError(this.label, this.isClosed, this.size, op, o, width);
    const last = this.last;
    if (last !== undefined && o >= last.offset && o + width <= last.offset + last.size) return last;
    for (const w of this.windows) if (o >= w.offset && o + width <= w.offset + w.size) return (this.last = w);
    return undefined;
  }

  private pread(o: number, width: number): Buffer {
    let n: number;
    try {
      n = readSync(this.fd, this.buf, 0, width, this.base + o);
    } catch (error) {
      throw fromNodeError(error, 'pread', `${this.label} at 0x${o.toString(16)}`);
    }
    if (n !== width) throw new Error(`pread ${this.label} at 0x${o.toString(16)}: got ${n} of ${width} bytes`);
    return this.buf;
  }

  private pwrite(o: number, width: number): void {
    let n: number;
    try {
      n = writeSync(this.fd, this.buf, 0, width, this.base + o);
    } catch (error) {
      throw fromNodeError(error, 'pwrite', `${this.label} at 0x${o.toString(16)}`);
    }
    if (n !== width) throw new Error(`pwrite ${this.label} at 0x${o.toString(16)}: wrote ${n} of ${width} bytes`);
  }
}
