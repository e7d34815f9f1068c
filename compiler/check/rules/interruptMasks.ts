// `mask set REG clear REG`: one mask whose bit n masks vector n, written through a pair of registers
// over one storage (NVMe 1.4 sections 3.1.3/3.1.4: INTMS sets mask bits, INTMC clears them, both read
// back the mask). So the set register is w1s, the clear register w1c (a write touches only the bits
// written as 1: mask()/unmask() are one write, never a read-modify-write), one `shares` the other,
// and every pin-based or MSI vector of the group's causes has its bit. MSI-X vectors are masked in the
// MSI-X table instead, so they are not checked against the mask.
import type { MField, MRef } from '../../model/model.js';
import type { Rule } from './rule.js';

const fieldOf = (r: MRef): MField | undefined => r.field ?? (r.register.fields.length === 1 ? r.register.fields[0] : undefined);

export const interruptMasks: Rule = (model, reporter) => {
  for (const d of model.devices) {
    for (const g of d.interrupts) {
      const m = g.mask;
      if (!m) continue;
      let ok = true;
      for (const [role, ref, need] of [['set', m.set, 'w1s'], ['clear', m.clear, 'w1c']] as const) {
        const f = fieldOf(ref);
        const reg = ref.path.join('.');
        if (ref.register.width === 64) {
          ok = false;
          reporter.report('interruptMask', `mask ${role} register '${reg}' is 64 bits wide; a mask register is 8, 16 or 32 bits (one access of a vector's bit)`, ref.span);
        } else if (!f) {
          ok = false;
          reporter.report('interruptMask', `mask ${role} register '${reg}' has several fields; name the mask field ('${reg}.FIELD')`, ref.span);
        } else if (f.access.onWrite !== need || f.access.sw === 'r') {
          ok = false;
          reporter.report('interruptMask', `mask ${role} register '${reg}' must be ${need} (writing 1 ${role === 'set' ? 'sets' : 'clears'} that mask bit, 0 leaves it), but '${reg}${ref.field ? `.${f.name}` : ''}' is not; declare it '${need}'`, ref.span);
        }
      }
      if (!ok) continue;
      const set = m.set.register;
      const clear = m.clear.register;
      const shared = m.set.bar === m.clear.bar && (clear.shares?.name === set.name || set.shares?.name === clear.name);
      if (!shared) {
        reporter.report(
          'interruptMask',
          `mask registers '${m.set.path.join('.')}' and '${m.clear.path.join('.')}' are one mask, but they are declared as two storages; write 'shares ${set.name}' on register '${clear.name}'`,
          m.span,
        );
      }
      const f = fieldOf(m.set)!;
      if (f.msb === undefined || f.lsb === undefined) continue;
      const bits = f.msb - f.lsb + 1;
      for (const c of g.causes) {
        if (c.statusless?.ring || c.vector.kind === 'msix') continue;
        if (c.vector.index >= bits) {
          reporter.report('interruptMask', `cause '${c.name}' is on ${c.vector.kind} vector ${c.vector.index}, but mask '${m.set.path.join('.')}' has bits for vectors 0..${bits - 1}`, c.vector.span ?? c.nameSpan);
        }
      }
    }
  }
};
