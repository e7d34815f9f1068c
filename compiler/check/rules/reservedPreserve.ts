// `reserved … preserve` writes back what a read returned, so the register must be readable.
import { allRegistersOf } from '../walk.js';
import type { Rule } from './rule.js';

export const reservedPreserve: Rule = (model, reporter) => {
  for (const reg of allRegistersOf(model)) {
    const readable = reg.fields.some((f) => f.access.sw === 'rw' || f.access.sw === 'r');
    if (readable) continue;
    for (const r of reg.reserved) {
      if (r.policy !== 'preserve') continue;
      reporter.report('preserveUnreadable', `'preserve' writes back what was read, but '${reg.name}' cannot be read; use 'ones' or drop the policy (write the reset value)`, r.policySpan ?? r.span);
    }
  }
};
