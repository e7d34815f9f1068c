// Volatile register access for AssemblyScript hot paths over a device window.
//
// Reads are atomic loads: V8 emits a plain mov plus an alignment check, so a misaligned register
// offset traps instead of tearing. Writes are plain stores of exactly the register's width: an atomic
// store compiles to xchg, a locked bus cycle that PCIe MMIO does not support. Every helper is @inline
// so even an -O0 build has the access itself (not a call) in the routine that uses it.
//
// Generated register routines emit these same instructions inline (emitModule.ts readAt/writeAt) so
// the register's constant offset can be the instruction's offset immediate, which a helper parameter
// cannot be; keep the two in step.
//
// Binaryen's local-cse merges two loads of one address in a basic block — atomic ones too — so
// modules built on these helpers must be optimized with `wasm-opt -O3 --skip-pass=local-cse`
// (docs/wasm.md). The access-count tests hold every generated routine to that.

@inline export function vread8(addr: usize): u32 {
  return <u32>atomic.load<u8>(addr);
}
@inline export function vread16(addr: usize): u32 {
  return <u32>atomic.load<u16>(addr);
}
@inline export function vread32(addr: usize): u32 {
  return atomic.load<u32>(addr);
}
@inline export function vread64(addr: usize): u64 {
  return atomic.load<u64>(addr);
}

@inline export function vwrite8(addr: usize, value: u32): void {
  store<u8>(addr, <u8>value);
}
@inline export function vwrite16(addr: usize, value: u32): void {
  store<u16>(addr, <u16>value);
}
@inline export function vwrite32(addr: usize, value: u32): void {
  store<u32>(addr, value);
}
@inline export function vwrite64(addr: usize, value: u64): void {
  store<u64>(addr, value);
}
