// SVD access, modifiedWriteValues and readAction → the .regs access triple (sw, onread, onwrite), and
// the shortest text that says it.
import type { OnRead, OnWrite, Sw } from '../../ir/ir.js';

export interface Access {
  readonly sw: Sw;
  readonly onRead: OnRead;
  readonly onWrite: OnWrite;
}

/** SVD `access` → sw; writeOnce variants are approximated (the caller reports them). */
export const SVD_ACCESS: Readonly<Record<string, { sw: Sw; approximated?: true }>> = {
  'read-only': { sw: 'r' },
  'write-only': { sw: 'w' },
  'read-write': { sw: 'rw' },
  writeOnce: { sw: 'w', approximated: true },
  'read-writeOnce': { sw: 'rw', approximated: true },
};

export const MODIFIED_WRITE_VALUES: Readonly<Record<string, OnWrite>> = {
  oneToClear: 'w1c',
  oneToSet: 'w1s',
  oneToToggle: 'w1t',
  zeroToClear: 'w0c',
  zeroToSet: 'w0s',
  zeroToToggle: 'w0t',
  clear: 'wclr',
  set: 'wset',
  modify: 'none',
};

/** readAction values .regs can say; modify and modifyExternal are reported by the caller. */
export const READ_ACTIONS: Readonly<Record<string, OnRead>> = { clear: 'clear', set: 'set' };

export function sameAccess(a: Access, b: Access): boolean {
  return a.sw === b.sw && a.onRead === b.onRead && a.onWrite === b.onWrite;
}

/** `rw`, `ro`, `rc`, `w1c`, `rc w1c`, or explicit properties when no shorthand fits. */
export function accessText(a: Access): string {
  const { sw, onRead, onWrite } = a;
  const read = onRead === 'clear' ? 'rc' : onRead === 'set' ? 'rs' : '';
  if (onWrite === 'none') {
    if (read) return sw === 'r' ? read : `sw=${sw} onread=${onRead}`;
    return sw === 'r' ? 'ro' : sw === 'w' ? 'wo' : sw;
  }
  if (sw === 'rw') return read ? `${read} ${onWrite}` : onWrite;
  return `sw=${sw}${onRead !== 'none' ? ` onread=${onRead}` : ''} onwrite=${onWrite}`;
}
