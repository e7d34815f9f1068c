// Names for access, shared by every back end so generated comments, headers and docs all say the same.
import type { IrField } from '../../ir/ir.js';

/** `rc w1c`, `ro`, `pulse`… — the field's access the way the spec writes it. */
export function accessLabel(f: Pick<IrField, 'sw' | 'onRead' | 'onWrite'>): string {
  const parts: string[] = [];
  if (f.onRead === 'clear') parts.push('rc');
  if (f.onRead === 'set') parts.push('rs');
  if (f.onWrite !== 'none') parts.push(f.onWrite);
  if (parts.length === 0) parts.push({ rw: 'rw', r: 'ro', w: 'wo', na: 'na' }[f.sw]);
  return parts.join(' ');
}
