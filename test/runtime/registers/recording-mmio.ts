// An Mmio that forwards to another and records every access (op, width, offset, value) and fence, so
// tests can prove "exactly one access of the right width, with this value, in this order".
import type { Mmio } from '../../../runtime/registers/mmio.js';
import { TypedArrayMmio } from '../../../runtime/registers/mmio.js';

export type Access =
  | { readonly op: 'r' | 'w'; readonly width: 8 | 16 | 32 | 64; readonly offset: number; readonly value: number | bigint }
  | { readonly op: 'fence' };

export class RecordingMmio implements Mmio {
  readonly size: number;
  private log: Access[] = [];

  constructor(readonly inner: Mmio) {
    this.size = inner.size;
  }

  /** A recording Mmio over a fresh zeroed buffer of `size` bytes. */
  static over(size: number): RecordingMmio {
    return new RecordingMmio(new TypedArrayMmio(new ArrayBuffer(size)));
  }

  /** The accesses since the last take(), as compact strings: `r32 0x10 = 0x5`, `w8 0x3 = 0x1`, `fence`. */
  take(): string[] {
    const l = this.log;
    this.log = [];
    return l.map((a) => (a.op === 'fence' ? 'fence' : `${a.op}${a.width} 0x${a.offset.toString(16)} = 0x${a.value.toString(16)}`));
  }

  read8(o: number): number {
    return this.rec('r', 8, o, this.inner.read8(o));
  }
  read16(o: number): number {
    return this.rec('r', 16, o, this.inner.read16(o));
  }
  read32(o: number): number {
    return this.rec('r', 32, o, this.inner.read32(o));
  }
  read64(o: number): bigint {
    return this.rec('r', 64, o, this.inner.read64(o));
  }
  write8(o: number, v: number): void {
    this.inner.write8(o, this.rec('w', 8, o, v));
  }
  write16(o: number, v: number): void {
    this.inner.write16(o, this.rec('w', 16, o, v));
  }
  write32(o: number, v: number): void {
    this.inner.write32(o, this.rec('w', 32, o, v));
  }
  write64(o: number, v: bigint): void {
    this.inner.write64(o, this.rec('w', 64, o, v));
  }
  fence(): void {
    this.log.push({ op: 'fence' });
    this.inner.fence();
  }

  private rec<V extends number | bigint>(op: 'r' | 'w', width: 8 | 16 | 32 | 64, offset: number, value: V): V {
    this.log.push({ op, width, offset, value });
    return value;
  }
}
