// What `regmill import` prints after the conversion, for any input format: the warnings grouped by
// kind (the first few of each shown in full, the rest counted) and a one-screen summary of what was
// kept and what was left out, with reasons counted.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IrDevice, IrNode } from '../ir/ir.js';

export interface LeftOut {
  readonly kind: string;
  readonly reason: string;
}

/** A message with its names and numbers blanked: warnings that differ only there are one kind. */
export function warningKind(d: Diagnostic): string {
  return `${d.code} ${d.message.replace(/'[^']*'/g, "'…'").replace(/<(\w+)>[^<]*<\/\1>/g, '<$1>…</$1>').replace(/--prefer \S+/g, '--prefer …').replace(/\b(0x[0-9a-f_]+|\w*\d\w*)\b/gi, 'N')}`;
}

export interface GroupedWarnings {
  /** Shown in full, in file order. */
  readonly shown: readonly Diagnostic[];
  /** Kinds with more than `perKind` warnings: how many were not shown. */
  readonly hidden: readonly { readonly code: string; readonly example: string; readonly count: number }[];
}

export function groupWarnings(ds: readonly Diagnostic[], perKind: number): GroupedWarnings {
  const seen = new Map<string, number>();
  const shown: Diagnostic[] = [];
  const hidden = new Map<string, { code: string; example: string; count: number }>();
  for (const d of ds) {
    const k = warningKind(d);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    if (n <= perKind) shown.push(d);
    else {
      const h = hidden.get(k) ?? { code: d.code, example: k.slice(d.code.length + 1), count: 0 };
      h.count++;
      hidden.set(k, h);
    }
  }
  return { shown, hidden: [...hidden.values()] };
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Counts of what the spec holds: block instances, block types, registers (array elements counted), fields. */
export function keptCounts(d: IrDevice): { blocks: number; types: number; registers: number; fields: number; bars: number } {
  let registers = 0;
  let fields = 0;
  let blocks = 0;
  const walk = (nodes: readonly IrNode[], times: number): void => {
    for (const n of nodes) {
      const count = (n.array?.count ?? 1) * times;
      if (n.kind === 'register') {
        registers += count;
        fields += count * (n.implicitField ? 0 : n.fields.length);
      } else walk(d.blockTypes.find((t) => t.name === n.type)?.nodes ?? [], count);
    }
  };
  for (const b of d.bars) {
    for (const n of b.nodes) if (n.kind === 'block') blocks += n.array?.count ?? 1;
    walk(b.nodes, 1);
  }
  const top = new Set(d.bars.flatMap((b) => b.nodes.flatMap((n) => (n.kind === 'block' ? [n.type] : []))));
  return { blocks, types: top.size, registers, fields, bars: d.bars.length };
}

export interface SummaryInput {
  readonly input: string;
  readonly output?: string;
  /** 'peripheral' (SVD) or 'block' (IP-XACT address blocks). */
  readonly blockWord: string;
  readonly device: IrDevice;
  readonly left: readonly LeftOut[];
  readonly warnings: number;
  readonly kinds: number;
  readonly hiddenWarnings: number;
  readonly specWarnings: number;
}

export function summary(s: SummaryInput): string {
  const k = keptCounts(s.device);
  const byKind = new Map<string, Map<string, number>>();
  for (const l of s.left) {
    const m = byKind.get(l.kind) ?? new Map<string, number>();
    m.set(l.reason, (m.get(l.reason) ?? 0) + 1);
    byKind.set(l.kind, m);
  }
  const left = [...byKind].map(([kind, reasons]) => {
    const total = [...reasons.values()].reduce((a, b) => a + b, 0);
    return `${plural(total, kind)} (${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')})`;
  });
  const lines = [
    `regmill import: ${s.input}${s.output ? ` -> ${s.output}` : ''}`,
    `  kept:      ${plural(k.blocks, s.blockWord)} (${plural(k.types, 'block type')}) in ${plural(k.bars, 'BAR')}, ${plural(k.registers, 'register')}, ${plural(k.fields, 'field')}`,
    `  left out:  ${left.length ? left.join('\n             ') : 'nothing'}`,
    `  warnings:  ${plural(s.warnings, 'warning')} about the input in ${plural(s.kinds, 'kind')}${s.hiddenWarnings ? ` (${s.hiddenWarnings.toLocaleString('en-US')} not shown; --all-warnings shows them)` : ''}, ${plural(s.specWarnings, 'warning')} about the spec`,
  ];
  return lines.join('\n') + '\n';
}
