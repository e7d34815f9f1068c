// Interrupt routines of the wasm module: each cause's vector number (`vector$GROUP$CAUSE(i)`: ring
// causes have one vector per ring of the array), and a group's mask over a set/clear pair
// (`mask$GROUP(v)` / `unmask$GROUP(v)`: one write of the vector's bit, never a read-modify-write;
// `masked$GROUP()`: one read). NVMe 1.4 sections 3.1.3/3.1.4: pin-based and MSI vectors only.
import type { IrDevice, IrFieldRef } from '../../ir/ir.js';
import { hex } from '../../ir/bits.js';
import { fn, type Routine } from './routine.js';
import { barBase, lit } from './access.js';
import { registerSites } from './sites.js';

export function interruptRoutines(device: IrDevice): Routine[] {
  const out: Routine[] = [];
  const sites = registerSites(device);
  const siteOf = (ref: IrFieldRef) => sites.find((s) => s.bar.index === ref.bar && s.offset === ref.offset && s.indices.length === 0);
  for (const g of device.interrupts) {
    for (const c of g.causes) {
      const count = c.ring?.count ?? 1;
      const step = c.ring?.vectorStep ?? 0;
      const what = c.ring ? `ring ${c.ring.name}[index] (new entries in it; no status register)` : `cause ${c.name}`;
      out.push(fn(`vector$${g.name}$${c.name}`, ['index: u32'], 'u32', [`  if (index >= ${count}) unreachable();`, `  return ${c.vector.index} + ${step} * index;`],
        `The ${c.vector.kind} vector of ${what} in interrupt group ${g.name}${count > 1 ? `, index < ${count}` : ' (index 0)'}.`));
    }
    const m = g.mask;
    if (!m) continue;
    const set = siteOf(m.set);
    const clear = siteOf(m.clear);
    if (!set || !clear || set.reg.width === 64 || clear.reg.width === 64) continue; // not in a mapped BAR: no routine
    const only = 'pin-based and MSI vectors only (MSI-X vectors are masked in the MSI-X table)';
    for (const [name, site, ref, verb] of [['mask', set, m.set, 'Masks'], ['unmask', clear, m.clear, 'Unmasks']] as const) {
      const w = site.reg.width;
      out.push(fn(`${name}$${g.name}`, ['vector: u32'], 'void', [
        `  if (vector >= ${ref.bits}) unreachable();`,
        // The core's volatile write (assembly/volatile.as.ts): one access of the register's width.
        `  vwrite${w}(${barBase(site.bar.index)} + ${hex(site.offset)}, ${lit(w, site.reg.masks.ackBase)} | (<u32>1 << (vector + ${ref.lsb})));`,
      ], `${verb} \`vector\` of interrupt group ${g.name}: one write of its bit to ${ref.path.join('.')} @ BAR ${ref.bar} + ${hex(ref.offset)}, no read; ${only}.`));
    }
    out.push(fn(`masked$${g.name}`, [], 'u32', [`  return vread${set.reg.width}(${barBase(set.bar.index)} + ${hex(set.offset)});`],
      `The mask of interrupt group ${g.name} (bit n: vector n masked): one read of ${m.set.path.join('.')}.`));
  }
  return out;
}
