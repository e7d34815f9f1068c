// One register site → its defines (offset, geometry, reset, fields, the safe-write masks) and the
// static inline accessors IrOps allows, over `volatile uint8_t *base` (the mapped BAR). Every access
// is one volatile load or store of the register's width — a 64-bit register is one uint64_t access,
// unless the spec declares it `split` (IrRegister.split): then two uint32_t accesses, each its own
// statement in the declared order (C leaves the order of operands within one expression unsequenced).
// modify/ack/clear use exactly the formulas of docs/language.md "Safe writes" (and the TS core).
import type { IrEnum, IrExpr, IrFieldRef, IrRegister } from '../../ir/ir.js';
import { exprCode, exprText } from '../shared/expr.js';
import { accessLabel, enumByFunctions, fieldDefines, fieldSuffixes } from './fields.js';
import { comment, cType, defines, join, lit, lower, num, type Scope, type Width } from './names.js';
import type { RegisterSite } from '../shared/bar-sites.js';

const MASKS = [
  ['KEEP', 'keep'],
  ['W1_EFFECT', 'w1Effect'],
  ['W0_EFFECT', 'w0Effect'],
  ['MODIFY_BASE', 'modifyBase'],
  ['WRITE_BASE', 'writeBase'],
  ['ACK_BASE', 'ackBase'],
] as const;

/** The read accessor's suffix: a read with a side effect says so in its name. */
export function readName(r: IrRegister): string {
  if (!r.ops.readHasSideEffect) return 'read';
  const effects = new Set(r.fields.map((f) => f.onRead));
  if (effects.has('clear') && effects.has('set')) return 'read_clears_sets';
  return effects.has('set') ? 'read_sets' : 'read_clears';
}

function functionSuffixes(r: IrRegister): string[] {
  const o = r.ops;
  return [
    ...(o.read ? [readName(r)] : []),
    ...(o.write ? ['write'] : []),
    ...(o.modify ? ['modify'] : []),
    ...(o.ackW1 !== 'none' ? ['ack'] : []),
    ...(o.ackW0 !== 'none' ? ['clear'] : []),
  ];
}

/** A field of a run-time expression as a macro parameter name (`cap_dstrd`). */
const cName = (ref: IrFieldRef): string => [...ref.path, ref.field].join('_');

/** The macro parameters of a run-time expression: each field it reads, once. */
function fieldParams(e: IrExpr): string[] {
  const out: string[] = [];
  const walk = (x: IrExpr): void => {
    if (x.kind === 'field' && !out.includes(cName(x.ref))) out.push(cName(x.ref));
    else if (x.kind === 'unary') walk(x.operand);
    else if (x.kind === 'binary') {
      walk(x.left);
      walk(x.right);
    }
  };
  walk(e);
  return out;
}

/**
 * Every identifier a register site declares after its base: macro suffixes (upper case, after `B_`)
 * and function suffixes (after `lower(B)_`).
 */
export function registerSuffixes(site: RegisterSite, accessors: boolean): { macros: string[]; functions: string[] } {
  const r = site.register;
  const macros = ['OFFSET', 'WIDTH', 'RESET', ...MASKS.map(([m]) => m)];
  if (r.array) macros.push('COUNT', r.array.strideExpr ? 'STRIDE_OF' : 'STRIDE');
  if (BigInt(r.masks.ackW1) !== 0n) macros.push('ACK_BITS');
  if (BigInt(r.masks.ackW0) !== 0n) macros.push('CLEAR_BITS');
  const fields = fieldSuffixes(r);
  for (const m of fields.macros) macros.push(m);
  const functions = accessors ? [...fields.functions, ...functionSuffixes(r)] : fields.functions;
  return { macros, functions };
}

export function claimRegister(scope: Scope, site: RegisterSite, wanted: string, accessors: boolean): string {
  return scope.claimSuffixes(wanted, registerSuffixes(site, accessors));
}

/** The index parameters (one per array level) and the address expression of element [i…]. */
function addressing(site: RegisterSite, B: string, strideOf: (path: readonly string[]) => string): { params: string; addr: string; doc: string } {
  const seen = new Set<string>();
  const idx = site.levels.map((l) => {
    let name = `i_${l.name}`;
    while (seen.has(name)) name += '_';
    seen.add(name);
    return { name, level: l };
  });
  // A run-time stride (NVMe doorbells: 4 << CAP.DSTRD) is an argument: the caller reads it from the
  // device once (STRIDE_OF) and passes it; the header never assumes the smallest one.
  const stride = (level: (typeof idx)[number]['level'], name: string): string => (level.array.strideExpr ? `stride_${name.slice(2)}` : strideOf(level.path));
  const terms = idx.map(({ name, level }) => ` + ${name} * ${stride(level, name)}`).join('');
  return {
    params: idx.map(({ name, level }) => `, size_t ${name}${level.array.strideExpr ? `, size_t stride_${name.slice(2)}` : ''}`).join(''),
    addr: `base + ${join(B, 'OFFSET')}${terms}`,
    doc: idx
      .map(({ name, level }) => `${name} < ${level.array.count} selects ${level.path.join('.')}[${name}]${level.array.strideExpr ? `, stride_${name.slice(2)} bytes apart (${exprText(level.array.strideExpr)}, read from the device: ${join(B, 'STRIDE_OF')})` : ''}`)
      .join('; '),
  };
}

export interface RegisterEmit {
  readonly site: RegisterSite;
  readonly base: string;
  /** STRIDE define of an array level, by its path. */
  readonly strideOf: (path: readonly string[]) => string;
  /** false for I/O-port BARs, which cannot be mapped: defines only. */
  readonly accessors: boolean;
  /** The device's enums (`enum by` name functions). */
  readonly enums?: readonly IrEnum[];
}

export function emitRegister({ site, base: B, strideOf, accessors, enums = [] }: RegisterEmit): string[] {
  const r = site.register;
  const w = r.width as Width;
  const T = cType(w);
  const where = `${site.path.join('.')}${r.array ? `[${r.array.count}]` : ''} @ ${num(site.offset).slice(0, -1)}`;
  const access = [...new Set(r.fields.map(accessLabel))].join(', ');
  const out = comment([`${where}, ${r.width}-bit ${access}${r.volatile ? ' volatile' : ''}${r.doc ? ` — ${r.doc}` : ''}`]);
  const rows: [string, string, string?][] = [[join(B, 'OFFSET'), num(site.offset)], [join(B, 'WIDTH'), String(r.width)]];
  if (r.array && r.array.strideExpr) {
    // The device's stride: from the fields it names (read them with their accessors), never a constant.
    const e = r.array.strideExpr;
    const params = fieldParams(e);
    rows.push([join(B, 'COUNT'), String(r.array.count)]);
    rows.push([`${join(B, 'STRIDE_OF')}(${params.join(', ')})`, `((size_t)(${exprCode(e, (ref) => `(${cName(ref)})`)}))`, `bytes between elements: ${exprText(e)}`]);
  } else if (r.array) rows.push([join(B, 'COUNT'), String(r.array.count)], [join(B, 'STRIDE'), num(r.array.stride)]);
  rows.push([join(B, 'RESET'), lit(r.reset, w)]);
  for (const [m, k] of MASKS) rows.push([join(B, m), lit(r.masks[k], w)]);
  const a1 = BigInt(r.masks.ackW1);
  const a0 = BigInt(r.masks.ackW0);
  if (a1 !== 0n) rows.push([join(B, 'ACK_BITS'), lit(a1, w), 'w1c/w1t bits ack() may name']);
  if (a0 !== 0n) rows.push([join(B, 'CLEAR_BITS'), lit(a0, w), 'w0c bits clear() may name']);
  rows.push(...fieldDefines(B, r));
  out.push(...defines(rows));
  out.push(...enumByFunctions(B, r, enums));
  if (!accessors) return out;

  const { params, addr, doc } = addressing(site, B, strideOf);
  const fn = (suffix: string): string => lower(join(B, suffix));
  const ptr = `(volatile ${T} *)(${addr})`;
  const cast = (e: string): string => `(${T})(${e})`;
  const K = join(B, 'KEEP');
  const MB = join(B, 'MODIFY_BASE');
  const AB = join(B, 'ACK_BASE');
  const body = (head: string, lines: readonly string[], what: string): void => {
    out.push('', ...comment([what, doc]), `static inline ${head}`, '{', ...lines.map((l) => `  ${l}`), '}');
  };
  const o = r.ops;
  if (r.split) {
    emitSplit(r.split, { r, B, T, fn, params, addr, body });
    return out;
  }
  if (o.read) {
    const eff = r.fields.filter((f) => f.onRead !== 'none').map((f) => `${f.name} (${f.onRead === 'clear' ? 'cleared' : 'set'})`);
    const what = eff.length > 0 ? `One read. Side effect: reading changes ${eff.join(', ')}.` : 'One read.';
    body(`${T} ${fn(readName(r))}(volatile uint8_t *base${params})`, [`return *${ptr};`], what);
  }
  if (o.write) {
    const eff = r.fields.filter((f) => f.onWrite === 'wclr' || f.onWrite === 'wset').map((f) => `${f.name} (${f.onWrite})`);
    const what = `One write of v as is (start from ${join(B, 'WRITE_BASE')} to leave unnamed bits at their safe value).`;
    body(`void ${fn('write')}(volatile uint8_t *base${params}, ${T} v)`, [`*${ptr} = v;`], eff.length > 0 ? `${what} Any write changes ${eff.join(', ')}.` : what);
  }
  if (o.modify) {
    body(
      `void ${fn('modify')}(volatile uint8_t *base${params}, ${T} clear_mask, ${T} set_bits)`,
      [`volatile ${T} *r = ${ptr};`, `${T} v = ${cast(`(*r & ${K}) | ${MB}`)};`, `v = ${cast('(v & ~clear_mask) | set_bits')};`, '*r = v;'],
      'Safe read-modify-write: one read, one write. Bits outside clear_mask/set_bits keep their value or get the write that changes nothing.',
    );
  }
  if (o.ackW1 !== 'none') {
    const bits = `(bits & ${join(B, 'ACK_BITS')})`;
    const lines =
      o.ackW1 === 'write'
        ? [`*${ptr} = ${cast(`${AB} | ${bits}`)};`]
        : [`volatile ${T} *r = ${ptr};`, `*r = ${cast(`(*r & ${K}) | ${MB} | ${bits}`)};`];
    body(`void ${fn('ack')}(volatile uint8_t *base${params}, ${T} bits)`, lines, o.ackW1 === 'write' ? 'Writes 1 to the w1c/w1t bits named: one write, no read.' : 'Writes 1 to the w1c/w1t bits named: one read, one write (the register has bits to keep).');
  }
  if (o.ackW0 !== 'none') {
    const bits = `(bits & ${join(B, 'CLEAR_BITS')})`;
    const lines =
      o.ackW0 === 'write'
        ? [`*${ptr} = ${cast(`${AB} & ~${bits}`)};`]
        : [`volatile ${T} *r = ${ptr};`, `*r = ${cast(`((*r & ${K}) | ${MB}) & ~${bits}`)};`];
    body(`void ${fn('clear')}(volatile uint8_t *base${params}, ${T} bits)`, lines, o.ackW0 === 'write' ? 'Writes 0 to the w0c bits named: one write, no read.' : 'Writes 0 to the w0c bits named: one read, one write (the register has bits to keep).');
  }
  return out;
}

interface SplitEmit {
  readonly r: IrRegister;
  readonly B: string;
  readonly T: string;
  readonly fn: (suffix: string) => string;
  readonly params: string;
  readonly addr: string;
  readonly body: (head: string, lines: readonly string[], what: string) => void;
}

/** The accessors of a `split` 64-bit register: halves at r[0] (low) and r[1] (high), in `order`. */
function emitSplit(order: 'lo_hi' | 'hi_lo', { r, B, T, fn, params, addr, body }: SplitEmit): void {
  const o = r.ops;
  const halves = order === 'lo_hi' ? (['lo', 'hi'] as const) : (['hi', 'lo'] as const);
  const open = `volatile uint32_t *r = (volatile uint32_t *)(${addr});`;
  const read = halves.map((h) => `uint32_t ${h} = r[${h === 'lo' ? 0 : 1}];`);
  const old = "(((uint64_t)hi << 32) | lo)";
  const write = (v: string): string[] => halves.map((h) => (h === 'lo' ? `r[0] = (uint32_t)${v};` : `r[1] = (uint32_t)(${v} >> 32);`));
  const how = `two 32-bit accesses, ${order === 'lo_hi' ? 'low half first' : 'high half first'} (the spec's split ${order})`;
  const K = join(B, 'KEEP');
  const MB = join(B, 'MODIFY_BASE');
  const AB = join(B, 'ACK_BASE');
  if (o.read) body(`${T} ${fn(readName(r))}(volatile uint8_t *base${params})`, [open, ...read, `return ${old};`], `One read: ${how}.`);
  if (o.write) body(`void ${fn('write')}(volatile uint8_t *base${params}, ${T} v)`, [open, ...write('v')], `One write of v as is: ${how}.`);
  if (o.modify) {
    body(
      `void ${fn('modify')}(volatile uint8_t *base${params}, ${T} clear_mask, ${T} set_bits)`,
      [open, ...read, `${T} v = (${old} & ${K}) | ${MB};`, 'v = (v & ~clear_mask) | set_bits;', ...write('v')],
      `Safe read-modify-write: one read, one write, each ${how}.`,
    );
  }
  if (o.ackW1 !== 'none') {
    const bits = `(bits & ${join(B, 'ACK_BITS')})`;
    const lines = o.ackW1 === 'write' ? [open, `${T} v = ${AB} | ${bits};`, ...write('v')] : [open, ...read, `${T} v = (${old} & ${K}) | ${MB} | ${bits};`, ...write('v')];
    body(`void ${fn('ack')}(volatile uint8_t *base${params}, ${T} bits)`, lines, `Writes 1 to the w1c/w1t bits named (${how}).`);
  }
  if (o.ackW0 !== 'none') {
    const bits = `(bits & ${join(B, 'CLEAR_BITS')})`;
    const lines = o.ackW0 === 'write' ? [open, `${T} v = ${AB} & ~${bits};`, ...write('v')] : [open, ...read, `${T} v = ((${old} & ${K}) | ${MB}) & ~${bits};`, ...write('v')];
    body(`void ${fn('clear')}(volatile uint8_t *base${params}, ${T} bits)`, lines, `Writes 0 to the w0c bits named (${how}).`);
  }
}
