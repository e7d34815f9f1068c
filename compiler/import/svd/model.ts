// What the importer prints: a small tree of .regs declarations with every name, offset and access
// decided, so print.ts only lays out text.

export interface OutArray {
  readonly count: number;
  readonly stride: number;
}

export interface OutEnumValue {
  readonly name: string;
  readonly value: bigint;
  readonly doc: string;
}

export interface OutField {
  readonly name: string;
  readonly msb: number;
  readonly lsb: number;
  /** Access text (`w1c`, `sw=w onwrite=w1c`); empty when the field follows its register. */
  readonly access: string;
  readonly enumValues: readonly OutEnumValue[];
  readonly doc: string;
}

export interface OutRegister {
  readonly kind: 'register';
  readonly name: string;
  readonly array?: OutArray;
  readonly offset: number;
  readonly width: 8 | 16 | 32 | 64;
  readonly access: string;
  readonly volatile: boolean;
  readonly reset: bigint;
  readonly doc: string;
  readonly fields: readonly OutField[];
  /** `//` lines printed above the declaration. */
  readonly comments: readonly string[];
}

export interface OutBlock {
  readonly kind: 'block';
  readonly name: string;
  readonly array?: OutArray;
  readonly offset: number;
  readonly doc: string;
  /** A top-level block type (peripherals) or an inline body (clusters). */
  readonly type?: string;
  readonly items?: readonly OutItem[];
  readonly comments: readonly string[];
}

export type OutItem = OutRegister | OutBlock;

export interface OutBlockType {
  readonly name: string;
  readonly doc: string;
  readonly items: readonly OutItem[];
  readonly comments: readonly string[];
}

export interface OutSpec {
  /** Comment lines at the top of the file. */
  readonly header: readonly string[];
  readonly blockTypes: readonly OutBlockType[];
  readonly device: {
    readonly name: string;
    readonly doc: string;
    readonly pci?: { readonly vendor: number; readonly device: number };
    readonly docs: readonly string[];
    /** One mmio BAR per dense address range (an MCU's sparse map would not fit one window). */
    readonly bars: readonly OutBar[];
  };
}

export interface OutBar {
  readonly index: number;
  readonly name: string;
  readonly size: number;
  readonly doc: string;
  readonly items: readonly OutItem[];
}
