// Interrupt groups: causes as a bitmask (bit i = the i-th cause; generated classes name each bit), so
// pending/enable/ack allocate nothing on 8–32-bit registers. Causes that share a register are served
// by one access of it: ack of three w1c causes in one status register is one write. 64-bit registers
// work too (their bits are bigints).
import { Register, load, modifyBits, writeOnes, writeZeros } from './register.js';
import { Register64, modifyBits64, writeOnes64, writeZeros64 } from './register64.js';

type Reg = Register | Register64;
/** Bits of a register: a number for registers up to 32 bits, a bigint for 64-bit ones. */
type Bits = number | bigint;
export interface BitsRef {
  readonly reg: Reg;
  readonly bits: Bits;
}

export type EnableSpec =
  | { readonly kind: 'field'; readonly reg: Reg; readonly bits: Bits }
  | { readonly kind: 'setClear'; readonly set: Reg; readonly setBits: Bits; readonly clear: Reg; readonly clearBits: Bits; readonly setReadable: boolean }
  | { readonly kind: 'none' };

export type AckSpec = { readonly kind: 'w1c' | 'w0c' | 'read' | 'write'; readonly reg: Reg; readonly bits: Bits } | { readonly kind: 'none' };

export interface CauseSpec<N extends string = string> {
  readonly name: N;
  /** Absent: no status register, the vector is the cause (NVMe CQ MSI-X vectors); never pending(). */
  readonly status?: Reg;
  readonly statusBits?: Bits;
  /** The cause's vector (element 0 of a ring cause) and, for a ring cause, its rings: ring i on `first + step * i`. */
  readonly vector?: { readonly first: number; readonly step: number; readonly count: number };
  readonly enable: EnableSpec;
  readonly ack: AckSpec;
  readonly test?: BitsRef;
}

/**
 * One mask written through a set/clear pair over one storage (NVMe INTMS/INTMC, 1.4 sections 3.1.3 and
 * 3.1.4): writing bit `lsb + n` of `set` masks vector n, of `clear` unmasks it; `set` reads the mask.
 */
export interface MaskSpec {
  readonly set: Register;
  readonly clear: Register;
  readonly lsb: number;
  readonly bits: number;
}

type Op = 'ones' | 'zeros' | 'set' | 'clear' | 'read';

/** One register touched by an operation, with the bits each cause contributes (0: not involved). */
interface Action {
  readonly reg: Reg;
  readonly op: Op;
  readonly bits: Bits[];
}

function addAction(actions: Action[], reg: Reg, op: Op, cause: number, bits: Bits, causes: number): void {
  let a = actions.find((x) => x.reg === reg && x.op === op);
  const zero: Bits = reg instanceof Register64 ? 0n : 0;
  if (a === undefined) actions.push((a = { reg, op, bits: new Array<Bits>(causes).fill(zero) }));
  a.bits[cause] = reg instanceof Register64 ? (a.bits[cause] as bigint) | BigInt(bits) : ((a.bits[cause] as number) | Number(bits)) >>> 0;
}

function run(actions: readonly Action[], set: number): void {
  for (const a of actions) {
    if (a.reg instanceof Register64) run64(a, a.reg, set);
    else run32(a, a.reg, set);
  }
}

function run32(a: Action, reg: Register, set: number): void {
  let bits = 0;
  for (let c = 0; c < a.bits.length; c++) if ((set >>> c) & 1) bits |= a.bits[c] as number;
  if (bits === 0) return;
  const { io, offset, layout } = reg;
  bits >>>= 0;
  if (a.op === 'ones') writeOnes(io, offset, layout, bits);
  else if (a.op === 'zeros') writeZeros(io, offset, layout, bits);
  else if (a.op === 'set') modifyBits(io, offset, layout, bits, 0);
  else if (a.op === 'clear') modifyBits(io, offset, layout, 0, bits);
  else load(io, layout.width, offset);
}

function run64(a: Action, reg: Register64, set: number): void {
  let bits = 0n;
  for (let c = 0; c < a.bits.length; c++) if ((set >>> c) & 1) bits |= a.bits[c] as bigint;
  if (bits === 0n) return;
  const { io, offset, layout } = reg;
  if (a.op === 'ones') writeOnes64(io, offset, layout, bits);
  else if (a.op === 'zeros') writeZeros64(io, offset, layout, bits);
  else if (a.op === 'set') modifyBits64(io, offset, layout, bits, 0n);
  else if (a.op === 'clear') modifyBits64(io, offset, layout, 0n, bits);
  else io.read64(offset);
}

const readRaw = (r: Reg): Bits => (r instanceof Register64 ? r.io.read64(r.offset) : load(r.io, r.layout.width, r.offset));
const hit = (v: Bits, bits: Bits): boolean => (typeof v === 'bigint' ? (v & (bits as bigint)) !== 0n : (v & (bits as number)) !== 0);

export class InterruptGroup<N extends string> {
  /** Every cause of the group. */
  readonly all: number;
  private readonly readers: Reg[] = [];
  private readonly values: Bits[];
  private readonly statusAt: Int32Array;
  private readonly vectors: readonly { readonly first: number; readonly step: number; readonly count: number }[];
  private readonly maskSpec: MaskSpec | undefined;
  private readonly statusBits: Bits[];
  private readonly enableAt: Int32Array;
  private readonly enableBits: Bits[];
  private readonly enables: Action[] = [];
  private readonly disables: Action[] = [];
  private readonly acks: Action[] = [];
  protected readonly tests: Action[] = [];
  /** Causes that have a test register bit. */
  protected testable = 0;

  /** Cause names; cause i is bit i of a cause set. */
  readonly causes: readonly N[];

  constructor(name: string, specs: readonly CauseSpec<N>[]);
  constructor(name: string, mask: MaskSpec, specs: readonly CauseSpec<N>[]);
  constructor(
    readonly name: string,
    maskOrSpecs: MaskSpec | readonly CauseSpec<N>[],
    causeSpecs?: readonly CauseSpec<N>[],
  ) {
    const mask = Array.isArray(maskOrSpecs) ? undefined : (maskOrSpecs as MaskSpec);
    const specs = causeSpecs ?? (maskOrSpecs as readonly CauseSpec<N>[]);
    const n = specs.length;
    if (n > 32) throw new RangeError(`interrupt group ${name}: ${n} causes (at most 32)`);
    this.causes = specs.map((s) => s.name);
    this.all = n === 32 ? 0xffffffff : 2 ** n - 1;
    this.statusAt = new Int32Array(n).fill(-1);
    this.vectors = specs.map((s) => s.vector ?? { first: 0, step: 0, count: 1 });
    this.maskSpec = mask;
    this.statusBits = new Array<Bits>(n).fill(0);
    this.enableAt = new Int32Array(n).fill(-1);
    this.enableBits = new Array<Bits>(n).fill(0);
    const reader = (reg: Reg): number => {
      const i = this.readers.indexOf(reg);
      return i >= 0 ? i : this.readers.push(reg) - 1;
    };
    specs.forEach((s, c) => {
      if (s.status) {
        this.statusAt[c] = reader(s.status);
        this.statusBits[c] = s.statusBits ?? 0;
      }
      const e = s.enable;
      if (e.kind === 'field') {
        this.enableAt[c] = reader(e.reg);
        this.enableBits[c] = e.bits;
        addAction(this.enables, e.reg, 'set', c, e.bits, n);
        addAction(this.disables, e.reg, 'clear', c, e.bits, n);
      } else if (e.kind === 'setClear') {
        if (e.setReadable) {
          this.enableAt[c] = reader(e.set);
          this.enableBits[c] = e.setBits;
        }
        addAction(this.enables, e.set, 'ones', c, e.setBits, n);
        addAction(this.disables, e.clear, 'ones', c, e.clearBits, n);
      }
      const a = s.ack;
      if (a.kind === 'w1c' || a.kind === 'write') addAction(this.acks, a.reg, 'ones', c, a.bits, n);
      else if (a.kind === 'w0c') addAction(this.acks, a.reg, 'zeros', c, a.bits, n);
      else if (a.kind === 'read') addAction(this.acks, a.reg, 'read', c, a.bits, n);
      if (s.test) {
        addAction(this.tests, s.test.reg, 'ones', c, s.test.bits, n);
        this.testable = (this.testable | (1 << c)) >>> 0;
      }
    });
    this.values = new Array<Bits>(this.readers.length).fill(0);
  }

  protected check(set: number): number {
    if (!(Number.isInteger(set) && set >= 0 && set <= 0xffffffff) || (set & ~this.all) !== 0) {
      throw new RangeError(`interrupt group ${this.name}: 0x${set.toString(16)} is not a set of its causes`);
    }
    return set;
  }

  /**
   * Causes pending and enabled: one read of each status and enable register. Causes without a
   * readable enable count as enabled. A status register that clears on read is cleared by this read.
   */
  pending(): number {
    const r = this.readers;
    const v = this.values;
    for (let i = 0; i < r.length; i++) v[i] = readRaw(r[i]!);
    let set = 0;
    for (let c = 0; c < this.statusAt.length; c++) {
      if (this.statusAt[c]! < 0) continue; // no status register: only its vector says it happened
      if (!hit(v[this.statusAt[c]!]!, this.statusBits[c]!)) continue;
      const e = this.enableAt[c]!;
      if (e >= 0 && !hit(v[e]!, this.enableBits[c]!)) continue;
      set |= 1 << c;
    }
    return set >>> 0;
  }
  /** Enables the causes (one access, or one read-modify-write, per register involved). */
  enable(set: number): void {
    run(this.enables, this.check(set));
  }
  disable(set: number): void {
    run(this.disables, this.check(set));
  }
  /** Acknowledges the causes the way the spec says: w1c/w0c write, ack-register write, or status read. */
  ack(set: number): void {
    run(this.acks, this.check(set));
  }
  /**
   * The interrupt vector of a cause; for a ring cause (`ring RING`), of ring `index` of the array: pass
   * it to `device.irq.wait({ vector })`, `events({ vector })` or `handle(fn, { vector })`.
   */
  vector(cause: N, index = 0): number {
    const c = this.causes.indexOf(cause);
    if (c < 0) throw new RangeError(`interrupt group ${this.name} has no cause '${String(cause)}'`);
    const v = this.vectors[c]!;
    if (!Number.isInteger(index) || index < 0 || index >= v.count) {
      throw new RangeError(`interrupt group ${this.name}: cause ${String(cause)} has ${v.count === 1 ? 'one element (index 0)' : `elements 0..${v.count - 1}`}, not ${index}`);
    }
    return v.first + v.step * index;
  }
  private maskBit(target: N | number, index: number): number {
    const m = this.maskSpec;
    if (!m) throw new RangeError(`interrupt group ${this.name} has no mask (no 'mask set REG clear REG' in the spec)`);
    const v = typeof target === 'number' ? target : this.vector(target, index);
    if (!Number.isInteger(v) || v < 0 || v >= m.bits) throw new RangeError(`interrupt group ${this.name}: vector ${v} has no mask bit (0..${m.bits - 1})`);
    return (2 ** (m.lsb + v)) >>> 0;
  }
  /**
   * Masks a vector (a number, or a cause's vector): one write of its bit to the mask-set register
   * (w1s), no read. Pin-based and MSI vectors only: MSI-X vectors are masked in the MSI-X table.
   */
  mask(target: N | number, index = 0): void {
    const m = this.maskSpec;
    const bit = this.maskBit(target, index);
    writeOnes(m!.set.io, m!.set.offset, m!.set.layout, bit);
  }
  /** Unmasks a vector: one write of its bit to the mask-clear register (w1c), no read. */
  unmask(target: N | number, index = 0): void {
    const m = this.maskSpec;
    const bit = this.maskBit(target, index);
    writeOnes(m!.clear.io, m!.clear.offset, m!.clear.layout, bit);
  }
  /** The mask, one read of the mask-set register: bit n set means vector n is masked. */
  masked(): number {
    const m = this.maskSpec;
    if (!m) throw new RangeError(`interrupt group ${this.name} has no mask (no 'mask set REG clear REG' in the spec)`);
    const v = load(m.set.io, m.set.layout.width, m.set.offset) >>> m.lsb;
    return m.bits >= 32 ? v >>> 0 : (v & (2 ** m.bits - 1)) >>> 0;
  }
  /** The cause set for these names. */
  setOf(...names: N[]): number {
    let set = 0;
    for (const name of names) {
      const i = this.causes.indexOf(name);
      if (i < 0) throw new RangeError(`interrupt group ${this.name} has no cause '${String(name)}'`);
      set |= 1 << i;
    }
    return set >>> 0;
  }
  /** The names of the causes in a set. */
  decode(set: number): N[] {
    this.check(set);
    return this.causes.filter((_, i) => (set >>> i) & 1);
  }
}

/** A group whose causes can be raised from software (a test register). */
export class TestableInterruptGroup<N extends string> extends InterruptGroup<N> {
  /** Raises the causes from software: one write per test register involved. */
  test(set: number): void {
    if ((this.check(set) & ~this.testable) !== 0) {
      throw new RangeError(`interrupt group ${this.name}: ${this.decode((set & ~this.testable) >>> 0).join(', ')} cannot be raised (no test register)`);
    }
    run(this.tests, set);
  }
}
