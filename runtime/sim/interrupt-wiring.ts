// What a device's interrupt declarations mean for the simulated device: which causes are pending
// (status & enable), what writes to set/clear, acknowledge and test registers do, and how hardware
// raises a cause. Works on stored register values through a small store interface. Causes without a
// status register (`ring RING`, `status none`) are message vectors: the model signals them. A group's
// `mask set REG clear REG` is one mask over one storage (`shares`): a vector whose bit is set delivers
// nothing until it is unmasked (NVMe 1.4 sections 3.1.3/3.1.4).
import type { IrCause, IrDevice, IrFieldRef, IrMask } from '../../compiler/ir/ir.js';
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
  /** Vectors of causes that have no status register: the model sends messages on them. */
  readonly messageVectors: ReadonlySet<number>;
  /** The groups' masks (set/clear pairs). */
  private readonly masks: IrMask[] = [];
  /** `group.cause` of the causes without status (raise() refers them to signal()). */
  private readonly statusless = new Set<string>();

  constructor(
    ir: IrDevice,
    private readonly store: RegisterStore,
    private readonly label: string,
  ) {
    const kinds: VectorKind[] = [];
    const messages = new Set<number>();
    for (const g of ir.interrupts) {
      if (g.mask) this.masks.push(g.mask);
      for (const c of g.causes) {
        if (!c.status) {
          this.statusless.add(`${g.name}.${c.name}`);
          // One vector per ring of a ring cause: ring i on vector.index + vectorStep * i.
          const count = c.ring?.count ?? 1;
          for (let i = 0; i < count; i++) {
            const v = c.vector.index + (c.ring?.vectorStep ?? 0) * i;
            kinds[v] ??= c.vector.kind;
            messages.add(v);
          }
          continue;
        }
        kinds[c.vector.index] ??= c.vector.kind;
        this.causes.push({ group: g.name, cause: c, vector: c.vector.index });
      }
    }
    for (const w of this.causes) messages.delete(w.vector);
    this.messageVectors = messages;
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
      if (this.statusless.has(`${group}.${cause}`)) throw new Error(`${this.label}: cause '${group}.${cause}' has no status register; its vector is the cause: signal(vector)`);
      const known = this.causes.map((c) => `${c.group}.${c.cause.name}`).join(', ') || 'none';
      throw new Error(`${this.label}: no interrupt cause '${group}.${cause}' (declared: ${known})`);
    }
    this.setBits(w.cause.status!);
  }


  /**
   * Whether a group's mask masks `vector` now (its bit is set in the shared storage). Pin-based and
   * MSI vectors only: an MSI-X vector is masked in the MSI-X table (NVMe 1.4 section 3.1.3).
   */
  masked(vector: number): boolean {
    if (this.vectorKinds[vector] === 'msix') return false;
    for (const m of this.masks) {
      if (vector >= m.set.bits) continue;
      if ((this.store.storedAt(m.set.bar, m.set.offset) >> BigInt(m.set.lsb + vector)) & 1n) return true;
    }
    return false;
  }

  /** Whether (bar, offset) is a mask-clear register: a write there may release held messages. */
  isMaskClear(bar: number, offset: number): boolean {
    return this.masks.some((m) => m.clear.bar === bar && m.clear.offset === offset);
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
      const st = cause.status!;
      if (a.kind === 'write' && at(a.ref) && (written & refMask(a.ref)) !== 0n) update(st, (v) => v & ~refMask(st));
      if (cause.test && at(cause.test) && (written & refMask(cause.test)) !== 0n) this.setBits(st);
    }
    return self;
  }

  private pending(c: IrCause): boolean {
    const s = this.store;
    const st = c.status!;
    if ((s.storedAt(st.bar, st.offset) & refMask(st)) === 0n) return false;
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
      const p = this.pending(w.cause) && !this.masked(w.vector);
      if (p && !this.wasPending[i]) rose[w.vector] = true;
      this.wasPending[i] = p;
      if (p) level[w.vector] = true;
    });
    return { level, rose };
  }
}
