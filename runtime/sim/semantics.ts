// What one software read or write does to a register's stored value, field by field, exactly as
// docs/language.md "Exact side effects" defines it. Pure functions over bigints (every width, 64-bit
// included); the simulated device stores one bigint per touched register and calls these.
import type { IrField, IrRegister } from '../../compiler/ir/ir.js';
import { bitsOf } from '../../compiler/ir/bits.js';

export interface FieldPlan {
  readonly field: IrField;
  /** The field's bits in register position. */
  readonly mask: bigint;
}

export interface RegisterPlan {
  readonly reg: IrRegister;
  readonly bytes: number;
  /** All bits of the register width. */
  readonly all: bigint;
  readonly reset: bigint;
  readonly fields: readonly FieldPlan[];
  /** Bits no field covers: they keep their reset value and ignore writes. */
  readonly reserved: bigint;
}

const plans = new WeakMap<IrRegister, RegisterPlan>();

const ones = (bits: number): bigint => bitsOf(0, bits);

export function planOf(reg: IrRegister): RegisterPlan {
  let plan = plans.get(reg);
  if (plan) return plan;
  const all = ones(reg.width);
  const fields = reg.fields.map((field): FieldPlan => ({ field, mask: bitsOf(field.lsb, field.width) }));
  let covered = 0n;
  let reset = BigInt(reg.reset) & all;
  for (const f of fields) {
    covered |= f.mask;
    // A field's own reset is authoritative for its bits (the checker proved they agree with the register's).
    reset = (reset & ~f.mask) | ((BigInt(f.field.reset) << BigInt(f.field.lsb)) & f.mask);
  }
  plan = { reg, bytes: reg.width / 8, all, reset, fields, reserved: all & ~covered };
  plans.set(reg, plan);
  return plan;
}

function readable(f: IrField): boolean {
  return f.sw === 'r' || f.sw === 'rw';
}
function writable(f: IrField): boolean {
  return f.sw === 'w' || f.sw === 'rw';
}

/** What a software read returns: readable fields and reserved bits as stored; write-only and `na` bits read 0. */
export function readValue(plan: RegisterPlan, stored: bigint): bigint {
  let v = stored & plan.reserved;
  for (const f of plan.fields) if (readable(f.field)) v |= stored & f.mask;
  return v;
}

/** The stored value after a software read (onread=clear / set). */
export function afterRead(plan: RegisterPlan, stored: bigint): bigint {
  let next = stored;
  for (const f of plan.fields) {
    if (!readable(f.field)) continue;
    if (f.field.onRead === 'clear') next &= ~f.mask;
    else if (f.field.onRead === 'set') next |= f.mask;
  }
  return next;
}

export interface WriteOutcome {
  /** The stored value after the write. */
  readonly next: bigint;
  /** Bits of `pulse` fields written 1: the action a model should perform (the bits themselves read back 0). */
  readonly pulsed: bigint;
}

/** The stored value after software writes `written` (ro and `na` fields ignore writes; reserved bits keep their value). */
export function afterWrite(plan: RegisterPlan, stored: bigint, written: bigint): WriteOutcome {
  let next = stored;
  let pulsed = 0n;
  const x = written & plan.all;
  for (const { field, mask } of plan.fields) {
    if (!writable(field)) continue;
    const f = stored & mask;
    const xf = x & mask;
    let n: bigint;
    switch (field.onWrite) {
      case 'none': n = xf; break;
      case 'w1c': n = f & ~xf; break;
      case 'w1s': n = f | xf; break;
      case 'w1t': n = f ^ xf; break;
      case 'w0c': n = f & xf; break;
      case 'w0s': n = f | (~xf & mask); break;
      case 'w0t': n = f ^ (~xf & mask); break;
      case 'wclr': n = 0n; break;
      case 'wset': n = mask; break;
      case 'pulse': pulsed |= xf; n = 0n; break;
    }
    next = (next & ~mask) | (n & mask);
  }
  return { next, pulsed };
}
