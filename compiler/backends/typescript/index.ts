// The TypeScript back end ('ts'): one `<device>.ts` per device, typed accessors over the register
// core (runtime/registers, imported as `options.registersImport ?? 'regmill/registers'`).
import type { IrSpec } from '../../ir/ir.js';
import type { Backend, BackendOptions, OutputFile } from '../backend.js';
import { emitDevice } from './device.js';

export const typescriptBackend: Backend = {
  name: 'ts',
  // async for the Backend contract; emission itself is synchronous string building.
  async emit(ir: IrSpec, options: BackendOptions): Promise<OutputFile[]> {
    const files: OutputFile[] = [];
    for (const device of ir.devices) {
      const path = `${device.name}.ts`;
      files.push({ path, contents: emitDevice(device, options) });
    }
    return files;
  },
};

