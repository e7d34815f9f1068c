// The C back end ('c'): one `<device>.h` per device — offsets, masks and static inline accessors with
// the same safe-write masks as the TypeScript accessors, for firmware and mixed-language teams. No C
// bit-fields: their bit order is compiler-specific.
import type { IrSpec } from '../../ir/ir.js';
import { streamedText, type Backend, type BackendOptions, type OutputFile } from '../backend.js';
import { headerChunks } from './header.js';

export const cBackend: Backend = {
  name: 'c',
  // async for the Backend contract; emission is synchronous string building, streamed (headerChunks).
  async emit(ir: IrSpec, options: BackendOptions): Promise<OutputFile[]> {
    return ir.devices.map((d) => streamedText(`${d.name}.h`, () => headerChunks(d, options)));
  },
};

