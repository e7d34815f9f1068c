// What generated code reads at bind time (a run-time stride, a ring's count bound) is a field it may
// read without a side effect: readable, not read-to-clear or read-to-set ("a read-to-clear register is
// never read implicitly").
import type { MExpr } from '../../model/model.js';
import type { Reporter } from '../../diagnostics/reporter.js';
import type { Rule } from './rule.js';

function check(e: MExpr, what: string, reporter: Reporter): void {
  if (e.kind === 'unary') return check(e.operand, what, reporter);
  if (e.kind === 'binary') {
    check(e.left, what, reporter);
    check(e.right, what, reporter);
    return;
  }
  if (e.kind !== 'field') return;
  const f = e.ref.field!;
  const name = `${e.ref.path.join('.')}.${f.name}`;
  if (f.access.sw === 'w' || f.access.sw === 'na') reporter.report('runtimeRead', `${what} reads '${name}', which cannot be read; a run-time stride or bound reads a readable field`, e.span);
  else if (f.access.onRead !== 'none') {
    const how = f.access.onRead === 'clear' ? 'read-to-clear' : 'read-to-set';
    reporter.report('runtimeRead', `${what} reads '${name}', which is ${how}; a run-time stride or bound reads a field without a read side effect`, e.span);
  }
}

export const runtimeReads: Rule = (model, reporter) => {
  for (const d of model.devices) {
    for (const b of d.bars) for (const n of b.nodes ?? []) if (n.array?.runtimeStride?.expr) check(n.array.runtimeStride.expr, `stride of '${n.name}'`, reporter);
    for (const r of d.rings) if (r.countMax) check(r.countMax, `count bound of ring '${r.name}'`, reporter);
  }
};
