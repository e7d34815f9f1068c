// Checks and containers for generated BAR and block classes.
import type { Mmio } from './mmio.js';

/** Throws when the mapped region is smaller than the spec says (a wrong BAR, a truncated mapping). */
export function requireSize(io: Mmio, size: number, what: string): void {
  if (io.size < size) {
    throw new RangeError(`${what}: the Mmio has ${io.size} bytes (0x${io.size.toString(16)}), the spec needs 0x${size.toString(16)}`);
  }
}

/** COUNT instances of a block type STRIDE bytes apart from BASE, created once; `at(i)` allocates nothing. */
export class BlockArray<T> {
  // declare'd and assigned once (no class-field define), so V8 keeps them constant (see register.ts).
  declare readonly name: string;
  declare readonly length: number;
  private declare readonly items: readonly T[];

  constructor(name: string, length: number, io: Mmio, base: number, stride: number, type: new (io: Mmio, base: number) => T) {
    this.name = name;
    this.length = length;
    this.items = Array.from({ length }, (_, i) => new type(io, base + i * stride));
  }

  /** Instance `index`; RangeError naming the block when out of range. */
  at(index: number): T {
    // `% 1` rather than Number.isInteger: V8 drops it for an index it knows is an integer.
    const item = typeof index === 'number' && index % 1 === 0 ? this.items[index] : undefined;
    if (item === undefined) throw new RangeError(`${this.name}[${String(index)}]: index out of range (${this.length} blocks)`);
    return item;
  }
}
