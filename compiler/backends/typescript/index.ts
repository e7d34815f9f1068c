// The TypeScript back end ('ts'): one `<device>.ts` per device, typed accessors over the register
// core (runtime/registers, imported as `options.registersImport ?? 'regmill/registers'`).
import type { IrSpec } from '../../ir/ir.js';
import { streamedText, type Backend, type BackendOptions, type OutputFile } from '../backend.js';
import { devicePieces } from './device.js';

export const typescriptBackend: Backend = {
  name: 'ts',
  // async for the Backend contract; emission itself is synchronous string building, streamed to the writer.
  async emit(ir: IrSpec, options: BackendOptions): Promise<OutputFile[]> {
    const files: OutputFile[] = [];
    for (const device of ir.devices) {
      // Generated now (an IR problem throws here, not while writing), handed over in pieces.
      const pieces = devicePieces(device, options);
      files.push(streamedText(`${device.name}.ts`, () => pieces));
    }
    return files;
  },
};

