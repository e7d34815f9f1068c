// Interrupt groups → per cause the bits it occupies in each register involved (status, enable or
// set/clear, ack, test) and its vector; per status register the mask of all the group's causes there.
import type { IrCause, IrFieldRef, IrInterruptGroup } from '../../ir/ir.js';
import { bitsMask, comment, defines, join, lit, num, upper, type Scope, type Width } from './names.js';

const bitsOf = (ref: IrFieldRef): string => lit(bitsMask(ref.lsb, ref.bits), ref.width);
const where = (ref: IrFieldRef): string => `${ref.path.join('.')}.${ref.field} (BAR ${ref.bar} @ ${num(ref.offset).slice(0, -1)})`;

function ackText(c: IrCause): string {
  const a = c.ack;
  if (a.kind === 'none') return 'level: clears itself when its condition goes away';
  if (a.kind === 'read') return `reading ${a.ref.path.join('.')} clears it`;
  if (a.kind === 'w0c') return `write 0 to ${where(a.ref)}`;
  return `write 1 to ${where(a.ref)}`;
}

function causeRows(C: string, c: IrCause): [string, string, string?][] {
  const rows: [string, string, string?][] = [[join(C, 'STATUS'), bitsOf(c.status), `in ${where(c.status)}`]];
  const e = c.enable;
  if (e.kind === 'field') rows.push([join(C, 'ENABLE'), bitsOf(e.ref), `in ${where(e.ref)}`]);
  if (e.kind === 'setClear') {
    rows.push([join(C, 'ENABLE_SET'), bitsOf(e.set), `write 1 to ${where(e.set)}`]);
    rows.push([join(C, 'ENABLE_CLEAR'), bitsOf(e.clear), `write 1 to ${where(e.clear)}`]);
  }
  if (c.ack.kind !== 'none') rows.push([join(C, 'ACK'), bitsOf(c.ack.ref), ackText(c)]);
  if (c.test) rows.push([join(C, 'TEST'), bitsOf(c.test), `write 1 to ${where(c.test)}`]);
  rows.push([join(C, 'VECTOR'), String(c.vector.index), c.vector.kind]);
  return rows;
}

const causeNames = (C: string): string[] => ['STATUS', 'ENABLE', 'ENABLE_SET', 'ENABLE_CLEAR', 'ACK', 'TEST', 'VECTOR'].map((s) => join(C, s));

export function emitInterruptGroup(scope: Scope, prefix: string, g: IrInterruptGroup): string[] {
  const G = join(prefix, upper(g.name));
  const out = comment([`Interrupt group ${g.name}${g.doc ? ` — ${g.doc}` : ''}`, 'Pending = status & enable; each define below is a mask within the register named beside it.']);
  for (const c of g.causes) {
    const C = scope.claim(join(G, upper(c.name)), causeNames);
    out.push('', ...comment([`cause ${c.name}${c.doc ? ` — ${c.doc}` : ''}; ack: ${ackText(c)}`]), ...defines(causeRows(C, c)));
  }
  // All causes of the group in each status register, for one pending check per register.
  const byStatus = new Map<string, { ref: IrFieldRef; mask: bigint }>();
  for (const c of g.causes) {
    const key = `${c.status.bar}:${c.status.offset}`;
    const cur = byStatus.get(key) ?? { ref: c.status, mask: 0n };
    byStatus.set(key, { ref: cur.ref, mask: cur.mask | bitsMask(c.status.lsb, c.status.bits) });
  }
  const rows: [string, string, string?][] = [];
  for (const { ref, mask } of byStatus.values()) {
    const A = scope.claim(join(G, upper(ref.path.join('_')), 'CAUSES'), (b) => [b]);
    rows.push([A, lit(mask, ref.width as Width), `every cause of ${g.name} in ${ref.path.join('.')}`]);
  }
  if (rows.length > 0) out.push('', ...defines(rows));
  return out;
}
