// The JavaScript back end ('js'): the TypeScript back end's accessors compiled to `<device>.js` plus
// `<device>.d.ts`, for projects that run plain Node without TypeScript (see transpile.ts).
import type { Backend } from '../backend.js';
import { typescriptBackend } from '../typescript/index.js';
import { transpileTs } from './transpile.js';

export const jsBackend: Backend = {
  name: 'js',
  async emit(ir, options) {
    return transpileTs(await typescriptBackend.emit(ir, options));
  },
};

