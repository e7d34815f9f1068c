// Every diagnostic code, in one table of one shape: name → [code, severity, title, example message].
// Syntax codes are RM01xx (RM010x lexer and token text, RM011x grammar, RM012x limits that keep hostile
// input cheap); resolve and check codes are RM02xx (names, imports, constants, `allow`), RM03xx
// (layout: offsets, widths, overlaps), RM04xx (access, reset, enums), RM05xx (interrupts), RM06xx (DMA
// layouts, rings). Phases report by name (reporter.ts), so the severity always comes from this table;
// docs/language.md's diagnostics table is generated from it (check/docTable.ts).

const table = {
  // Syntax: lexer and token text
  unexpectedCharacter: ['RM0101', 'error', 'unexpected character', "unexpected character '$'"],
  unterminatedString: ['RM0102', 'error', 'unterminated string', 'unterminated string: missing \'"\' before the end of the line'],
  unterminatedComment: ['RM0103', 'error', 'unterminated block comment', "unterminated block comment: '/*' has no matching '*/'"],
  malformedNumber: ['RM0104', 'error', 'malformed number', "malformed number '0x1g' (write 42, 0x2a, 0b101010 or 4K; '_' only between digits)"],
  unknownEscape: ['RM0105', 'error', 'unknown escape in string', "unknown escape '\\q' in string (use \\\" \\\\ or \\n)"],
  bidiControl: ['RM0106', 'warning', 'bidirectional control character in a string', 'string contains U+202E (RIGHT-TO-LEFT OVERRIDE), which makes text display in another order than it is read (Trojan Source); generated files show it as \\u202E'],
  // Syntax: grammar
  unexpectedToken: ['RM0110', 'error', 'unexpected token', "expected ';' after register declaration, found 'field'"],
  notAllowedHere: ['RM0111', 'error', 'declaration not allowed here', "'word' is not allowed here ('word' is only for DMA layouts: write 'register')"],
  strideTwice: ['RM0112', 'error', 'stride given twice', 'stride given twice (once after the count, once after the offset)'],
  duplicateSetting: ['RM0113', 'error', 'duplicate setting', "interrupts group 'irq' gives 'status' more than once"],
  // Syntax: limits
  tooManyErrors: ['RM0120', 'error', 'too many syntax errors', 'too many syntax errors (more than 50); stopped reporting'],
  nestingTooDeep: ['RM0121', 'error', 'nesting too deep', 'nesting too deep (more than 100 open brackets)'],
  expressionTooLong: ['RM0122', 'error', 'expression too long', 'expression too long (1001 operators; at most 1000)'],
  // Names, imports, constants
  duplicateName: ['RM0201', 'error', 'duplicate name', "duplicate register name 'a'; rename one of them"],
  unknownConstant: ['RM0202', 'error', 'unknown constant', "unknown constant 'BASE'; did you mean 'Base'?"],
  unknownEnum: ['RM0203', 'error', 'unknown enum type', "unknown enum 'modes'"],
  unknownBlock: ['RM0204', 'error', 'unknown block type', "unknown block type 'queue'"],
  unknownLayout: ['RM0205', 'error', 'unknown layout', "unknown layout 'desc'"],
  importNotFound: ['RM0206', 'error', 'spec or imported file not found or unreadable', "cannot read 'common.regs': no such file"],
  importCycle: ['RM0207', 'error', 'import cycle', "import cycle: a.regs → b.regs → a.regs; remove one of these imports"],
  importNotText: ['RM0208', 'error', 'spec or imported file is not UTF-8 text', "'blob.regs' is not a text file (a NUL byte at character 4); a spec is UTF-8 text"],
  divisionByZero: ['RM0209', 'error', 'division by zero in a constant expression', "division by zero: the right operand of '/' is 0"],
  negativeValue: ['RM0210', 'error', 'negative value where a size, offset or count is expected', "offset is negative (-4); it must be 0 or more"],
  valueTooLarge: ['RM0211', 'error', 'value too large', "array count 0x10000000000 is too large (at most 0x100000000)"],
  constantCycle: ['RM0212', 'error', 'constant defined in terms of itself', "constant 'C' is defined in terms of itself (C → B → C)"],
  blockCycle: ['RM0213', 'error', 'block type contains itself', "block type 'a' contains itself (a → a); a block cannot be nested in itself"],
  unknownPciKey: ['RM0214', 'error', 'unknown pci key', "unknown pci key 'vendr'; expected one of vendor, device, subsystem_vendor, subsystem, class, revision"],
  missingPciId: ['RM0215', 'error', 'pci block without vendor or device id', "pci block of device 'd' has no device; add 'device = 0x…;'"],
  pciIdRange: ['RM0216', 'error', 'pci id out of range', "pci vendor 0x18086 does not fit 16 bits (at most 0xffff)"],
  unknownBarKeyword: ['RM0217', 'error', 'unknown BAR kind or flag', "unknown BAR kind 'memory'; expected mmio or io"],
  ioBarFlag: ['RM0218', 'error', 'prefetchable or 64bit on an I/O BAR', "I/O BAR 'ports' cannot be 64bit; only memory (mmio) BARs are prefetchable or 64-bit"],
  // Acknowledged warnings (`allow CODE "reason";`)
  unknownAllowCode: ['RM0219', 'error', 'unknown code in allow', "unknown diagnostic code 'RM0441' in allow; did you mean 'RM0414'? (warnings that can be allowed: RM0106, RM0412, RM0414, RM0415, RM0609)"],
  allowNotAllowable: ['RM0220', 'error', 'allow names a code that cannot be allowed', "RM0308 (overlapping registers or blocks) is an error, and errors cannot be allowed: fix the spec instead"],
  allowWithoutReason: ['RM0221', 'error', 'allow with an empty reason', "allow RM0414 has an empty reason; say why the warning is accepted"],
  unusedAllow: ['RM0222', 'warning', 'unused allow', "unused allow RM0414: register 'a' has no RM0414 warning; remove it"],
  // Whole files
  noDevice: ['RM0223', 'warning', 'spec without a device: nothing generated', "no device in 'lib.regs': nothing to generate (a file without a device is only useful to import)"],
  fieldNotConstant: ['RM0230', 'error', 'register field where a constant is expected', "'cap.dstrd' is a register field; only an array stride or a ring's 'count max' may read the device (everything else is a constant)"],
  // Layout: BARs, offsets, widths, extents, overlaps
  barIndexRange: ['RM0301', 'error', 'BAR index out of range 0..5', "BAR index 6 is out of range; a PCI function has BARs 0 to 5"],
  duplicateBarIndex: ['RM0302', 'error', 'two BARs with the same index', "BAR 'a' already uses index 0; choose another index"],
  bar64Overlap: ['RM0303', 'error', '64-bit BAR overlaps the next BAR index', "64-bit BAR 'e' occupies indices 2 and 3, so BAR 'f' cannot use index 3"],
  barSizePow2: ['RM0304', 'error', 'BAR size not a power of two', "BAR 'b' size 0x300 is not a power of two; use 0x400 (PCI BAR sizes are powers of two)"],
  registerWidth: ['RM0305', 'error', 'register width not 8, 16, 32 or 64', "register 'a' is 24 bits wide; the width must be 8, 16, 32 or 64"],
  misalignedOffset: ['RM0306', 'error', 'offset not a multiple of the register size', "register 'b' at 0x6 is not aligned to its 4-byte size; use 0x4 or 0x8"],
  outsideBar: ['RM0307', 'error', 'register or block outside its BAR', "the last element of register array 'ral' (ral[15]) ends at 0x101b, outside BAR 'regs' of size 0x1000 (last offset 0xfff)"],
  overlap: ['RM0308', 'error', 'overlapping registers or blocks', "register 'b' at 0x10..0x13 overlaps 'a' at 0x10..0x17"],
  strideTooSmall: ['RM0309', 'error', 'array stride smaller than its element', "stride 0x2 of 'g' is smaller than its 0x4-byte element, so elements overlap; use a stride of at least 0x4"],
  missingStride: ['RM0310', 'error', 'block array without a stride', "block array 'h' needs a stride: write 'h[…] stride BYTES'"],
  emptyArray: ['RM0311', 'error', 'array count less than 1', "array 'i' has 0 elements; give at least 1"],
  barTooLargeForWasm: ['RM0312', 'error', 'BARs too large for one wasm device window (build only)', "BAR 0 (periph) of chip does not fit a 4 GiB wasm32 device window after the reserved first page (it would end at 0x100010000); build without --emit wasm for this device"],
  wasmModuleTooLarge: ['RM0313', 'error', 'a wasm module too large to build: too many routines, or register accesses written out one by one (build only)', "device big needs 43510 wasm routines, more than the 10000 one module is built with (asc and binaryen take minutes beyond that); leave wasm out of --emit (e.g. --emit ts,c,docs,ir) or set REGMILL_WASM_MAX_ROUTINES"],
  registerSplit: ['RM0314', 'error', "'split' on a register that is not a 64-bit device register, or an unknown order", "'split' is only for 64-bit registers: 'cc' is 32 bits wide (it is one access already)"],
  sharedStorage: ['RM0315', 'error', "'shares' names no register of the same width beside this one", "'intmc' shares 'intms', but no register 'intms' is declared beside it (in the same BAR or block)"],
  // Access, fields, reset values, enums
  unknownAccess: ['RM0401', 'error', 'unknown access type', "unknown access 'rx'; expected one of rw, ro, r, wo, w, na, rc, rs, w1c, … or sw=/onread=/onwrite="],
  contradictoryAccess: ['RM0402', 'error', 'contradictory access', "contradictory access: 'ro' forbids writing but 'w1c' is a write effect; drop 'ro'"],
  preserveUnreadable: ['RM0403', 'error', "'preserve' reserved bits in a register that cannot be read", "'preserve' writes back what was read, but 'a' cannot be read; use 'ones' or drop the policy (write the reset value)"],
  fieldOutsideRegister: ['RM0404', 'error', 'field outside the register width', "field 'x' [40] is outside the 32-bit register 'b' (bits 31..0)"],
  fieldBitOrder: ['RM0405', 'error', 'field msb less than lsb', "bit range [0:3] is reversed: write the most significant bit first, [3:0]"],
  fieldOverlap: ['RM0406', 'error', 'overlapping fields', "field 'y' [5:2] overlaps field 'x' [3:0] in 'c'"],
  reservedOverlap: ['RM0407', 'error', 'reserved bits overlap a field', "reserved [9:4] overlaps field 'y' [5:2] in 'c'"],
  resetTooWide: ['RM0408', 'error', 'reset value does not fit the register', "reset value 0x1ff does not fit the 8-bit register 'e' (at most 0xff)"],
  fieldResetTooWide: ['RM0409', 'error', 'reset value does not fit the field', "reset value 0x4 does not fit the 2-bit field 'm' (at most 0x3)"],
  resetDisagrees: ['RM0410', 'error', 'register reset disagrees with a field reset', "field 'm' resets to 0x1 but the reset 0x0 of 'g' gives it 0x0; make them agree or drop one"],
  enumValueTooWide: ['RM0411', 'error', 'enum value does not fit the field', "enum value 'b' = 0x4 does not fit the 2-bit field 'm' (at most 0x3)"],
  duplicateEnumValue: ['RM0412', 'warning', 'two enum names with the same value', "enum value 'c' = 0x0 repeats the value of 'a'; decoding will always report 'a'"],
  unknownReservedPolicy: ['RM0413', 'error', 'unknown reserved policy', "unknown reserved policy 'zeros'; expected preserve, ones or reset"],
  sideEffectMix: ['RM0414', 'warning', 'register mixes w1c/rc fields with read-write fields', "register 'st' mixes w1c field 'done' with read-write field 'en': a read-modify-write of 'en' must not write back 'done'; generated modify() writes 0 there — consider splitting the register"],
  volatileReadWrite: ['RM0415', 'warning', 'read-write field in a volatile register', "field 'go' is read-write but register 'dma' is volatile: modify() of another field writes back a value read earlier and can undo a change the hardware made in between; …"],
  enumSelectorMissing: ['RM0416', 'error', "'enum by' selector is not a field of the same register", "field 'sc' is named by 'sctx', which is not a field of word 'dw3'; the selector is another field of the same register or word"],
  enumSelectorNotEnum: ['RM0417', 'error', "'enum by' selector has no enum", "selector 'sct' of field 'sc' has no enum: its value names are the keys of 'enum by'; give 'sct' an enum"],
  enumCaseKey: ['RM0418', 'error', "'enum by' key is not a value of the selector's enum, or is given twice", "'medai' is not a value of enum 'status_code_type' (the enum of selector 'sct'); did you mean 'media'?"],
  enumCaseTooWide: ['RM0419', 'error', "an 'enum by' table does not fit the field", "enum 'media_status' (case 'media') value 'x' = 0x100 does not fit the 8-bit field 'sc' (at most 0xff)"],
  // Exports (IP-XACT, SVD): what a format cannot say, reported while the back end writes it
  enumByNotExported: ['RM0420', 'warning', "an 'enum by' field exported without value names (IP-XACT, SVD)", "SVD cannot say that the value names of field 'sc' depend on field 'sct' ('enum by'): exported without enumeratedValues, its tables in the description"],
  // Interrupts
  pathNotFound: ['RM0501', 'error', 'interrupt or ring path not found', "no register or block 'nope' in BAR 'regs'"],
  causeBitMissing: ['RM0502', 'error', 'cause has no bit in the named register', "cause 'c' has no status bit: register 'icr' has no field 'c'; add field 'c' to 'icr' or write 'status icr.FIELD' after the cause's name"],
  missingStatus: ['RM0503', 'error', 'cause without a status bit', "cause 'z' has no status bit; add 'status REG;' to group 'g2' or 'status REG.FIELD' to the cause, or, when the vector itself is the cause, 'ring RING' (new entries in that ring) or 'status none'"],
  ackAccess: ['RM0504', 'error', 'ack mode does not match the status field access', "'ack w1c' needs a w1c or w1t status bit, but 'st.a' (cause 'f') is ro; fix the field's access or the ack mode"],
  enableAccess: ['RM0505', 'error', 'enable bit is not read-write', "enable bit 'ro_en.a' of cause 'h' is ro; it must be rw (or use 'enable set REG clear REG')"],
  notWritable: ['RM0506', 'error', 'interrupt register not writable', "test bit 'st.a' of cause 'h' is ro; it must be writable"],
  unknownVector: ['RM0507', 'error', 'unknown interrupt vector kind', "unknown vector kind 'msx'; expected intx, msi or msix"],
  vectorRange: ['RM0508', 'error', 'interrupt vector index out of range', "MSI-X vector 2048 is out of range 0..2047"],
  unknownAckMode: ['RM0509', 'error', 'unknown ack mode', "unknown ack mode 'w2c'; expected w1c, w1t, w0c, rc, none or a REGISTER.FIELD to write 1 to"],
  arrayPath: ['RM0510', 'error', 'interrupt or ring path through an array', "'q' is an array; interrupt and ring paths must name a single register outside any array"],
  ambiguousPath: ['RM0511', 'error', 'path names registers in more than one BAR', "'x' is in BARs 'regs' and 'more'; write the BAR name first, e.g. regs.x"],
  statuslessCause: ['RM0512', 'error', "a cause without status ('ring', 'status none') given a status, an ack, or a ring without vector", "ring 'cq' has no 'vector', so cause 'cq' has no interrupt to be; add 'vector msix y;' to ring 'cq'"],
  interruptMask: ['RM0513', 'error', "'mask set REG clear REG' that is not one w1s/w1c mask over shared storage", "mask registers 'intms' and 'intmc' are one mask, but they are declared as two storages; write 'shares intms' on register 'intmc'"],
  // DMA layouts and rings
  wordOutsideLayout: ['RM0601', 'error', 'layout word outside the layout size', "word 'st' at 0xe..0x11 is outside layout 'desc' of size 0x10"],
  wordOverlap: ['RM0602', 'error', 'overlapping layout words', "word 'cmd' at 0x9..0x9 overlaps 'len' at 0x8..0x9"],
  alignPow2: ['RM0603', 'error', 'layout alignment not a power of two', "alignment 12 of layout 'desc' is not a power of two"],
  unknownLayoutField: ['RM0604', 'error', 'owner/done field not found in the layout', "word 'st' of layout 'desc' has no field 'ready'"],
  ownerValueTooWide: ['RM0605', 'error', 'owner value does not fit its field', "owner value 0x2 does not fit the 1-bit field 'st.dd' (at most 0x1)"],
  ringNotRegister: ['RM0606', 'error', 'ring path does not name a whole register', "ring tail must name a whole register; remove '.v'"],
  wordAccess: ['RM0607', 'error', 'layout word with an access other than rw or ro', "layout words are memory: read-write, or 'ro' when only the device writes them; remove the access"],
  deviceWrittenWord: ['RM0608', 'error', 'owner or done that a device-written (ro) word makes meaningless', "owner 'dw3.p' is in word 'dw3', which only the device writes (ro); software cannot hand the entry over through it"],
  variantGap: ['RM0609', 'warning', 'a variant published by a ring leaves bytes of the entry unnamed', "variant 'identify' of layout 'sqe' leaves bytes 0x30..0x3f unnamed, so publishing it through ring 'sq' keeps what an earlier entry left there; name them (e.g. 'word cdw12 @ 48 : 32 \"Reserved\";')"],
  phaseTag: ['RM0620', 'error', 'phase tag not a single bit, or a phase ring with a producer register', "phase tag 'dw3.p' of ring 'cq' is 2 bits wide; a phase tag is one bit"],
  ringIndexRange: ['RM0621', 'error', 'ring array element out of range', "ring sq[64] would use doorbell[128], but 'doorbell' has 128 elements (0..127)"],
  ringIndexForm: ['RM0622', 'error', 'ring array index not of the form A * INDEX + B', "the element index of ring 'sq' must be A * y + B (constants A, B ≥ 0); 'y * y' is not"],
  runtimeRead: ['RM0623', 'error', 'run-time expression reads a field it may not', "stride of 'doorbell' reads 'isr.pending', which is read-to-clear; a run-time stride or bound reads a field without a read side effect"],
  runtimeStridePlace: ['RM0624', 'error', 'register placed after a run-time stride array', "register 'x' at 0x2000 is after 'doorbell' (stride 4 << cap.dstrd, from 0x1000), which grows with its stride; put it before 0x1000"],
  ringPairing: ['RM0625', 'error', "'completes' does not name a matching submission ring", "ring 'cq' completes 'sq', but 'sq' has 8 rings and 'cq' 65; give both the same count"],
} as const satisfies Record<string, readonly [string, 'error' | 'warning', string, string]>;

export interface CodeInfo {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly title: string;
}

export type CodeName = keyof typeof table;

/** Code string by name, e.g. `codes.overlap` === 'RM0308'. */
export const codes = Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v[0]])) as {
  readonly [K in CodeName]: (typeof table)[K][0];
};

export const severityOf = (name: CodeName): 'error' | 'warning' => table[name][1];

/** Every code with its severity and title, in table order (syntax first). */
export const allCodes: readonly CodeInfo[] = Object.values(table).map(([code, severity, title]) => ({ code, severity, title }));

/** An example message per code (as the tests see them), for the diagnostics table in docs/language.md. */
export const examples: ReadonlyMap<string, string> = new Map(Object.values(table).map(([code, , , example]) => [code, example]));

/** The table split by phase (RM01xx is the parser's), for the tests that hold each phase to its range. */
const isSyntax = (code: string): boolean => code.startsWith('RM01');
export const syntaxCodes: readonly CodeInfo[] = allCodes.filter((c) => isSyntax(c.code));
export const checkCodes: readonly CodeInfo[] = allCodes.filter((c) => !isSyntax(c.code));
export const syntaxExamples: ReadonlyMap<string, string> = new Map([...examples].filter(([c]) => isSyntax(c)));
export const checkExamples: ReadonlyMap<string, string> = new Map([...examples].filter(([c]) => !isSyntax(c)));
