// The C back end ('c'): one `<device>.h` per device — offsets, masks and static inline accessors with
// the same safe-write masks as the TypeScript accessors, for firmware and mixed-language teams. No C
// bit-fields: their bit order is compiler-specific.
import type { IrSpec } from '../../ir/ir.js';
import type { Backend, BackendOptions, OutputFile } from '../backend.js';
import { emitHeader } from './header.js';

export const cBackend: Backend = {
  name: 'c',
  // async for the Backend contract; emission is synchronous string building.
  async emit(ir: IrSpec, options: BackendOptions): Promise<OutputFile[]> {
    return ir.devices.map((d) => ({ path: `${d.name}.h`, contents: emitHeader(d, options) }));
  },
};

