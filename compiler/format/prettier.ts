// A prettier plugin for .regs files that prints exactly what `regmill fmt` prints (the canonical
// width of 100 stands; prettier's printWidth is not used, so both tools always agree):
//   prettier --plugin regmill/dist/compiler/format/prettier.js --write 'specs/*.regs'
import type { Plugin } from 'prettier';
import { renderDiagnostics } from '../diagnostics/render.js';
import { formatSpec } from './format.js';

interface RegsRoot {
  readonly text: string;
}

export const languages: Plugin['languages'] = [{ name: 'regmill', parsers: ['regs'], extensions: ['.regs'] }];

export const parsers: Plugin<RegsRoot>['parsers'] = {
  regs: {
    astFormat: 'regs',
    parse(text, options) {
      const file = options.filepath ?? '<input>.regs';
      const r = formatSpec(text, file);
      if ('text' in r) return { text: r.text };
      const source = { file, text };
      throw new Error(renderDiagnostics(r.diagnostics, { sourceOf: (f) => (f === file ? source : undefined) }));
    },
    locStart: () => 0,
    locEnd: (node) => node.text.length,
  },
};

export const printers: Plugin<RegsRoot>['printers'] = {
  regs: { print: (path) => path.node.text },
};

const plugin: Plugin<RegsRoot> = { languages, parsers, printers };
export default plugin;
