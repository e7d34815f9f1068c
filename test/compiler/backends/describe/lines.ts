// Registers of a device as comparable lines, one per array element: address within its BAR (from the
// BAR's lowest register), name, width, reset, volatile (optional), fields with sw/onRead/onWrite and enums.
import type { IrDevice, IrNode } from '../../../../compiler/ir/ir.js';

/** Every register element of every BAR with registers, as comparable lines. */
export function registerLines(d: IrDevice, opts: { volatile: boolean; pulseAs?: string; unprefix?: readonly string[] }): string[][] {
  return d.bars
    .filter((b) => b.hasRegisters)
    .map((bar) => {
      const out: { at: number; line: string }[] = [];
      const walk = (nodes: readonly IrNode[], at: number): void => {
        for (const n of nodes) {
          for (let i = 0; i < (n.array?.count ?? 1); i++) {
            const base = at + n.offset + i * (n.array?.stride ?? 0);
            if (n.kind === 'block') {
              walk(d.blockTypes.find((t) => t.name === n.type)!.nodes, base);
              continue;
            }
            const fields = n.fields.map((f) => {
              const e = f.enum ? d.enums.find((x) => x.name === f.enum)!.values.map((v) => `${v.name}=${v.value}`).join(',') : '';
              const onWrite = f.onWrite === 'pulse' && opts.pulseAs ? opts.pulseAs : f.onWrite;
              return `${f.name}[${f.lsb}+${f.width}] ${f.sw}/${f.onRead}/${onWrite}${e ? ' {' + e + '}' : ''}`;
            });
            // The SVD export wraps a BAR's own registers in a peripheral named after the BAR; where the
            // import must place them directly in the BAR again, they come back prefixed with it.
            const name = (opts.unprefix ?? []).reduce((nm, p) => (nm.startsWith(p + '_') ? nm.slice(p.length + 1) : nm), n.name);
            out.push({ at: base, line: `${name} :${n.width} reset ${n.reset}${opts.volatile ? (n.volatile ? ' volatile' : '') : ''} | ${fields.join('; ')}` });
          }
        }
      };
      walk(bar.nodes, 0);
      const lowest = Math.min(...out.map((o) => o.at));
      return out.map((o) => ({ ...o, at: o.at - lowest })).sort((a, b) => a.at - b.at || a.line.localeCompare(b.line)).map((o) => `+0x${o.at.toString(16)} ${o.line}`);
    });
}

