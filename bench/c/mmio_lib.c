// One register access per call, for the "naive" row of bench/run.ts: ffi-rs calls these with the
// window's host address, one FFI call per access.
#include <stdint.h>

uint32_t mmio_rd32(uint64_t base, uint32_t offset) {
  return *(volatile uint32_t *)(uintptr_t)(base + offset);
}

void mmio_wr32(uint64_t base, uint32_t offset, uint32_t value) {
  *(volatile uint32_t *)(uintptr_t)(base + offset) = value;
}
