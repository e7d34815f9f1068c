// The resolved model: the program after names, constants and access are resolved, still carrying the
// spans of what was written. Check rules run over it; toIr.ts turns it into the IR. A value that could
// not be evaluated is `undefined` (its error is already reported) and rules skip it — no cascades.
import type { Span } from '../source/source.js';
import type { Expr } from '../syntax/ast.js';
import type { OnRead, OnWrite, Sw } from '../ir/ir.js';

export interface Access {
  readonly sw: Sw;
  readonly onRead: OnRead;
  readonly onWrite: OnWrite;
}

export interface MEnumValue {
  readonly name: string;
  readonly nameSpan: Span;
  readonly value: bigint | undefined;
  readonly valueSpan: Span;
  readonly doc: string;
}
export interface MEnum {
  /** Final name in the IR (inline enums: `<reg>_<field>`). */
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly doc: string;
  readonly values: readonly MEnumValue[];
  readonly inline: boolean;
}

/** The field's names come from the enum its selector field's value picks (NVMe SC by SCT). */
export interface MEnumBy {
  readonly span: Span;
  /** A field of the same register or word, named as written. */
  readonly selector: string;
  readonly selectorSpan: Span;
  readonly cases: readonly MEnumCase[];
}
export interface MEnumCase {
  readonly span: Span;
  /** A value name of the selector's enum. */
  readonly key: string;
  readonly keySpan: Span;
  /** undefined: the name did not resolve (already reported). */
  readonly enum: MEnum | undefined;
  readonly enumSpan: Span;
}

export interface MField {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly bitsSpan: Span;
  readonly msb: number | undefined;
  readonly lsb: number | undefined;
  readonly access: Access;
  /** The access items as written, or the field name when inherited. */
  readonly accessSpan: Span;
  readonly volatile: boolean;
  readonly reset: bigint | undefined;
  readonly resetSpan: Span | undefined;
  readonly enum: MEnum | undefined;
  readonly enumSpan: Span | undefined;
  /** `enum by SELECTOR { KEY: ENUM, … }` (never together with `enum`): checked by rules/enumBy.ts. */
  readonly enumBy?: MEnumBy;
  readonly doc: string;
  /** The `value` field of a register declared without fields. */
  readonly implicit: boolean;
}

export interface MReserved {
  readonly span: Span;
  readonly bitsSpan: Span;
  readonly msb: number | undefined;
  readonly lsb: number | undefined;
  readonly policy: 'reset' | 'ones' | 'preserve';
  readonly policySpan: Span | undefined;
}

export interface MArray {
  readonly span: Span;
  readonly count: number | undefined;
  readonly countSpan: Span;
  /** Given or defaulted (registers: width in bytes); for a run-time stride, its value with every field 0. */
  readonly stride: number | undefined;
  readonly strideSpan: Span | undefined;
  /** `stride 4 << cap.dstrd`: the stride reads the device; `expr` is filled in once the BARs exist. */
  readonly runtimeStride?: { readonly decl: Expr; expr?: MExpr };
}

/** A run-time expression (a stride, a ring count bound): constants folded, register fields resolved. */
export type MExpr =
  | { readonly kind: 'const'; readonly value: bigint }
  | { readonly kind: 'field'; readonly ref: MRef; readonly span: Span }
  | { readonly kind: 'unary'; readonly op: '-' | '~'; readonly operand: MExpr }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^'; readonly left: MExpr; readonly right: MExpr };

/** An element index `scale * INDEX + add` of a ring array's path (`doorbell[2 * y + 1]`). */
export interface MLinear {
  readonly scale: number;
  readonly add: number;
}

export interface MRegister {
  readonly kind: 'register';
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly offset: number | undefined;
  readonly offsetSpan: Span;
  readonly width: number | undefined;
  readonly widthSpan: Span;
  readonly array: MArray | undefined;
  readonly volatile: boolean;
  /** Declared register reset (undefined: not given or not evaluable). */
  readonly reset: bigint | undefined;
  readonly resetSpan: Span | undefined;
  readonly access: Access;
  readonly fields: readonly MField[];
  readonly reserved: readonly MReserved[];
  readonly implicitField: boolean;
  readonly doc: string;
  /** A word of a DMA layout rather than a device register. */
  readonly isWord: boolean;
  /** `split lo_hi|hi_lo` as written (checked by rules/registerSplit.ts). */
  readonly split: { readonly order: string; readonly span: Span } | undefined;
  /** `shares NAME`: the sibling register whose storage this one is a view of (rules/sharedStorage.ts). */
  readonly shares: { readonly name: string; readonly span: Span } | undefined;
}

export interface MBlockInstance {
  readonly kind: 'block';
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly offset: number | undefined;
  readonly offsetSpan: Span;
  readonly array: MArray | undefined;
  /** undefined when the type name is unknown. */
  readonly type: MBlockType | undefined;
  readonly typeSpan: Span;
  readonly doc: string;
}

export type MNode = MRegister | MBlockInstance;

export interface MBlockType {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly doc: string;
  readonly inline: boolean;
  /** For an inline type: the name of the block instance it was generated for. */
  readonly instance?: string;
  nodes: readonly MNode[];
  /** Extent of one instance in bytes, filled in by sizes.ts (undefined: unknown or cyclic). */
  size: number | undefined;
}

export interface MBar {
  readonly index: number | undefined;
  readonly indexSpan: Span;
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly kind: 'mmio' | 'io';
  readonly size: number | undefined;
  readonly sizeSpan: Span;
  readonly prefetchable: boolean;
  readonly is64: boolean;
  readonly doc: string;
  /** undefined: raw memory, no register map. */
  readonly nodes: readonly MNode[] | undefined;
}

/** A path resolved to one register (and maybe one field) reachable from a BAR. */
export interface MRef {
  readonly span: Span;
  readonly bar: MBar;
  readonly path: readonly string[];
  readonly offset: number;
  readonly register: MRegister;
  /** Set when the path (or the cause name) picked a field. */
  readonly field: MField | undefined;
}

export type MEnable =
  | { readonly kind: 'field'; readonly ref: MRef }
  | { readonly kind: 'setClear'; readonly set: MRef; readonly clear: MRef }
  | { readonly kind: 'none' };

export type MAck =
  | { readonly kind: 'w1c' | 'w0c' | 'read'; readonly mode: string; readonly modeSpan: Span; readonly ref: MRef }
  | { readonly kind: 'write'; readonly ref: MRef }
  | { readonly kind: 'none' };

export interface MVector {
  readonly kind: 'intx' | 'msi' | 'msix';
  readonly index: number;
  readonly span: Span | undefined;
}

export interface MCause {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly doc: string;
  readonly status: MRef | undefined;
  /**
   * No status register, on purpose: `status none` (the vector is the cause) or `ring RING` (new
   * entries in that ring, on its vector); `span` is where it was said. Undefined for every other cause.
   */
  readonly statusless:
    | {
        readonly span: Span;
        readonly ring: { readonly name: string; readonly span: Span } | undefined;
        /** A `vector` the cause itself gave (a ring cause takes its ring's vectors: RM0512). */
        readonly vectorSpan: Span | undefined;
      }
    | undefined;
  readonly enable: MEnable;
  readonly ack: MAck;
  /** The `ack` the cause or its group gave (RM0512: a cause without status has nothing to acknowledge). */
  readonly ackSpan: Span | undefined;
  readonly test: MRef | undefined;
  readonly vector: MVector;
}

/** `mask set REG clear REG`: one mask (bit n masks vector n), set through `set` and cleared through `clear`. */
export interface MMask {
  readonly span: Span;
  readonly set: MRef;
  readonly clear: MRef;
}

export interface MInterruptGroup {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly doc: string;
  readonly mask: MMask | undefined;
  readonly causes: readonly MCause[];
}

export interface MLayoutBit {
  readonly word: MRegister;
  readonly field: MField;
  readonly span: Span;
}

export interface MLayout {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly doc: string;
  readonly size: number | undefined;
  readonly sizeSpan: Span;
  readonly align: number | undefined;
  readonly alignSpan: Span | undefined;
  readonly words: readonly MRegister[];
  readonly owner: (MLayoutBit & { readonly value: bigint | undefined; readonly valueSpan: Span }) | undefined;
  readonly done: MLayoutBit | undefined;
  /** The entry as each command sees it: the words it adds to `words` (checked by rules/variantWords.ts). */
  readonly variants: readonly MLayoutVariant[];
}

export interface MLayoutVariant {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly doc: string;
  readonly words: readonly MRegister[];
}

export interface MRegisterRef {
  readonly span: Span;
  readonly bar: MBar;
  readonly path: readonly string[];
  /** With every element index 0. */
  readonly offset: number;
  readonly register: MRegister;
  /** Array levels of a ring array's path (empty for a plain register). */
  readonly elements: readonly MRingElement[];
}

/** One array level a ring path goes through, with the element index of ring `INDEX`. */
export interface MRingElement {
  /** The array register or block instance. */
  readonly node: MNode;
  /** Position of the node's name in the path. */
  readonly depth: number;
  readonly index: MLinear;
  readonly span: Span;
}

export interface MRing {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly doc: string;
  /** `ring sq[y:queues]`: `count` rings, `index` their index name. */
  readonly array: { readonly index: string; readonly count: number | undefined; readonly span: Span } | undefined;
  readonly layout: MLayout | undefined;
  readonly count: number | undefined;
  /** `count max E`: the entry count is a run-time argument of at most E (read from the device). */
  readonly countMax: MExpr | undefined;
  readonly tail: MRegisterRef | undefined;
  readonly head: MRegisterRef | undefined;
  readonly baseLo: MRegisterRef | undefined;
  readonly baseHi: MRegisterRef | undefined;
  readonly length: MRegisterRef | undefined;
  /** `phase WORD.FIELD`: a completion ring found by its phase tag. */
  readonly phase: MLayoutBit | undefined;
  readonly completes: { readonly name: string; readonly span: Span } | undefined;
  readonly vector: { readonly kind: string; readonly kindSpan: Span; readonly index: MLinear | undefined; readonly span: Span } | undefined;
}

export interface MPciValue {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: number | undefined;
  readonly valueSpan: Span;
}
export interface MPci {
  readonly span: Span;
  readonly values: readonly MPciValue[];
}

export interface MDevice {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly doc: string;
  readonly pci: MPci | undefined;
  readonly bars: readonly MBar[];
  readonly interrupts: readonly MInterruptGroup[];
  /** Layouts declared in the device. */
  readonly layouts: readonly MLayout[];
  readonly rings: readonly MRing[];
}

/** A named declaration, for the duplicate-name rule. */
export interface MDeclared {
  readonly what: string;
  readonly name: string;
  readonly nameSpan: Span;
}

/** An `allow CODE "reason";` that names a warning, with the element it covers (checked in resolve/allows.ts). */
export interface MAllow {
  /** The code as written, e.g. `RM0414`. */
  readonly code: string;
  readonly reason: string;
  /** The allow statement itself. */
  readonly span: Span;
  /** The element holding the allow (a device, BAR, block, register or field): warnings inside it are covered. */
  readonly scope: Span;
  /** `register 'tcsr0'`, for messages. */
  readonly owner: string;
}

export interface Model {
  readonly devices: readonly MDevice[];
  /** Every block type resolved: top-level ones of all files, then inline ones. */
  readonly blockTypes: readonly MBlockType[];
  /** Top-level layouts of all files. */
  readonly layouts: readonly MLayout[];
  /** Top-level enums of all files. */
  readonly enums: readonly MEnum[];
  /** Groups of names that must be unique among themselves (constants, enums, …, registers of one scope). */
  readonly namespaces: readonly (readonly MDeclared[])[];
  /** Every valid `allow` in the order resolved; check/allows.ts applies them after the rules ran. */
  readonly allows: readonly MAllow[];
}
