// Every register and block (every array element: the last one ends at offset + (count-1)*stride +
// size) lies inside its BAR.
import { extentOf } from '../../model/sizes.js';
import { scopesOf } from '../walk.js';
import { hex } from '../../ir/bits.js';
import type { Rule } from './rule.js';

export const nodesInsideBar: Rule = (model, reporter) => {
  for (const s of scopesOf(model)) {
    const size = s.bar?.size;
    if (size === undefined) continue;
    for (const n of s.nodes) {
      const e = extentOf(n);
      if (!e || e.end <= size) continue;
      const what = n.kind === 'register' ? 'register' : 'block';
      const count = n.array?.count ?? 1;
      const label = n.array ? `the last element of ${what} array '${n.name}' (${n.name}[${count - 1}])` : `${what} '${n.name}'`;
      reporter.report('outsideBar', `${label} ends at ${hex(e.end - 1)}, outside BAR '${s.name}' of size ${hex(size)} (last offset ${hex(size - 1)})`, n.offsetSpan);
    }
  }
};
