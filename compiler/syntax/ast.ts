// The syntax tree of one .regs file, as written: names unresolved, expressions unevaluated, every node
// with the span it came from. The parser (parser.ts + toAst.ts) builds it; resolve/ turns it into the
// model, lower/ the model into IR.
import type { Span } from '../source/source.js';

export interface Node {
  readonly span: Span;
}

export interface Ident extends Node {
  readonly name: string;
}

/** Dotted reference as written: `icr.txdw`, `regs.rx[0].rdt`. */
export interface Path extends Node {
  readonly parts: readonly { readonly name: string; readonly index?: Expr; readonly span: Span }[];
}

// ---------------------------------------------------------------------------------------------------
// Expressions (constants): integer arithmetic on bigint.
export type Expr = NumberLit | NameRef | FieldRefExpr | Unary | Binary;
export interface NumberLit extends Node {
  readonly kind: 'number';
  readonly value: bigint;
}
export interface NameRef extends Node {
  readonly kind: 'name';
  readonly name: string;
}
/** `cap.dstrd`: a register field, read by generated code at run time (a stride, a ring count bound). */
export interface FieldRefExpr extends Node {
  readonly kind: 'field';
  readonly path: Path;
}
export interface Unary extends Node {
  readonly kind: 'unary';
  readonly op: '-' | '~';
  readonly operand: Expr;
}
export interface Binary extends Node {
  readonly kind: 'binary';
  readonly op: '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^';
  readonly left: Expr;
  readonly right: Expr;
}

// ---------------------------------------------------------------------------------------------------
// Access: what was written after a register or field header, in order; resolve/ resolves the combination.
/** `rw`, `ro`, `w1c`, `rc`, `pulse`, … (see docs/language.md, "Access"). */
export interface AccessShorthand extends Node {
  readonly kind: 'shorthand';
  readonly name: string;
}
/** `sw=rw`, `onread=clear`, `onwrite=w1c` */
export interface AccessProperty extends Node {
  readonly kind: 'property';
  readonly key: 'sw' | 'onread' | 'onwrite';
  readonly value: Ident;
}
export type AccessItem = AccessShorthand | AccessProperty;

// ---------------------------------------------------------------------------------------------------
// Acknowledged warnings
/**
 * `allow RM0414 "why";` in a device, BAR, block, register or field body: warnings with that code
 * located on the element that holds it (or inside it) are not reported. Lowering checks the code.
 */
export interface AllowDecl extends Node {
  readonly kind: 'allow';
  /** The code as written, e.g. `RM0414`. */
  readonly code: Ident;
  /** Why the warning is accepted (required, so the acknowledgement documents itself). */
  readonly reason: string;
  readonly reasonSpan: Span;
}

// ---------------------------------------------------------------------------------------------------
// Top level
export interface SpecFile extends Node {
  readonly kind: 'file';
  readonly items: readonly TopItem[];
}
export type TopItem = ImportDecl | ConstDecl | EnumDecl | BlockDecl | LayoutDecl | DeviceDecl;

export interface ImportDecl extends Node {
  readonly kind: 'import';
  /** As written, relative to the importing file. */
  readonly path: string;
  readonly pathSpan: Span;
}
export interface ConstDecl extends Node {
  readonly kind: 'const';
  readonly name: Ident;
  readonly value: Expr;
  readonly doc?: string;
}
export interface EnumValue extends Node {
  readonly name: Ident;
  readonly value: Expr;
  readonly doc?: string;
}
export interface EnumDecl extends Node {
  readonly kind: 'enum';
  readonly name: Ident;
  readonly values: readonly EnumValue[];
  readonly doc?: string;
}

/** Reusable block of registers, instantiated with `block x @ off : name;` */
export interface BlockDecl extends Node {
  readonly kind: 'block';
  readonly name: Ident;
  readonly items: readonly BlockItem[];
  readonly doc?: string;
  /** Present when the body has `allow` items. */
  readonly allows?: readonly AllowDecl[];
}

export interface DeviceDecl extends Node {
  readonly kind: 'device';
  readonly name: Ident;
  readonly doc?: string;
  readonly pci?: PciDecl;
  readonly bars: readonly BarDecl[];
  readonly interrupts: readonly InterruptsDecl[];
  readonly layouts: readonly LayoutDecl[];
  readonly rings: readonly RingDecl[];
  /** Present when the body has `allow` items. */
  readonly allows?: readonly AllowDecl[];
}

export interface PciProperty extends Node {
  /** vendor | device | subsystem_vendor | subsystem | class | revision */
  readonly key: Ident;
  readonly value: Expr;
}
export interface PciDecl extends Node {
  readonly kind: 'pci';
  readonly properties: readonly PciProperty[];
}

export interface BarDecl extends Node {
  readonly kind: 'bar';
  readonly index: Expr;
  readonly name: Ident;
  /** 'mmio' | 'io' as written */
  readonly barKind: Ident;
  readonly size: Expr;
  /** `prefetchable`, `64bit` */
  readonly flags: readonly Ident[];
  readonly doc?: string;
  /** undefined: a BAR with no register map (raw memory such as ivshmem's BAR2). */
  readonly items?: readonly BlockItem[];
  /** Present when the body has `allow` items. */
  readonly allows?: readonly AllowDecl[];
}

export type BlockItem = RegisterDecl | BlockInstance;

export interface ArraySpec extends Node {
  readonly count: Expr;
  /** undefined: registers default to their width in bytes; blocks must give one. */
  readonly stride?: Expr;
}

export interface RegisterDecl extends Node {
  readonly kind: 'register';
  readonly name: Ident;
  readonly array?: ArraySpec;
  readonly offset: Expr;
  readonly width: Expr;
  readonly access: readonly AccessItem[];
  /** `split lo_hi` / `split hi_lo`: a 64-bit register accessed as two 32-bit halves in that order. */
  readonly split?: Ident;
  /** `shares REG`: another view of REG's storage (a set/clear pair over one mask, INTMS/INTMC). */
  readonly shares?: Path;
  readonly volatile: boolean;
  readonly reset?: Expr;
  readonly doc?: string;
  readonly fields: readonly (FieldDecl | ReservedDecl)[];
  /** Present when the body has `allow` items. */
  readonly allows?: readonly AllowDecl[];
}

export interface BitRange extends Node {
  readonly msb: Expr;
  /** undefined for a single bit `[n]` */
  readonly lsb?: Expr;
}

export interface InlineEnum extends Node {
  readonly kind: 'inline';
  readonly values: readonly EnumValue[];
}
export interface EnumRef extends Node {
  readonly kind: 'ref';
  readonly name: Ident;
}

/**
 * `enum by sct { generic: generic_status, media: media_status }`: the field's values are named by the
 * enum the selector field's value picks (NVMe 1.4 figure 125: SC by SCT). Keys are the selector enum's
 * value names.
 */
export interface EnumBy extends Node {
  readonly kind: 'by';
  readonly selector: Ident;
  /** The `{` of the case list (the formatter lays it out like an inline enum). */
  readonly listSpan: Span;
  readonly cases: readonly EnumByCase[];
}
export interface EnumByCase extends Node {
  readonly key: Ident;
  readonly enum: Ident;
}

export interface FieldDecl extends Node {
  readonly kind: 'field';
  readonly name: Ident;
  readonly bits: BitRange;
  readonly access: readonly AccessItem[];
  readonly volatile: boolean;
  readonly reset?: Expr;
  readonly enum?: InlineEnum | EnumRef | EnumBy;
  readonly doc?: string;
  /** `field … { allow …; }`: present when the field has a body with `allow` items. */
  readonly allows?: readonly AllowDecl[];
}

/** `reserved [15:8];` optionally `preserve` (write back what was read) or `ones` (write 1s). */
export interface ReservedDecl extends Node {
  readonly kind: 'reserved';
  readonly bits: BitRange;
  readonly policy?: Ident;
}

export interface BlockInstance extends Node {
  readonly kind: 'blockInstance';
  readonly name: Ident;
  readonly array?: ArraySpec;
  readonly offset: Expr;
  /** `: typeName` — a top-level block; or the inline body. Exactly one is set. */
  readonly type?: Ident;
  readonly items?: readonly BlockItem[];
  readonly doc?: string;
  /** Present when the inline body has `allow` items. */
  readonly allows?: readonly AllowDecl[];
}

// ---------------------------------------------------------------------------------------------------
// Interrupts: a group names the registers once; causes pick their bits (by field name or override).

/** How a cause is acknowledged: `ack w1c;` `ack w0c;` `ack w1t;` `ack rc;` `ack <path>;` (write 1 there), `ack none;` */
export interface AckDecl extends Node {
  readonly mode?: Ident;
  readonly target?: Path;
}
/** `enable <path>;` or `enable set <path> clear <path>;` */
export interface EnableDecl extends Node {
  readonly target?: Path;
  readonly set?: Path;
  readonly clear?: Path;
}
/** `vector intx;` `vector msi 0;` `vector msix 3;` */
export interface VectorDecl extends Node {
  readonly kind: Ident;
  readonly index?: Expr;
}
export interface InterruptSettings {
  readonly status?: Path;
  /** `status none;`: the vector itself is the cause (no status register: nothing to read or ack). */
  readonly noStatus?: Span;
  /** `ring RING;` (causes only): the cause is "new entries in RING" — one per ring of a ring array, on each ring's vector; no status register. */
  readonly ring?: Ident;
  readonly enable?: EnableDecl;
  readonly ack?: AckDecl;
  readonly test?: Path;
  readonly vector?: VectorDecl;
}
export interface CauseDecl extends Node, InterruptSettings {
  readonly name: Ident;
  readonly doc?: string;
}
/** `mask set <path> clear <path>;`: one mask, bit n masking vector n, written through a set/clear pair (NVMe INTMS/INTMC). */
export interface MaskDecl extends Node {
  readonly set: Path;
  readonly clear: Path;
}
export interface InterruptsDecl extends Node, InterruptSettings {
  readonly kind: 'interrupts';
  readonly mask?: MaskDecl;
  readonly name: Ident;
  readonly doc?: string;
  readonly causes: readonly CauseDecl[];
}

// ---------------------------------------------------------------------------------------------------
// DMA memory: layouts of words (same syntax as registers, keyword `word`) in host memory, and rings of them.
export interface LayoutDecl extends Node {
  readonly kind: 'layout';
  readonly name: Ident;
  readonly size: Expr;
  readonly align?: Expr;
  readonly doc?: string;
  readonly words: readonly RegisterDecl[];
  /** `owner <word.field> = <value>;` written last by publish(): the value hands the entry to the device. */
  readonly owner?: { readonly field: Path; readonly value: Expr; readonly span: Span };
  /** `done <word.field>;` set by the device when it has finished with the entry. */
  readonly done?: Path;
  /** `variant NAME { word …; }`: the entry as one command sees it (NVMe CDW10-15 per command). */
  readonly variants?: readonly VariantDecl[];
}

/** The words one variant of a layout adds to the shared ones. */
export interface VariantDecl extends Node {
  readonly name: Ident;
  readonly doc?: string;
  readonly words: readonly RegisterDecl[];
}

export interface RingDecl extends Node {
  readonly kind: 'ring';
  readonly name: Ident;
  /** `ring sq[y:queues]`: an array of `count` rings; `index` names each one's index in its paths and vector. */
  readonly array?: { readonly index: Ident; readonly count: Expr };
  readonly layout: Ident;
  readonly doc?: string;
  readonly count?: Expr;
  /** `count … max E;`: the count is a run-time argument of at most E (may read register fields). */
  readonly countMax?: Expr;
  /** register paths: the doorbell the driver writes, the head the device advances, base/length set-up */
  readonly tail?: Path;
  readonly head?: Path;
  readonly baseLo?: Path;
  readonly baseHi?: Path;
  readonly length?: Path;
  /** `phase WORD.FIELD;`: a completion ring whose new entries carry the phase tag the consumer expects. */
  readonly phase?: Path;
  /** `completes RING;`: the submission ring (array) whose commands this ring completes, element for element. */
  readonly completes?: Path;
  /** `vector msix E;` (E may use the ring index): the interrupt vector of each ring. */
  readonly vector?: { readonly kind: Ident; readonly index: Expr; readonly span: Span };
}
