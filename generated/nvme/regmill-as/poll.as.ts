// Polling loops that re-read the register on every iteration (an atomic load each time; the
// access-count tests check the loop body keeps its load).
import { vread8, vread16, vread32, vread64 } from './volatile.as';

/** Reads until `(value & mask) == expect`; returns the number of reads made, or -1 after `maxReads`. */
@inline export function pollUntil8(addr: usize, mask: u32, expect: u32, maxReads: u32): i32 {
  for (let i: u32 = 1; i <= maxReads; i++) if ((vread8(addr) & mask) == expect) return <i32>i;
  return -1;
}
@inline export function pollUntil16(addr: usize, mask: u32, expect: u32, maxReads: u32): i32 {
  for (let i: u32 = 1; i <= maxReads; i++) if ((vread16(addr) & mask) == expect) return <i32>i;
  return -1;
}
@inline export function pollUntil32(addr: usize, mask: u32, expect: u32, maxReads: u32): i32 {
  for (let i: u32 = 1; i <= maxReads; i++) if ((vread32(addr) & mask) == expect) return <i32>i;
  return -1;
}
@inline export function pollUntil64(addr: usize, mask: u64, expect: u64, maxReads: u32): i32 {
  for (let i: u32 = 1; i <= maxReads; i++) if ((vread64(addr) & mask) == expect) return <i32>i;
  return -1;
}
