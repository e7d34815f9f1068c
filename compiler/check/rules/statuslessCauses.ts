// A cause without a status register (`ring RING`, `status none`) is its vector: NVMe 1.4 section 3.1
// has no register saying "CQ y has new entries", the controller only signals CQ y's MSI-X vector.
// Such a cause has nothing to read or acknowledge, and a ring cause takes the ring's vectors (one
// per ring of the array), so it names an existing ring that has a `vector`, and gives neither its own
// status, ack nor vector.
import type { Rule } from './rule.js';

export const statuslessCauses: Rule = (model, reporter) => {
  for (const d of model.devices) {
    for (const g of d.interrupts) {
      for (const c of g.causes) {
        const less = c.statusless;
        if (!less) continue;
        const said = less.ring ? `'ring ${less.ring.name}'` : "'status none'";
        if (c.status) {
          reporter.report('statuslessCause', `cause '${c.name}' has ${said}, so it has no status bit; remove its 'status ${c.status.path.join('.')}${c.status.field ? `.${c.status.field.name}` : ''}' (or the ${said})`, c.status.span);
        }
        if (c.ackSpan) {
          reporter.report('statuslessCause', `cause '${c.name}' has no status register (${said}): the vector is the cause and there is nothing to acknowledge; remove its 'ack'`, c.ackSpan);
        }
        if (!less.ring) continue;
        const ring = d.rings.find((r) => r.name === less.ring!.name);
        if (!ring) {
          const names = d.rings.map((r) => `'${r.name}'`).join(', ');
          reporter.report('statuslessCause', `cause '${c.name}' names ring '${less.ring.name}', but device '${d.name}' has no such ring${names ? ` (rings: ${names})` : ''}`, less.ring.span);
        } else if (!ring.vector) {
          reporter.report('statuslessCause', `ring '${ring.name}' has no 'vector', so cause '${c.name}' has no interrupt to be; add 'vector msix ${ring.array ? ring.array.index : '0'};' to ring '${ring.name}'`, less.ring.span);
        } else if (less.vectorSpan) {
          reporter.report('statuslessCause', `cause '${c.name}' is signalled on the vectors of ring '${ring.name}' (its 'vector ${ring.vector.kind} …'); remove the cause's own 'vector'`, less.vectorSpan);
        }
      }
    }
  }
};
