// Interrupt bits have the access their role needs (docs/language.md "Interrupts"): ack w1c needs a
// w1c/w1t status bit, ack w0c a w0c one, ack rc a read-to-clear one; an enable bit is plain rw;
// set/clear, test and ack registers are writable.
import type { MField, MRef } from '../../model/model.js';
import type { Rule } from './rule.js';

const describe = (f: MField): string => {
  const a = f.access;
  const parts: string[] = [a.sw === 'r' ? 'ro' : a.sw === 'w' ? 'wo' : a.sw];
  if (a.onRead !== 'none') parts.push(a.onRead === 'clear' ? 'rc' : 'rs');
  if (a.onWrite !== 'none') parts.push(a.onWrite);
  return parts.join(' ');
};
const where = (r: MRef): string => `${r.path.join('.')}.${r.field!.name}`;
const writable = (f: MField): boolean => f.access.sw === 'rw' || f.access.sw === 'w';

export const interruptAccess: Rule = (model, reporter) => {
  for (const d of model.devices) {
    for (const g of d.interrupts) {
      for (const c of g.causes) {
        const ack = c.ack;
        if ((ack.kind === 'w1c' || ack.kind === 'w0c' || ack.kind === 'read') && ack.mode !== 'inferred') {
          const f = ack.ref.field!;
          const ok = ack.kind === 'w1c' ? f.access.onWrite === 'w1c' || f.access.onWrite === 'w1t' : ack.kind === 'w0c' ? f.access.onWrite === 'w0c' : f.access.onRead === 'clear';
          if (!ok) {
            const need = ack.kind === 'w1c' ? 'a w1c or w1t' : ack.kind === 'w0c' ? 'a w0c' : 'a read-to-clear (rc)';
            reporter.report('ackAccess', `'ack ${ack.mode}' needs ${need} status bit, but '${where(ack.ref)}' (cause '${c.name}') is ${describe(f)}; fix the field's access or the ack mode`, ack.modeSpan);
          }
        }
        if (ack.kind === 'write' && !writable(ack.ref.field!)) {
          reporter.report('notWritable', `ack bit '${where(ack.ref)}' of cause '${c.name}' is ${describe(ack.ref.field!)}; an acknowledge register must be writable`, ack.ref.span);
        }
        const en = c.enable;
        if (en.kind === 'field') {
          const f = en.ref.field!;
          if (f.access.sw !== 'rw' || f.access.onRead !== 'none' || f.access.onWrite !== 'none') {
            reporter.report('enableAccess', `enable bit '${where(en.ref)}' of cause '${c.name}' is ${describe(f)}; it must be rw (or use 'enable set REG clear REG')`, en.ref.span);
          }
        } else if (en.kind === 'setClear') {
          for (const [role, r] of [['set', en.set], ['clear', en.clear]] as const) {
            if (!writable(r.field!)) {
              reporter.report('notWritable', `enable ${role} bit '${where(r)}' of cause '${c.name}' is ${describe(r.field!)}; it must be writable`, r.span);
            }
          }
        }
        if (c.test && !writable(c.test.field!)) {
          reporter.report('notWritable', `test bit '${where(c.test)}' of cause '${c.name}' is ${describe(c.test.field!)}; it must be writable`, c.test.span);
        }
      }
    }
  }
};
