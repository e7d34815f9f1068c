// A raw BAR (no register map, e.g. ivshmem shared memory) as plain memory that allocates 4 KiB pages
// only when written, so a 1 GiB BAR costs nothing until used. Accesses must be naturally aligned and
// in bounds (an aligned access never straddles a page); untouched memory reads 0.
import { hex } from '../../compiler/ir/bits.js';
import { fits16, fits32, fits64, fits8, valueError, type Mmio } from '../registers/mmio.js';

const PAGE = 4096;

export class SparseMemoryMmio implements Mmio {
  private readonly pages = new Map<number, DataView>();

  constructor(
    readonly size: number,
    private readonly label: string,
    private readonly checkOpen: () => void,
  ) {}

  private page(offset: number, bytes: number, op: string, create: boolean): DataView | undefined {
    this.checkOpen();
    if (!Number.isInteger(offset) || offset < 0 || offset + bytes > this.size) {
      throw new RangeError(`${this.label}: ${op} at ${hex(offset)} is outside the ${hex(this.size)}-byte BAR`);
    }
    if (offset % bytes !== 0) throw new RangeError(`${this.label}: ${op} at ${hex(offset)} is not ${bytes}-byte aligned`);
    const n = Math.floor(offset / PAGE);
    let p = this.pages.get(n);
    if (!p && create) {
      p = new DataView(new ArrayBuffer(PAGE));
      this.pages.set(n, p);
    }
    return p;
  }

  read8(o: number): number {
    return this.page(o, 1, 'read8', false)?.getUint8(o % PAGE) ?? 0;
  }
  read16(o: number): number {
    return this.page(o, 2, 'read16', false)?.getUint16(o % PAGE, true) ?? 0;
  }
  read32(o: number): number {
    return this.page(o, 4, 'read32', false)?.getUint32(o % PAGE, true) ?? 0;
  }
  read64(o: number): bigint {
    return this.page(o, 8, 'read64', false)?.getBigUint64(o % PAGE, true) ?? 0n;
  }
  write8(o: number, v: number): void {
    if (!fits8(v)) throw valueError('write8', o, v, 'simulated memory');
    this.page(o, 1, 'write8', true)!.setUint8(o % PAGE, v);
  }
  write16(o: number, v: number): void {
    if (!fits16(v)) throw valueError('write16', o, v, 'simulated memory');
    this.page(o, 2, 'write16', true)!.setUint16(o % PAGE, v, true);
  }
  write32(o: number, v: number): void {
    if (!fits32(v)) throw valueError('write32', o, v, 'simulated memory');
    this.page(o, 4, 'write32', true)!.setUint32(o % PAGE, v, true);
  }
  write64(o: number, v: bigint): void {
    if (!fits64(v)) throw valueError('write64', o, v, 'simulated memory');
    this.page(o, 8, 'write64', true)!.setBigUint64(o % PAGE, v, true);
  }
  fence(): void {}
}

