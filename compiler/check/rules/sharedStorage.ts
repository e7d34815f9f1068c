// `shares NAME` makes a register another view of a sibling's storage: NVMe INTMS/INTMC (section 3.1.3
// and 3.1.4) and e1000e IMS/IMC are one interrupt mask, set through one register and cleared through
// the other. The sibling must be declared in the same BAR or block, have the same width, have storage
// of its own (no chains) and neither may be an array (one mask, not one per element).
import { layoutsOf, scopesOf } from '../walk.js';
import type { Rule } from './rule.js';

export const sharedStorage: Rule = (model, reporter) => {
  for (const l of layoutsOf(model)) {
    for (const w of l.words) {
      if (w.shares) reporter.report('sharedStorage', `'shares' describes device registers; word '${w.name}' of layout '${l.name}' is host memory, remove it`, w.shares.span);
    }
  }
  for (const scope of scopesOf(model)) {
    for (const r of scope.nodes) {
      if (r.kind !== 'register' || !r.shares) continue;
      const { name, span } = r.shares;
      const target = scope.nodes.find((n) => n.name === name);
      if (name === r.name) {
        reporter.report('sharedStorage', `'${r.name}' cannot share its own storage; name the register it is another view of`, span);
      } else if (!target || target.kind !== 'register') {
        reporter.report('sharedStorage', `'${r.name}' shares '${name}', but no register '${name}' is declared beside it (in the same ${scope.kind === 'bar' ? 'BAR' : 'block'})`, span);
      } else if (target.shares) {
        reporter.report('sharedStorage', `'${r.name}' shares '${name}', which itself shares '${target.shares.name}'; name the register that holds the storage`, span);
      } else if (r.width !== undefined && target.width !== undefined && r.width !== target.width) {
        reporter.report('sharedStorage', `'${r.name}' is ${r.width} bits wide but '${name}' is ${target.width}; registers over one storage have one width`, span);
      } else if (r.array || target.array) {
        reporter.report('sharedStorage', `'${r.array ? r.name : name}' is an array; 'shares' pairs two single registers`, span);
      }
    }
  }
};
