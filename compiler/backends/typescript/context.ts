// State shared while emitting one device's module: the names taken, the core imports used, and the
// generated constants of each register definition (so interrupt groups and blocks can reuse them).
import type { IrDevice, IrRegister } from '../../ir/ir.js';
import { Scope } from './names.js';

/** Everything runtime/registers/index.ts exports that generated code may import. */
const CORE_VALUES = [
  'enumeration', 'flag', 'uint', 'enumField', 'flag64', 'uint64', 'wide64', 'enumField64',
  'layout', 'layout64', 'Register', 'RegisterArray', 'Register64', 'Register64Array',
  'Register8', 'Register16', 'Register32', 'RegisterArray8', 'RegisterArray16', 'RegisterArray32',
  'requireSize', 'encodeField', 'BlockArray', 'InterruptGroup', 'TestableInterruptGroup', 'DmaView', 'DmaReadView', 'Ring', 'PhaseTagRing', 'runtimeStride', 'elementsInside', 'ringCount', 'ringIndex', 'dmaEntry', 'dmaWord', 'dmaWord64', 'dmaWords',
  'dmaWrite64', 'dmaValue64', 'dmaClosed', 'enumBy', 'RingVariant', 'EntryFields', 'EntryWords',
] as const;
const CORE_TYPES = [
  'Mmio', 'EnumValue', 'Readable', 'ReadsAndClears', 'ReadsAndSets', 'ReadsWithSideEffects', 'Writable',
  'Modifiable', 'Acks', 'Clears', 'HasFields', 'Sized', 'Indexed', 'Word', 'WordArray', 'WordValue', 'DmaLayoutSpec', 'ComposeInput', 'RegisterLayout', 'RingDoorbell', 'MmioViews', 'EntryFieldsSpec', 'EntryWordsSpec',
] as const;
export type CoreValue = (typeof CORE_VALUES)[number];
export type CoreType = (typeof CORE_TYPES)[number];

/** The generated names for one register definition. */
export interface RegisterNames {
  /** Field-set constant (`Ctrl`): `Ctrl.mode.get(raw)`; the shared one's name when fields are shared. */
  readonly fields: string;
  /** Module-private layout: a block's or BAR's group member (`blkLayouts.ctrl`), or a constant (`ctrlLayout`). */
  readonly layout: string;
  /** Exported capability type (`CtrlRegister`). */
  readonly type: string;
}

export class EmitContext {
  readonly scope = new Scope([...CORE_VALUES, ...CORE_TYPES, 'device', 'Object', 'Array', 'Number', 'String', 'Error', 'RangeError']);
  private readonly values = new Set<string>();
  private readonly types = new Set<string>();
  /** IR enum name → generated constant (the first one with the same values, which it is exported as). */
  readonly enums = new Map<string, string>();
  readonly registers = new Map<IrRegister, RegisterNames>();
  /** Enum values key → the first enum constant emitted with them (registers.ts shares it). */
  readonly enumsByValues = new Map<string, string>();
  /** Field-set key → the first field-set constant emitted with those fields (registers.ts). */
  readonly fieldSets = new Map<string, string>();
  /** Capability type text → the first register type declared as it (registers.ts). */
  readonly capabilityTypes = new Map<string, string>();
  /** Field-shape key → the composer emitted for it (compose.ts). */
  readonly composers = new Map<string, string>();
  /** BAR index → its generated class (classes.ts), for rings bound to the BAR's registers. */
  readonly barClasses = new Map<number, string>();
  /** Field shape, width and masks → the modify routine emitted for it (compose.ts). */
  readonly modifiers = new Map<string, string>();
  /** DMA view class → its entry writer (rings' layouts only) and publish-values type (dma.ts). */
  readonly dmaEntries = new Map<string, { readonly entry: string | undefined; readonly values: string }>();

  constructor(readonly device: IrDevice) {}

  value(name: CoreValue): string {
    this.values.add(name);
    return name;
  }
  type(name: CoreType): string {
    this.types.add(name);
    return name;
  }
  /** The core names used, values first, for the import declaration. */
  importNames(): string[] {
    return [...[...this.values].sort(), ...[...this.types].sort().map((t) => `type ${t}`)];
  }
}
