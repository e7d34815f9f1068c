// The IR: the one contract between the front end (syntax → check → lower) and every back end.
// Fully resolved and JSON-serialisable: no expressions, every name resolved, every access property
// explicit, masks precomputed. Arrays stay count + stride (never expanded) and reusable blocks are
// shared types, so the IR grows with distinct definitions, not instances.
//
// Values that may exceed 2^53 (resets, masks, enum values, 64-bit anything) are hex strings "0x…";
// offsets, sizes and bit positions are plain numbers.
//
// Bump IR_VERSION on any incompatible change; schema.json describes this file and a test validates
// every spec's IR against it.

export const IR_VERSION = 1;

export type Hex = string; // "0x" followed by lowercase hex digits, no leading zeros except "0x0"

export interface IrSourceRef {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface IrSpec {
  readonly irVersion: typeof IR_VERSION;
  /** The main spec file, as given to the compiler (relative path when possible). */
  readonly source: string;
  /** Every file that was read, main file first, then imports in load order. */
  readonly files: readonly string[];
  readonly devices: readonly IrDevice[];
}

export interface IrDevice {
  readonly name: string;
  readonly doc: string;
  readonly pci?: IrPci;
  readonly bars: readonly IrBar[];
  /** Reusable block types referenced by block instances in this device, by name. */
  readonly blockTypes: readonly IrBlockType[];
  /** Every enum used by this device's fields (inline enums get a generated name `<reg>_<field>`). */
  readonly enums: readonly IrEnum[];
  readonly interrupts: readonly IrInterruptGroup[];
  readonly layouts: readonly IrLayout[];
  readonly rings: readonly IrRing[];
  readonly at: IrSourceRef;
}

export interface IrPci {
  readonly vendor: number;
  readonly device: number;
  readonly subsystemVendor?: number;
  readonly subsystem?: number;
  readonly class?: number;
  readonly revision?: number;
}

export interface IrBar {
  readonly index: number; // 0..5
  readonly name: string;
  readonly kind: 'mmio' | 'io';
  readonly size: number;
  readonly prefetchable: boolean;
  readonly is64: boolean;
  readonly doc: string;
  /** false: raw memory (no register map), e.g. ivshmem shared memory. */
  readonly hasRegisters: boolean;
  /** Offsets of these nodes are absolute within the BAR. */
  readonly nodes: readonly IrNode[];
  readonly at: IrSourceRef;
}

export type IrNode = IrRegister | IrBlockInstance;

export interface IrArray {
  readonly count: number;
  /** bytes between element starts; with `strideExpr`, the value when every field it reads is 0 */
  readonly stride: number;
  /**
   * The stride is read from the device when the BAR is bound (NVMe doorbells: `4 << cap.dstrd`, NVMe 1.4
   * section 3.1.1): back ends evaluate this, reading each field once, and never assume `stride`.
   */
  readonly strideExpr?: IrExpr;
}

/**
 * A run-time expression: integer arithmetic over constants and register fields (each field one read of
 * its register, no read side effect). Operators as in C, on unsigned values.
 */
export type IrExpr =
  | { readonly kind: 'const'; readonly value: Hex }
  | { readonly kind: 'field'; readonly ref: IrFieldRef }
  | { readonly kind: 'unary'; readonly op: '-' | '~'; readonly operand: IrExpr }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^'; readonly left: IrExpr; readonly right: IrExpr };

export interface IrBlockType {
  readonly name: string;
  readonly doc: string;
  /** Extent in bytes of one instance (end of its last register, relative to its base). */
  readonly size: number;
  /** Offsets relative to the instance's base. */
  readonly nodes: readonly IrNode[];
  readonly at: IrSourceRef;
}

export interface IrBlockInstance {
  readonly kind: 'block';
  readonly name: string;
  readonly doc: string;
  /** Absolute within the BAR when the instance sits in a BAR; relative to the parent block otherwise. */
  readonly offset: number;
  readonly array?: IrArray;
  /** Name of an IrBlockType of this device (inline blocks get a generated type name `<parent>_<name>`). */
  readonly type: string;
  readonly at: IrSourceRef;
}

export type Sw = 'rw' | 'r' | 'w' | 'na';
export type OnRead = 'none' | 'clear' | 'set';
/**
 * w1c/w1s/w1t: writing 1 clears/sets/toggles the bit, 0 leaves it. w0c/w0s/w0t: the same for 0.
 * wclr/wset: any write clears/sets the whole field. pulse: writing 1 triggers an action and the bit
 * clears itself (self-clearing); writing 0 does nothing.
 */
export type OnWrite = 'none' | 'w1c' | 'w1s' | 'w1t' | 'w0c' | 'w0s' | 'w0t' | 'wclr' | 'wset' | 'pulse';

export interface IrField {
  readonly name: string;
  readonly doc: string;
  readonly lsb: number;
  readonly width: number;
  readonly sw: Sw;
  readonly onRead: OnRead;
  readonly onWrite: OnWrite;
  /** Reset value of the field, right-aligned. */
  readonly reset: Hex;
  readonly volatile: boolean;
  /** Name of an IrEnum of the device, or undefined. */
  readonly enum?: string;
  /**
   * The field's values are named by an enum chosen by another field of the same register or word
   * (NVMe 1.4 figure 125: SC by SCT): the case whose `value` the selector field holds (`key`: that
   * value's name in the selector's enum). A selector value with no case has no names. Never together
   * with `enum`.
   */
  readonly enumBy?: IrEnumBy;
  readonly at: IrSourceRef;
}

export interface IrEnumBy {
  /** A field of the same register or word, which has an `enum`. */
  readonly field: string;
  readonly cases: readonly { readonly key: string; readonly value: Hex; readonly enum: string }[];
}

export interface IrReservedBits {
  readonly lsb: number;
  readonly width: number;
  /** What a write puts there: the reset value (default), all ones, or what was read (only in modify). */
  readonly policy: 'reset' | 'ones' | 'preserve';
}

/**
 * Masks for writing a register without side effects on bits the caller did not name. All are
 * register-width hex values. See docs/language.md "Safe writes" for the derivation:
 *
 *   modify(fields):  v = (read & keep) | modifyBase;  v = (v & ~fieldMask) | fieldBits;  write(v)
 *   write(fields):   v = writeBase;                    v = (v & ~fieldMask) | fieldBits;  write(v)
 *   ack(bits) on w1c fields, read-free when keep == 0:  write(ackBase | bits)
 *   ack(bits) on w0c fields:                            write(ackBase & ~bits)
 */
export interface IrMasks {
  /** Plain read-write storage bits (and `preserve` reserved bits): modify writes back what it read. */
  readonly keep: Hex;
  /** Bits where writing 1 has an effect (w1c, w1s, w1t, pulse): untouched means write 0. */
  readonly w1Effect: Hex;
  /** Bits where writing 0 has an effect (w0c, w0s, w0t): untouched means write 1. */
  readonly w0Effect: Hex;
  /** Write-only bits: untouched means write their reset value. */
  readonly writeOnly: Hex;
  /** Reserved and undeclared bits: untouched means write per policy (reset value, ones). */
  readonly reserved: Hex;
  /** Bits whose field can be read (sw r or rw). */
  readonly readable: Hex;
  /** Bits whose field can be written (sw w or rw). */
  readonly writable: Hex;
  /** Bits of fields with a read side effect (onRead clear/set). */
  readonly readEffect: Hex;
  /** Bits of fields where any write has an effect (wclr, wset). */
  readonly anyWriteEffect: Hex;
  /** Constant part of a modify: w0Effect | (reset & (writeOnly | reserved-by-reset)) | reserved-ones. */
  readonly modifyBase: Hex;
  /** Constant part of a write from reset: (reset & (keep | writeOnly | reserved-by-reset)) | w0Effect | reserved-ones. */
  readonly writeBase: Hex;
  /** A write that changes nothing (when keep is 0): w0Effect | (reset & (writeOnly | reserved-by-reset)) | reserved-ones. */
  readonly ackBase: Hex;
  /** Bits ack() may name: w1c and w1t fields (how to write them: IrOps.ackW1). */
  readonly ackW1: Hex;
  /** Bits clear() may name: w0c fields (how to write them: IrOps.ackW0). */
  readonly ackW0: Hex;
}

/** Which operations the generated API offers for a register; backends must not invent others. */
export interface IrOps {
  /** Some bits are readable. A read may have a side effect: see `readHasSideEffect`. */
  readonly read: boolean;
  readonly readHasSideEffect: boolean;
  /** Some bits are writable. */
  readonly write: boolean;
  /** Read-modify-write is safe: readable, writable, no read side effect, no any-write effect. */
  readonly modify: boolean;
  /** Read-free acknowledge/clear of w1c (and w1t) bits is possible (keep == 0) — or via modify. */
  readonly ackW1: 'none' | 'write' | 'modify';
  /** Read-free clear of w0c bits. */
  readonly ackW0: 'none' | 'write' | 'modify';
}

export interface IrRegister {
  readonly kind: 'register';
  readonly name: string;
  readonly doc: string;
  /** Absolute within the BAR at BAR level; relative to the block base inside a block type or layout. */
  readonly offset: number;
  readonly width: 8 | 16 | 32 | 64;
  readonly array?: IrArray;
  /** Hardware may change the value on its own (status, counters). */
  readonly volatile: boolean;
  readonly reset: Hex;
  /**
   * The register's fields, ascending by lsb. A register declared without fields has one field named
   * `value` covering the full width with the register's access.
   */
  readonly fields: readonly IrField[];
  /** true when the register was declared without fields (the `value` field is implicit). */
  readonly implicitField: boolean;
  readonly reserved: readonly IrReservedBits[];
  readonly masks: IrMasks;
  readonly ops: IrOps;
  /**
   * A 64-bit register the device accepts only as two 32-bit accesses, in this order: `lo_hi` the low
   * half (offset) first, then the high half (offset + 4); `hi_lo` the other way round. Every read and
   * write of it is those two accesses. Absent: one 64-bit access.
   */
  readonly split?: 'lo_hi' | 'hi_lo';
  /**
   * Name of a sibling register (same BAR or block type) whose storage this register is another view
   * of: INTMC `shares` INTMS — one mask, read through either, set by writing 1s to the w1s one and
   * cleared by writing 1s to the w1c one. Absent: the register has storage of its own.
   */
  readonly shares?: string;
  readonly at: IrSourceRef;
}

export interface IrEnumValue {
  readonly name: string;
  readonly value: Hex;
  readonly doc: string;
}
export interface IrEnum {
  readonly name: string;
  /** Width in bits of the field(s) using it. */
  readonly width: number;
  readonly doc: string;
  readonly values: readonly IrEnumValue[];
}

// ---------------------------------------------------------------------------------------------------
// Interrupts

/** A resolved reference to bits of one non-array register reachable from a BAR. */
export interface IrFieldRef {
  readonly bar: number;
  /** Names from the BAR down to the register, e.g. ["icr"] or ["misc", "status"]. */
  readonly path: readonly string[];
  /** Absolute byte offset of the register within the BAR. */
  readonly offset: number;
  readonly width: 8 | 16 | 32 | 64;
  /** Field name within the register ('value' for fieldless registers). */
  readonly field: string;
  readonly lsb: number;
  readonly bits: number;
}

export type IrAck =
  /** write 1 to the status bit (status field is w1c, or w1t) */
  | { readonly kind: 'w1c'; readonly ref: IrFieldRef }
  /** write 0 to the status bit (w0c) */
  | { readonly kind: 'w0c'; readonly ref: IrFieldRef }
  /** reading the status register clears it (status field is rc) */
  | { readonly kind: 'read'; readonly ref: IrFieldRef }
  /** write 1 to a bit of a separate acknowledge register */
  | { readonly kind: 'write'; readonly ref: IrFieldRef }
  /** the cause clears itself when its condition goes away (level) */
  | { readonly kind: 'none' };

export type IrEnable =
  /** a read-write enable bit */
  | { readonly kind: 'field'; readonly ref: IrFieldRef }
  /** write 1 to `set` to enable, write 1 to `clear` to disable; `set` reads back the current mask when readable */
  | { readonly kind: 'setClear'; readonly set: IrFieldRef; readonly clear: IrFieldRef }
  | { readonly kind: 'none' };

export interface IrVector {
  readonly kind: 'intx' | 'msi' | 'msix';
  readonly index: number;
}

export interface IrCause {
  readonly name: string;
  readonly doc: string;
  /**
   * Where the cause shows. Absent: the cause has no status register — the vector is the cause (an
   * NVMe completion queue's MSI-X vector means "new entries in this CQ", NVMe 1.4 section 3.1 has no
   * register for it), so it is never in pending() and has no ack (`none`).
   */
  readonly status?: IrFieldRef;
  /**
   * `ring RING`: the cause is "new entries in ring `name`", one cause element per ring of the ring
   * array (`count`; 1 for a single ring). Element i is signalled on vector
   * `vector.index + vectorStep * i` (the ring's own `vector`). Never together with `status`.
   */
  readonly ring?: { readonly name: string; readonly count: number; readonly vectorStep: number };
  readonly enable: IrEnable;
  readonly ack: IrAck;
  /** write 1 here to raise the cause from software (ICS, IRQ_RAISE) */
  readonly test?: IrFieldRef;
  readonly vector: IrVector;
  readonly at: IrSourceRef;
}

/**
 * One interrupt mask written through a set/clear register pair over one storage (NVMe 1.4 sections
 * 3.1.3/3.1.4, INTMS/INTMC): bit `lsb + n` masks vector n. Writing 1 to `set` masks, writing 1 to
 * `clear` unmasks; reading either returns the mask. Applies to pin-based and MSI vectors only (MSI-X
 * vectors are masked in the MSI-X table).
 */
export interface IrMask {
  readonly set: IrFieldRef;
  readonly clear: IrFieldRef;
}

export interface IrInterruptGroup {
  readonly name: string;
  readonly doc: string;
  readonly mask?: IrMask;
  readonly causes: readonly IrCause[];
  readonly at: IrSourceRef;
}

// ---------------------------------------------------------------------------------------------------
// DMA memory

export interface IrLayout {
  readonly name: string;
  readonly doc: string;
  readonly size: number;
  readonly align: number;
  /** Words at offsets relative to the start of one entry; same shape as registers (always sw rw). */
  readonly words: readonly IrRegister[];
  /** publish() writes every other word first, then this word with the field set to `value`. */
  readonly owner?: { readonly word: string; readonly field: string; readonly value: Hex };
  /** The bit the device sets when it has finished with the entry (reap looks at it). */
  readonly done?: { readonly word: string; readonly field: string };
  /**
   * The same entry as one command (or kind) sees it: `words` are shared, each variant adds the words
   * only it names (NVMe: CDW10-15 per command). A variant's words never overlap the shared ones.
   */
  readonly variants?: readonly IrLayoutVariant[];
  readonly at: IrSourceRef;
}

export interface IrLayoutVariant {
  readonly name: string;
  readonly doc: string;
  /** Offsets relative to the start of the entry, like the layout's own words. */
  readonly words: readonly IrRegister[];
  readonly at: IrSourceRef;
}

/** `scale * index + add`: an element index (or vector) of ring `index` of a ring array. */
export interface IrLinear {
  readonly scale: number;
  readonly add: number;
}

/** One array level of a ring's register path: which element ring `index` uses. */
export interface IrRingElement {
  /** Position in `path` of the array's name. */
  readonly depth: number;
  readonly count: number;
  /** As IrArray: `strideExpr` (read from the device) wins over `stride`. */
  readonly stride: number;
  readonly strideExpr?: IrExpr;
  readonly index: IrLinear;
}

/** A register reference for rings (whole register). */
export interface IrRegisterRef {
  readonly bar: number;
  readonly path: readonly string[];
  /** With every element index 0. */
  readonly offset: number;
  readonly width: 8 | 16 | 32 | 64;
  /** Array levels on the path (register arrays, block arrays), outermost first; absent for a plain register. */
  readonly elements?: readonly IrRingElement[];
}

export interface IrRing {
  readonly name: string;
  readonly doc: string;
  readonly layout: string;
  /** `ring sq[y:65]`: 65 rings, ring y's paths and vector computed from `y` (IrLinear). */
  readonly array?: { readonly count: number; readonly index: string };
  /** Default entry count (power of two not required; the device's rules apply). */
  readonly count?: number;
  /** The entry count is a run-time argument of at most this (e.g. CAP.MQES + 1), read when the ring is made. */
  readonly countMax?: IrExpr;
  /**
   * A completion ring consumed by its phase tag (NVMe 1.4 section 4.6): no producer register; entries
   * whose tag equals the expected phase (1 on the first pass, inverted at each wrap) are new; `head` is
   * the consumer's doorbell, written once per reaped batch.
   */
  readonly phase?: { readonly word: string; readonly field: string };
  /** The submission ring array this one completes, element for element. */
  readonly completes?: string;
  /** Each ring's interrupt vector (MSI-X table entry `scale * index + add`). */
  readonly vector?: { readonly kind: 'intx' | 'msi' | 'msix'; readonly index: IrLinear };
  readonly tail?: IrRegisterRef;
  readonly head?: IrRegisterRef;
  readonly baseLo?: IrRegisterRef;
  readonly baseHi?: IrRegisterRef;
  readonly length?: IrRegisterRef;
  readonly at: IrSourceRef;
}
