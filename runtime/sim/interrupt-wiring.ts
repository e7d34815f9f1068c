// What a device's interrupt declarations mean for the simulated device: which causes are pending
// (status & enable), what writes to set/clear, acknowledge and test registers do, and how hardware
// raises a cause. Works on stored register values through a small store interface.
import type { IrCause, IrDevice, IrFieldRef } from '../../compiler/ir/ir.js';
import { bitsOf } from '../../compiler/ir/bits.js';

export interface RegisterStore {
  storedAt(bar: number, offset: number): bigint;
  setStored(bar: number, offset: number, value: bigint): void;
  /** Applies a hardware-side update now, or after the current access step (see README "Precedence"). */
  hardware(update: () => void): void;
}

interface Wired {
  readonly group: string;
  readonly cause: IrCause;
  readonly vector: number;
}

export type VectorKind = 'intx' | 'msi' | 'msix';

const refMask = (ref: IrFieldRef): bigint => bitsOf(ref.lsb, ref.bits);

export class InterruptWiring {
  private readonly causes: Wired[] = [];
  /** Per cause (same order): pending at the last levels() call. */
  private readonly wasPending: boolean[] = [];
  /** Kind of each vector index (unused indices default to INTx). */
  readonly vectorKinds: readonly VectorKind[];

  constructor(
    ir: IrDevice,
    private readonly store: RegisterStore,
    private readonly label: string,
  ) {
    const kinds: VectorKind[] = [];
    for (const g of ir.interrupts) {
      for (const c of g.causes) {
        kinds[c.vector.index] ??= c.vector.kind;
        this.causes.push({ group: g.name, cause: c, vector: c.vector.index });
      }
    }
    for (let i = 0; i < kinds.length; i++) kinds[i] ??= 'intx';
    this.vectorKinds = kinds;
  }

  private setBits(ref: IrFieldRef): void {
    const s = this.store;
    s.hardware(() => s.setStored(ref.bar, ref.offset, s.storedAt(ref.bar, ref.offset) | refMask(ref)));
  }

  /** Hardware raises a cause: its status bits are set. */
  raise(group: string, cause: string): void {
    const w = this.causes.find((c) => c.group === group && c.cause.name === cause);
    if (!w) {
      const known = this.causes.map((c) => `${c.group}.${c.cause.name}`).join(', ') || 'none';
      throw new Error(`${this.label}: no interrupt cause '${group}.${cause}' (declared: ${known})`);
    }
    this.setBits(w.cause.status);
  }

  /**
   * What the interrupt declarations add to a software write of `written` to (bar, offset), whose own
   * semantics turned `before` into `next`: set/clear enable pairs (writing 1 to `set` sets the mask
   * bit whatever the field's own onwrite; writing 1 to `clear` clears it), acknowledge registers
   * (writing 1 clears the status bit), test registers (writing 1 raises the cause — a hardware set).
   * Returns the written register's new stored value, which these may change too.
   */
  writeEffects(bar: number, offset: number, written: bigint, before: bigint, next: bigint): bigint {
    let self = next;
    const at = (ref: IrFieldRef): boolean => ref.bar === bar && ref.offset === offset;
    const update = (ref: IrFieldRef, f: (v: bigint) => bigint): void => {
      if (at(ref)) self = f(self);
      else this.store.setStored(ref.bar, ref.offset, f(this.store.storedAt(ref.bar, ref.offset)));
    };
    for (const { cause } of this.causes) {
      const e = cause.enable;
      if (e.kind === 'setClear') {
        const m = refMask(e.set);
        if (at(e.set)) self = (self & ~m) | ((before | written) & m);
        const cleared = (written >> BigInt(e.clear.lsb)) & ((1n << BigInt(e.clear.bits)) - 1n);
        if (at(e.clear) && cleared !== 0n) update(e.set, (v) => v & ~(cleared << BigInt(e.set.lsb)));
      }
      const a = cause.ack;
      if (a.kind === 'write' && at(a.ref) && (written & refMask(a.ref)) !== 0n) update(cause.status, (v) => v & ~refMask(cause.status));
      if (cause.test && at(cause.test) && (written & refMask(cause.test)) !== 0n) this.setBits(cause.status);
    }
    return self;
  }

  private pending(c: IrCause): boolean {
    const s = this.store;
    if ((s.storedAt(c.status.bar, c.status.offset) & refMask(c.status)) === 0n) return false;
    const e = c.enable;
    if (e.kind === 'none') return true;
    const ref = e.kind === 'field' ? e.ref : e.set;
    return (s.storedAt(ref.bar, ref.offset) & refMask(ref)) !== 0n;
  }

  /**
   * Each vector's line (the OR of its pending causes) and whether some cause of it became pending
   * since the previous call.
   */
  levels(): { readonly level: boolean[]; readonly rose: boolean[] } {
    const n = this.vectorKinds.length;
    const level = new Array<boolean>(n).fill(false);
    const rose = new Array<boolean>(n).fill(false);
    this.causes.forEach((w, i) => {
      const p = this.pending(w.cause);
      if (p && !this.wasPending[i]) rose[w.vector] = true;
      this.wasPending[i] = p;
      if (p) level[w.vector] = true;
    });
    return { level, rose };
  }
}
