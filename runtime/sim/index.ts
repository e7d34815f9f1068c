// The simulated device: a spec-driven model of a device's registers, interrupts and DMA behind the
// same `Device` interface as real hardware. See README.md for semantics and precedence.
export { createSimDevice, type SimDevice, type SimOptions, type SimTarget, type SimAccess, type SimReadContext, type SimWriteContext, type ReadHook, type WriteHook } from './sim-device.js';
export type { RegisterInstance } from './address-map.js';
export { SimIrq } from './irq.js';
export { SimDma } from './dma.js';
export { attachEduModel, EDU_DMA_SIZE, EDU_DMA_START, type EduModel, type EduModelOptions } from './models/edu.js';
export { attachNvmeModel, type NvmeModel, type NvmeModelOptions } from './models/nvme.js';
export { attachE1000eModel, SimWire, type E1000eModel, type E1000eModelOptions } from './models/e1000e.js';
