// Sorted, non-overlapping byte ranges [start, end) with binary-search lookup: what the importers use
// to tell whether a register (or a whole peripheral) lands on one already placed.
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export class RangeSet<R extends ByteRange> {
  private readonly ranges: R[] = [];

  /** The range already in the set that overlaps [start, end), if any. */
  find(start: number, end: number): R | undefined {
    const i = this.index(start);
    const before = this.ranges[i - 1];
    if (before && before.end > start) return before;
    const at = this.ranges[i];
    return at && at.start < end ? at : undefined;
  }

  /** Adds r; the caller has checked with find() that it overlaps nothing. */
  add(r: R): void {
    this.ranges.splice(this.index(r.start), 0, r);
  }

  /** The first position whose range starts at or after start. */
  private index(start: number): number {
    let lo = 0;
    let hi = this.ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
