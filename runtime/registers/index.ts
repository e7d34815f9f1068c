// What generated TypeScript imports (`regmill/registers`): the memory interface and the small core
// of register helpers. Knows nothing of the DSL.
export * from './mmio.js';
export * from './fields.js';
export * from './register.js';
export * from './register64.js';
export * from './access.js';
export * from './blocks.js';
export * from './interrupt-groups.js';
export * from './dma-layouts.js';
export * from './ring.js';
export * from './wait.js';
export * from './phase-ring.js';
export * from './batch.js';
export * from './run-time.js';
