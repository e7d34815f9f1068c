// Hand-made IR for the sim tests (no compiler needed). Access shorthands map to sw/onread/onwrite as in
// docs/language.md; `masks` carry only what the sim and dump look at (readable, readEffect) — the sim
// itself never uses masks, it applies field semantics.
import type { IrBar, IrCause, IrDevice, IrField, IrFieldRef, IrNode, IrRegister, OnRead, OnWrite, Sw, IrBlockType, IrEnum, IrInterruptGroup } from '../../../compiler/ir/ir.js';

const at = { file: 'test.regs', line: 1, col: 1 };

export type Access = 'rw' | 'ro' | 'wo' | 'na' | 'rc' | 'rs' | 'w1c' | 'w1s' | 'w1t' | 'w0c' | 'w0s' | 'w0t' | 'wclr' | 'wset' | 'pulse' | 'rc w1c';

export function accessOf(a: Access): { sw: Sw; onRead: OnRead; onWrite: OnWrite } {
  switch (a) {
    case 'rw': return { sw: 'rw', onRead: 'none', onWrite: 'none' };
    case 'ro': return { sw: 'r', onRead: 'none', onWrite: 'none' };
    case 'wo': return { sw: 'w', onRead: 'none', onWrite: 'none' };
    case 'na': return { sw: 'na', onRead: 'none', onWrite: 'none' };
    case 'rc': return { sw: 'r', onRead: 'clear', onWrite: 'none' };
    case 'rs': return { sw: 'r', onRead: 'set', onWrite: 'none' };
    case 'rc w1c': return { sw: 'rw', onRead: 'clear', onWrite: 'w1c' };
    default: return { sw: 'rw', onRead: 'none', onWrite: a };
  }
}

export interface FieldSpec {
  readonly name: string;
  readonly lsb: number;
  readonly width?: number;
  readonly access?: Access;
  readonly reset?: number | bigint;
  readonly enum?: string;
}

const hex = (v: number | bigint): string => '0x' + BigInt(v).toString(16);

export function field(name: string, lsb: number, width = 1, access: Access = 'rw', reset: number | bigint = 0, enumName?: string): FieldSpec {
  return { name, lsb, width, access, reset, ...(enumName ? { enum: enumName } : {}) };
}

export function reg(
  name: string,
  offset: number,
  width: 8 | 16 | 32 | 64,
  fields: readonly FieldSpec[] | Access = 'rw',
  opts: { reset?: number | bigint; count?: number; stride?: number; doc?: string } = {},
): IrRegister {
  const implicit = typeof fields === 'string';
  const specs: readonly FieldSpec[] = implicit ? [{ name: 'value', lsb: 0, width, access: fields, reset: opts.reset ?? 0 }] : fields;
  let reset = BigInt(opts.reset ?? 0);
  let readable = 0n;
  let readEffect = 0n;
  let ackW1 = 0n;
  let ackW0 = 0n;
  const irFields: IrField[] = specs.map((f) => {
    const w = f.width ?? 1;
    const acc = accessOf(f.access ?? 'rw');
    const mask = ((1n << BigInt(w)) - 1n) << BigInt(f.lsb);
    if (f.reset !== undefined && !implicit) reset = (reset & ~mask) | (BigInt(f.reset) << BigInt(f.lsb));
    if (acc.sw === 'r' || acc.sw === 'rw') readable |= mask;
    if (acc.onRead !== 'none') readEffect |= mask;
    if (acc.onWrite === 'w1c' || acc.onWrite === 'w1t') ackW1 |= mask;
    if (acc.onWrite === 'w0c') ackW0 |= mask;
    return { name: f.name, doc: '', lsb: f.lsb, width: w, ...acc, reset: hex(f.reset ?? 0), volatile: false, ...(f.enum ? { enum: f.enum } : {}), at };
  });
  const z = '0x0';
  return {
    kind: 'register',
    name,
    doc: opts.doc ?? '',
    offset,
    width,
    ...(opts.count !== undefined ? { array: { count: opts.count, stride: opts.stride ?? width / 8 } } : {}),
    volatile: false,
    reset: hex(reset),
    fields: irFields,
    implicitField: implicit,
    reserved: [],
    masks: { keep: z, w1Effect: z, w0Effect: z, writeOnly: z, reserved: z, readable: hex(readable), writable: z, readEffect: hex(readEffect), anyWriteEffect: z, modifyBase: z, writeBase: z, ackBase: z, ackW1: hex(ackW1), ackW0: hex(ackW0) },
    ops: { read: readable !== 0n, readHasSideEffect: readEffect !== 0n, write: true, modify: false, ackW1: 'none', ackW0: 'none' },
    at,
  };
}

export function block(name: string, offset: number, type: string, count?: number, stride?: number): IrNode {
  return { kind: 'block', name, doc: '', offset, type, ...(count !== undefined ? { array: { count, stride: stride! } } : {}), at };
}

export function blockType(name: string, size: number, nodes: readonly IrNode[]): IrBlockType {
  return { name, doc: '', size, nodes, at };
}

export function bar(index: number, name: string, size: number, nodes: readonly IrNode[] | null): IrBar {
  return { index, name, kind: 'mmio', size, prefetchable: false, is64: false, doc: '', hasRegisters: nodes !== null, nodes: nodes ?? [], at };
}

/** A reference to `field` of the register at `path` in `bars` (BAR 0 unless given). */
export function ref(r: IrRegister, fieldName: string, barIndex = 0, pathPrefix: readonly string[] = []): IrFieldRef {
  const f = r.fields.find((x) => x.name === fieldName);
  if (!f) throw new Error(`no field ${fieldName} in ${r.name}`);
  return { bar: barIndex, path: [...pathPrefix, r.name], offset: r.offset, width: r.width, field: f.name, lsb: f.lsb, bits: f.width };
}

export function cause(name: string, parts: Omit<IrCause, 'name' | 'doc' | 'at'>): IrCause {
  return { name, doc: '', at, ...parts };
}

export function group(name: string, causes: readonly IrCause[]): IrInterruptGroup {
  return { name, doc: '', causes, at };
}

export function device(name: string, bars: readonly IrBar[], more: { blockTypes?: IrBlockType[]; interrupts?: IrInterruptGroup[]; enums?: IrEnum[] } = {}): IrDevice {
  return { name, doc: '', bars, blockTypes: more.blockTypes ?? [], enums: more.enums ?? [], interrupts: more.interrupts ?? [], layouts: [], rings: [], at };
}
