// Reads every readable register of one BAR through an Mmio and decodes its fields, for `regmill dump`.
// Knows only the IR and the Mmio interface. Never reads a register whose read has a side effect
// (rc/rs) unless asked, never reads write-only registers, and caps arrays (a million-element array
// shows its first elements and a note, not a million lines).
import type { IrBar, IrDevice, IrEnum, IrNode, IrRegister } from '../../../compiler/ir/ir.js';
import type { Mmio } from '../../../runtime/registers/mmio.js';

export interface DecodeOptions {
  /** Also read registers whose read clears or sets bits. */
  readonly includeRc?: boolean;
  /** Elements shown per array (default 16). */
  readonly maxElements?: number;
}

export interface DecodedField {
  readonly name: string;
  readonly lsb: number;
  readonly width: number;
  readonly value: bigint;
  /** The enum value's name, when the field has an enum and the value is one of its values. */
  readonly enumName?: string;
}

export interface DumpRow {
  readonly offset: number;
  readonly path: string;
  readonly width: 8 | 16 | 32 | 64;
  /** undefined when the register was deliberately not read (see `skipped`). */
  readonly value?: bigint;
  readonly fields: readonly DecodedField[];
  readonly skipped?: string;
}

export interface BarDump {
  readonly bar: IrBar;
  readonly rows: readonly DumpRow[];
  /** Arrays shown partially, write-only registers left out. */
  readonly notes: readonly string[];
}

export const DEFAULT_MAX_ELEMENTS = 16;

function readRaw(io: Mmio, offset: number, width: 8 | 16 | 32 | 64): bigint {
  switch (width) {
    case 8: return BigInt(io.read8(offset));
    case 16: return BigInt(io.read16(offset));
    case 32: return BigInt(io.read32(offset) >>> 0);
    case 64: return BigInt.asUintN(64, io.read64(offset));
  }
}

/** The fields a read shows (readable ones), decoded from a raw value. */
export function decodeFields(device: IrDevice, reg: IrRegister, raw: bigint): DecodedField[] {
  const enums = new Map<string, IrEnum>(device.enums.map((e) => [e.name, e]));
  const out: DecodedField[] = [];
  for (const f of reg.fields) {
    if (f.sw !== 'r' && f.sw !== 'rw') continue;
    const value = (raw >> BigInt(f.lsb)) & ((1n << BigInt(f.width)) - 1n);
    const e = f.enum ? enums.get(f.enum) : undefined;
    const name = e?.values.find((v) => BigInt(v.value) === value)?.name;
    out.push({ name: f.name, lsb: f.lsb, width: f.width, value, ...(name ? { enumName: name } : {}) });
  }
  return out;
}

/** Reads and decodes every readable register of `bar` (addresses absolute within the BAR). */
export function dumpBar(device: IrDevice, bar: IrBar, io: Mmio, options: DecodeOptions = {}): BarDump {
  const max = options.maxElements ?? DEFAULT_MAX_ELEMENTS;
  const types = new Map(device.blockTypes.map((t) => [t.name, t]));
  const rows: DumpRow[] = [];
  const notes: string[] = [];
  const writeOnly: string[] = [];
  const capped = new Set<string>();

  const visit = (nodes: readonly IrNode[], base: number, prefix: string): void => {
    for (const node of [...nodes].sort((a, b) => a.offset - b.offset)) {
      const count = node.array?.count ?? 1;
      const shown = Math.min(count, max);
      const size = node.kind === 'register' ? node.width / 8 : (types.get(node.type)?.size ?? 0);
      const stride = node.array?.stride ?? size;
      const generic = `${prefix.replace(/\[\d+\]/g, '[]')}${node.name}`;
      if (count > shown && !capped.has(generic)) {
        capped.add(generic);
        notes.push(`${generic}: showing ${shown} of ${count} elements${prefix ? ' per instance' : ''} (--max-elements N shows more)`);
      }
      for (let i = 0; i < shown; i++) {
        const name = node.array ? `${prefix}${node.name}[${i}]` : `${prefix}${node.name}`;
        const offset = base + node.offset + i * stride;
        if (node.kind === 'block') {
          const t = types.get(node.type);
          if (!t) throw new Error(`IR of ${device.name}: block type '${node.type}' is missing`);
          visit(t.nodes, offset, `${name}.`);
          continue;
        }
        if (!node.ops.read) {
          const key = node.array ? `${generic}[]` : generic;
          if (!writeOnly.includes(key)) writeOnly.push(key);
          continue;
        }
        if (node.ops.readHasSideEffect && !options.includeRc) {
          const effect = node.fields.some((f) => f.onRead === 'clear') ? 'clears' : 'sets';
          rows.push({ offset, path: name, width: node.width, fields: [], skipped: `not read (a read ${effect} it; --include-rc)` });
          continue;
        }
        const value = readRaw(io, offset, node.width);
        rows.push({ offset, path: name, width: node.width, value, fields: node.implicitField ? [] : decodeFields(device, node, value) });
      }
    }
  };
  visit(bar.nodes, 0, '');
  if (writeOnly.length) notes.push(`write-only, not read: ${writeOnly.join(', ')}`);
  return { bar, rows, notes };
}

function hex(v: bigint, digits = 0): string {
  return '0x' + v.toString(16).padStart(digits, '0');
}

function fieldText(f: DecodedField): string {
  const v = f.width === 1 ? f.value.toString() : hex(f.value);
  return f.enumName ? `${f.name}=${f.enumName}(${v})` : `${f.name}=${v}`;
}

/** Aligned text: offset, register, raw value, decoded fields. */
export function formatDump(dump: BarDump, title: string): string {
  const offDigits = Math.max(4, (dump.bar.size - 1).toString(16).length);
  const cells = dump.rows.map((r) => [
    hex(BigInt(r.offset), offDigits),
    r.path,
    r.value === undefined ? '-' : hex(r.value, r.width / 4),
    r.skipped ?? r.fields.map(fieldText).join('  '),
  ]);
  const head = ['offset', 'register', 'value', 'fields'];
  const widths = [0, 1, 2].map((c) => Math.max(head[c]!.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]): string => row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join('  ').trimEnd();
  const out = [title, line(head), ...cells.map(line)];
  for (const n of dump.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

/** The machine-readable form (`--json`): values as hex strings, fields by name. */
export function dumpJson(dump: BarDump): object {
  return {
    bar: dump.bar.index,
    name: dump.bar.name,
    registers: dump.rows.map((r) => ({
      offset: r.offset,
      path: r.path,
      width: r.width,
      ...(r.value === undefined ? { skipped: r.skipped } : { value: hex(r.value) }),
      fields: Object.fromEntries(r.fields.map((f) => [f.name, { value: hex(f.value), ...(f.enumName ? { enum: f.enumName } : {}) }])),
    })),
    notes: dump.notes,
  };
}
