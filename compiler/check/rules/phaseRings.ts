// A phase-tag completion ring (NVMe 1.4 section 4.6): its tag is one bit, and it has no producer
// register — the device says an entry is new by its tag, and software's only register is its head
// doorbell, which it writes.
import type { Rule } from './rule.js';

export const phaseRings: Rule = (model, reporter) => {
  for (const d of model.devices) {
    for (const r of d.rings) {
      const p = r.phase;
      if (!p) continue;
      const { msb, lsb } = p.field;
      if (msb !== undefined && lsb !== undefined && msb !== lsb) {
        reporter.report('phaseTag', `phase tag '${p.word.name}.${p.field.name}' of ring '${r.name}' is ${msb - lsb + 1} bits wide; a phase tag is one bit`, p.span);
      }
      if (r.tail) {
        reporter.report('phaseTag', `ring '${r.name}' is found by its phase tag, so it has no producer register; remove 'tail' (the consumer's doorbell is 'head')`, r.tail.span);
      }
      const sw = r.head?.register.access.sw;
      if (r.head && sw !== 'w' && sw !== 'rw') {
        reporter.report('phaseTag', `the head doorbell '${r.head.path.join('.')}' of phase ring '${r.name}' is not writable; software writes its new head there`, r.head.span);
      }
    }
  }
};
