// A full memory barrier for AssemblyScript: orders every earlier store before every later one (DMA
// publish: descriptor fields, fence, ownership bit, fence, doorbell).
//
// `atomic.fence()` does not validate with asc 0.28 + binaryen 131 ("Atomic fence cannot be
// unordered"), so the barrier is a sequentially consistent read-modify-write of a scratch cell in the
// module's own static data (page 0 of the window, never mapped to a device). V8 emits a locked
// instruction (a full barrier on x86) and never moves memory accesses across an atomic. The same idea
// as TypedArrayMmio.fence (Atomics.add on a scratch cell). ~4.6 ns per fence here (docs/wasm.md).

const FENCE_CELL: usize = memory.data(8, 8);

@inline export function fence(): void {
  atomic.add<u32>(FENCE_CELL, 0);
}
