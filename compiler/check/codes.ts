import type { CodeInfo } from '../diagnostics/codes.js';
// Checker and lowering diagnostics: RM02xx (names, imports, constants), RM03xx (layout: offsets,
// widths, overlaps), RM04xx (access, reset, enums), RM05xx (interrupts), RM06xx (DMA layouts, rings).
// `codes` names every code for the modules that report it; `checkCodes` is the table the docs list.

const table = {
  // Names, imports, constants
  duplicateName: ['RM0201', 'error', 'duplicate name'],
  unknownConstant: ['RM0202', 'error', 'unknown constant'],
  unknownEnum: ['RM0203', 'error', 'unknown enum type'],
  unknownBlock: ['RM0204', 'error', 'unknown block type'],
  unknownLayout: ['RM0205', 'error', 'unknown layout'],
  importNotFound: ['RM0206', 'error', 'imported file not found or unreadable'],
  importCycle: ['RM0207', 'error', 'import cycle'],
  importNotText: ['RM0208', 'error', 'imported file is not UTF-8 text'],
  divisionByZero: ['RM0209', 'error', 'division by zero in a constant expression'],
  negativeValue: ['RM0210', 'error', 'negative value where a size, offset or count is expected'],
  valueTooLarge: ['RM0211', 'error', 'value too large'],
  constantCycle: ['RM0212', 'error', 'constant defined in terms of itself'],
  blockCycle: ['RM0213', 'error', 'block type contains itself'],
  unknownPciKey: ['RM0214', 'error', 'unknown pci key'],
  missingPciId: ['RM0215', 'error', 'pci block without vendor or device id'],
  pciIdRange: ['RM0216', 'error', 'pci id out of range'],
  unknownBarKeyword: ['RM0217', 'error', 'unknown BAR kind or flag'],
  // Layout: BARs, offsets, widths, extents, overlaps
  barIndexRange: ['RM0301', 'error', 'BAR index out of range 0..5'],
  duplicateBarIndex: ['RM0302', 'error', 'two BARs with the same index'],
  bar64Overlap: ['RM0303', 'error', '64-bit BAR overlaps the next BAR index'],
  barSizePow2: ['RM0304', 'error', 'BAR size not a power of two'],
  registerWidth: ['RM0305', 'error', 'register width not 8, 16, 32 or 64'],
  misalignedOffset: ['RM0306', 'error', 'offset not a multiple of the register size'],
  outsideBar: ['RM0307', 'error', 'register or block outside its BAR'],
  overlap: ['RM0308', 'error', 'overlapping registers or blocks'],
  strideTooSmall: ['RM0309', 'error', 'array stride smaller than its element'],
  missingStride: ['RM0310', 'error', 'block array without a stride'],
  emptyArray: ['RM0311', 'error', 'array count less than 1'],
  // Access, fields, reset values, enums
  unknownAccess: ['RM0401', 'error', 'unknown access type'],
  contradictoryAccess: ['RM0402', 'error', 'contradictory access'],
  preserveUnreadable: ['RM0403', 'error', "'preserve' reserved bits in a register that cannot be read"],
  fieldOutsideRegister: ['RM0404', 'error', 'field outside the register width'],
  fieldBitOrder: ['RM0405', 'error', 'field msb less than lsb'],
  fieldOverlap: ['RM0406', 'error', 'overlapping fields'],
  reservedOverlap: ['RM0407', 'error', 'reserved bits overlap a field'],
  resetTooWide: ['RM0408', 'error', 'reset value does not fit the register'],
  fieldResetTooWide: ['RM0409', 'error', 'reset value does not fit the field'],
  resetDisagrees: ['RM0410', 'error', 'register reset disagrees with a field reset'],
  enumValueTooWide: ['RM0411', 'error', 'enum value does not fit the field'],
  duplicateEnumValue: ['RM0412', 'warning', 'two enum names with the same value'],
  unknownReservedPolicy: ['RM0413', 'error', 'unknown reserved policy'],
  sideEffectMix: ['RM0414', 'warning', 'register mixes w1c/rc fields with read-write fields'],
  volatileReadWrite: ['RM0415', 'warning', 'read-write field in a volatile register'],
  // Interrupts
  pathNotFound: ['RM0501', 'error', 'interrupt or ring path not found'],
  causeBitMissing: ['RM0502', 'error', 'cause has no bit in the named register'],
  missingStatus: ['RM0503', 'error', 'cause without a status bit'],
  ackAccess: ['RM0504', 'error', 'ack mode does not match the status field access'],
  enableAccess: ['RM0505', 'error', 'enable bit is not read-write'],
  notWritable: ['RM0506', 'error', 'interrupt register not writable'],
  unknownVector: ['RM0507', 'error', 'unknown interrupt vector kind'],
  vectorRange: ['RM0508', 'error', 'interrupt vector index out of range'],
  unknownAckMode: ['RM0509', 'error', 'unknown ack mode'],
  arrayPath: ['RM0510', 'error', 'path through an array without a valid index'],
  ambiguousPath: ['RM0511', 'error', 'path names registers in more than one BAR'],
  // DMA layouts and rings
  wordOutsideLayout: ['RM0601', 'error', 'layout word outside the layout size'],
  wordOverlap: ['RM0602', 'error', 'overlapping layout words'],
  alignPow2: ['RM0603', 'error', 'layout alignment not a power of two'],
  unknownLayoutField: ['RM0604', 'error', 'owner/done field not found in the layout'],
  ownerValueTooWide: ['RM0605', 'error', 'owner value does not fit its field'],
  ringNotRegister: ['RM0606', 'error', 'ring path does not name a whole register'],
  wordAccess: ['RM0607', 'error', 'layout word with an access other than rw'],
} as const satisfies Record<string, readonly [string, 'error' | 'warning', string]>;

export type CodeName = keyof typeof table;

/** Code string by name, e.g. `codes.overlap` === 'RM0308'. */
export const codes = Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v[0]])) as {
  readonly [K in CodeName]: (typeof table)[K][0];
};

export const severityOf = (name: CodeName): 'error' | 'warning' => table[name][1];

export const checkCodes: readonly CodeInfo[] = Object.values(table).map(([code, severity, title]) => ({
  code,
  severity,
  title,
}));
