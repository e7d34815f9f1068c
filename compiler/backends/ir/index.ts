// The IR back end: the checked IR as pretty JSON, `<spec>.ir.json`, for tools outside regmill. Streamed
// (json.ts): a large IR is never one string when `regmill build` writes it.
import { streamedText, type Backend } from '../backend.js';
import { prettyJson } from './json.js';

export const irBackend: Backend = {
  name: 'ir',
  async emit(ir, options) {
    const base = options.specName.replace(/^.*\//, '').replace(/\.regs$/, '');
    return [streamedText(`${base}.ir.json`, function* () {
      yield* prettyJson(ir);
      yield '\n';
    })];
  },
};
