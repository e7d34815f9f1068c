// Per-register write masks and the operations they make safe — docs/language.md "Safe writes" and
// IrMasks in compiler/ir/ir.ts. Pure bit arithmetic on bigint so 64-bit registers are exact.
import type { IrMasks, IrOps, OnRead, OnWrite, Sw } from '../ir/ir.js';
import { bitsOf, hex } from '../ir/bits.js';

export interface MaskField {
  readonly lsb: number;
  readonly width: number;
  readonly sw: Sw;
  readonly onRead: OnRead;
  readonly onWrite: OnWrite;
}
export interface MaskReserved {
  readonly lsb: number;
  readonly width: number;
  readonly policy: 'reset' | 'ones' | 'preserve';
}
export interface MaskInput {
  readonly width: number;
  /** The register's reset value with every field reset merged in. */
  readonly reset: bigint;
  readonly fields: readonly MaskField[];
  readonly reserved: readonly MaskReserved[];
}

const W1 = new Set<OnWrite>(['w1c', 'w1s', 'w1t', 'pulse']);
const W0 = new Set<OnWrite>(['w0c', 'w0s', 'w0t']);

export function computeMasks(r: MaskInput): { masks: IrMasks; ops: IrOps } {
  const all = bitsOf(0, r.width);
  let keep = 0n, w1 = 0n, w0 = 0n, wo = 0n, readable = 0n, writable = 0n, readEffect = 0n, anyWrite = 0n;
  let covered = 0n, resvReset = 0n, resvOnes = 0n, ackW1 = 0n, ackW0 = 0n;
  for (const f of r.fields) {
    const m = bitsOf(f.lsb, f.width);
    covered |= m;
    const canRead = f.sw === 'rw' || f.sw === 'r';
    const canWrite = f.sw === 'rw' || f.sw === 'w';
    if (canRead) readable |= m;
    if (canWrite) writable |= m;
    if (f.onRead !== 'none') readEffect |= m;
    if (f.onWrite === 'wclr' || f.onWrite === 'wset') anyWrite |= m;
    if (f.sw === 'na') resvReset |= m; // software must not touch: written like reserved bits
    else if (W1.has(f.onWrite)) w1 |= m;
    else if (W0.has(f.onWrite)) w0 |= m;
    else if (f.sw === 'rw' && f.onWrite === 'none' && f.onRead === 'none') keep |= m;
    else if (f.sw === 'w' && f.onWrite === 'none') wo |= m;
    if (f.onWrite === 'w1c' || f.onWrite === 'w1t') ackW1 |= m;
    if (f.onWrite === 'w0c') ackW0 |= m;
  }
  for (const x of r.reserved) {
    const m = bitsOf(x.lsb, x.width);
    covered |= m;
    if (x.policy === 'preserve') keep |= m;
    else if (x.policy === 'ones') resvOnes |= m;
    else resvReset |= m;
  }
  resvReset |= all & ~covered; // undeclared bits behave like reserved bits with the reset policy
  const reserved = resvReset | resvOnes | preserveBits(r);
  const reset = r.reset & all;
  const modifyBase = w0 | (reset & (wo | resvReset)) | resvOnes;
  const writeBase = (reset & (keep | wo | resvReset)) | w0 | resvOnes;
  // A write that changes nothing; ones-policy bits are written as ones in every write.
  const ackBase = w0 | (reset & (wo | resvReset)) | resvOnes;

  const read = readable !== 0n;
  const write = writable !== 0n;
  const modify = read && write && readEffect === 0n && anyWrite === 0n;
  const ackMode = (bits: bigint): IrOps['ackW1'] => (bits === 0n ? 'none' : keep === 0n && anyWrite === 0n ? 'write' : modify ? 'modify' : 'none');
  const masks: IrMasks = {
    keep: hex(keep),
    w1Effect: hex(w1),
    w0Effect: hex(w0),
    writeOnly: hex(wo),
    reserved: hex(reserved),
    readable: hex(readable),
    writable: hex(writable),
    readEffect: hex(readEffect),
    anyWriteEffect: hex(anyWrite),
    modifyBase: hex(modifyBase),
    writeBase: hex(writeBase),
    ackBase: hex(ackBase),
    ackW1: hex(ackW1),
    ackW0: hex(ackW0),
  };
  const ops: IrOps = { read, readHasSideEffect: readEffect !== 0n, write, modify, ackW1: ackMode(ackW1), ackW0: ackMode(ackW0) };
  return { masks, ops };
}

function preserveBits(r: MaskInput): bigint {
  let m = 0n;
  for (const x of r.reserved) if (x.policy === 'preserve') m |= bitsOf(x.lsb, x.width);
  return m;
}
