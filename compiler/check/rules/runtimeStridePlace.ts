// A register array whose stride is read from the device grows with that stride, so nothing else of its
// BAR may start at or after it (NVMe 1.4 section 3.1: the doorbells are the last registers), and it
// stands directly in a BAR (a block type's offsets are the same in every instance).
import type { Rule } from './rule.js';
import { hex } from '../../ir/bits.js';
import { scopesOf } from '../walk.js';

export const runtimeStridePlace: Rule = (model, reporter) => {
  for (const s of scopesOf(model)) {
    for (const n of s.nodes) {
      const rs = n.array?.runtimeStride;
      if (!rs) continue;
      if (s.kind === 'block' || n.kind === 'block') {
        reporter.report('runtimeStridePlace', `'${n.name}' has a run-time stride; only a register array directly in a BAR may have one`, rs.decl.span);
        continue;
      }
      if (n.offset === undefined) continue;
      for (const other of s.nodes) {
        if (other === n || other.offset === undefined || other.offset < n.offset) continue;
        reporter.report(
          'runtimeStridePlace',
          `${other.kind} '${other.name}' at ${hex(other.offset)} is after '${n.name}' (run-time stride, from ${hex(n.offset)}), which grows with its stride; put it before ${hex(n.offset)}`,
          other.nameSpan,
        );
      }
    }
  }
};
