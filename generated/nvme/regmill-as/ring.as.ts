// Descriptor ring index arithmetic. Counts need not be powers of two (the device's rules apply), so
// this is a compare-and-subtract, not a mask.

/** `(index + n) mod count` for index < count and n <= count. */
@inline export function ringAdvance(index: u32, n: u32, count: u32): u32 {
  const next = index + n;
  return next >= count ? next - count : next;
}

/** Traps (a clear error once the TS wrapper catches it) unless the ring arguments are usable. */
@inline export function ringCheck(count: u32, index: u32, n: u32): void {
  if (count == 0 || index >= count || n > count) unreachable();
}
