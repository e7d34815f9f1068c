// What generated code checks with values it reads from the device when a BAR is bound or a ring is
// made: a run-time array stride (NVMe CAP.DSTRD, NVMe 1.4 section 3.1.1), a ring's entry count against
// its run-time bound (CAP.MQES + 1), a ring array's index. Each throws a RangeError naming the value.

/** A stride read from the device (or given): an integer of at least the element's size. */
export function runtimeStride(what: string, stride: number, element: number): number {
  if (!(Number.isSafeInteger(stride) && stride >= element)) {
    throw new RangeError(`${what}: stride ${String(stride)} is not a whole number of at least the ${element}-byte element`);
  }
  return stride;
}

/**
 * How many of `count` elements from `offset`, `stride` bytes apart, lie inside a `size`-byte BAR: with
 * a large run-time stride the last ones may not, and they are then out of range rather than mapped.
 */
export function elementsInside(count: number, offset: number, stride: number, element: number, size: number): number {
  if (offset + element > size) return 0;
  return Math.min(count, Math.floor((size - offset - element) / stride) + 1);
}

/** A ring's entry count: an integer 2..bound (a ring of one entry can never hold a command: full = head + 1). */
export function ringCount(ring: string, count: number, bound: number, boundText: string): number {
  if (!(Number.isInteger(count) && count >= 2 && count <= bound)) {
    throw new RangeError(`ring ${ring}: ${String(count)} entries is outside 2..${bound} (${boundText} of this device)`);
  }
  return count;
}

/** A ring array's index: an integer 0..count-1. */
export function ringIndex(ring: string, index: number, count: number): number {
  if (!(Number.isInteger(index) && index >= 0 && index < count)) throw new RangeError(`ring ${ring}[${String(index)}]: index out of range (${count} rings)`);
  return index;
}
