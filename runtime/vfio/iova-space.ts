// Hands out I/O virtual addresses for VFIO type1 mappings: aligned, never overlapping, reusable after free.
export class IovaSpace {
  private next: bigint;
  private readonly free = new Map<number, bigint[]>();

  /** Starts above the low 1 MiB (legacy DMA and firmware ranges some IOMMUs reserve). */
  constructor(base = 0x100000n, private readonly limit = 1n << 48n) {
    this.next = base;
  }

  alloc(size: number, align: number): bigint {
    const reuse = this.free.get(size)?.find((a) => a % BigInt(align) === 0n);
    if (reuse !== undefined) {
      const list = this.free.get(size)!;
      list.splice(list.indexOf(reuse), 1);
      return reuse;
    }
    const a = BigInt(align);
    const at = ((this.next + a - 1n) / a) * a;
    if (at + BigInt(size) > this.limit) throw new RangeError(`IOVA space exhausted: cannot place ${size} bytes below 0x${this.limit.toString(16)}`);
    this.next = at + BigInt(size);
    return at;
  }

  release(iova: bigint, size: number): void {
    const list = this.free.get(size) ?? [];
    list.push(iova);
    this.free.set(size, list);
  }
}
