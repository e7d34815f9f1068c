// What a field's access means, in words: the shorthand the spec uses (`rc w1c`) and the side effects
// spelled out, so a reader of the docs never has to look up the access table.
import type { IrField, IrRegister, OnWrite } from '../../ir/ir.js';
import { accessLabel } from '../shared/access.js';
export { accessLabel };


const SW = { rw: 'read/write', r: 'read-only', w: 'write-only (reads 0)', na: 'no software access' } as const;
const WRITE: Record<Exclude<OnWrite, 'none'>, string> = {
  w1c: 'writing 1 clears it, 0 leaves it',
  w1s: 'writing 1 sets it, 0 leaves it',
  w1t: 'writing 1 toggles it, 0 leaves it',
  w0c: 'writing 0 clears it, 1 leaves it',
  w0s: 'writing 0 sets it, 1 leaves it',
  w0t: 'writing 0 toggles it, 1 leaves it',
  wclr: 'any write clears the whole field',
  wset: 'any write sets the whole field',
  pulse: 'writing 1 triggers the action and the bit clears itself; 0 does nothing',
};

/** `read/write; reading clears it; writing 1 clears it, 0 leaves it; hardware may change it`. */
export function accessMeaning(f: Pick<IrField, 'sw' | 'onRead' | 'onWrite' | 'volatile'>): string {
  const parts: string[] = [SW[f.sw]];
  if (f.onRead === 'clear') parts.push('reading clears it');
  if (f.onRead === 'set') parts.push('reading sets it to all ones');
  if (f.onWrite !== 'none') parts.push(WRITE[f.onWrite]);
  if (f.volatile) parts.push('hardware may change it');
  return parts.join('; ');
}

/** The register's access column: its distinct field accesses, in field order. */
export const registerAccess = (r: IrRegister): string => [...new Set(r.fields.map(accessLabel))].join(', ');

/** What the generated APIs offer for the register (IrOps), in words. */
export function operations(r: IrRegister): string {
  const o = r.ops;
  const ops: string[] = [];
  if (o.read) ops.push(o.readHasSideEffect ? 'read (has a side effect: see the fields)' : 'read');
  if (o.write) ops.push('write');
  if (o.modify) ops.push('modify (one read, one write; untouched bits keep their value or get a no-op write)');
  else if (o.read && o.write) ops.push('no modify (a read-modify-write would have side effects)');
  if (o.ackW1 !== 'none') ops.push(`ack of w1c/w1t bits (${o.ackW1 === 'write' ? 'one write, no read' : 'read-modify-write'})`);
  if (o.ackW0 !== 'none') ops.push(`clear of w0c bits (${o.ackW0 === 'write' ? 'one write, no read' : 'read-modify-write'})`);
  return ops.length > 0 ? ops.join('; ') : 'none';
}
