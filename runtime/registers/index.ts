// What generated TypeScript imports (`regmill/registers`): the memory interface and the small core
// of register helpers. Knows nothing of the DSL.
export * from './mmio.js';
