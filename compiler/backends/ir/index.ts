// The IR back end: the checked IR as pretty JSON, `<spec>.ir.json`, for tools outside regmill.
import type { Backend } from '../backend.js';

export const irBackend: Backend = {
  name: 'ir',
  async emit(ir, options) {
    const base = options.specName.replace(/^.*\//, '').replace(/\.regs$/, '');
    return [{ path: `${base}.ir.json`, contents: JSON.stringify(ir, null, 2) + '\n' }];
  },
};
