// Interrupt groups → per cause the bits it occupies in each register involved (status, enable or
// set/clear, ack, test), its vector and its bit in a cause set; per status register the mask of all
// the group's causes there; then the group's helpers (enable, disable, pending, read_and_ack, ack,
// test) built on the registers' own accessors, so every access uses the IR's safe-write masks.
import type { IrCause, IrFieldRef, IrInterruptGroup, IrRegister } from '../../ir/ir.js';
import { comment, cType, defines, join, lit, lower, num, upper, type Scope, type Width } from './names.js';
import { readName } from './registers.js';
import { bitsOf } from '../../ir/bits.js';

const refMask = (ref: IrFieldRef): string => lit(bitsOf(ref.lsb, ref.bits), ref.width);
const where = (ref: IrFieldRef): string => `${ref.path.join('.')}.${ref.field} (BAR ${ref.bar} @ ${num(ref.offset).slice(0, -1)})`;

function ackText(c: IrCause): string {
  const a = c.ack;
  if (!c.status) return 'none: no status register, the vector is the cause';
  if (a.kind === 'none') return 'level: clears itself when its condition goes away';
  if (a.kind === 'read') return `reading ${a.ref.path.join('.')} clears it`;
  if (a.kind === 'w0c') return `write 0 to ${where(a.ref)}`;
  return `write 1 to ${where(a.ref)}`;
}

function causeRows(C: string, c: IrCause, bit: string): [string, string, string?][] {
  const rows: [string, string, string?][] = c.status ? [[join(C, 'STATUS'), refMask(c.status), `in ${where(c.status)}`]] : [];
  const e = c.enable;
  if (e.kind === 'field') rows.push([join(C, 'ENABLE'), refMask(e.ref), `in ${where(e.ref)}`]);
  if (e.kind === 'setClear') {
    rows.push([join(C, 'ENABLE_SET'), refMask(e.set), `write 1 to ${where(e.set)}`]);
    rows.push([join(C, 'ENABLE_CLEAR'), refMask(e.clear), `write 1 to ${where(e.clear)}`]);
  }
  if (c.ack.kind !== 'none') rows.push([join(C, 'ACK'), refMask(c.ack.ref), ackText(c)]);
  if (c.test) rows.push([join(C, 'TEST'), refMask(c.test), `write 1 to ${where(c.test)}`]);
  if (c.ring) {
    // One cause per ring of the array: ring y signals vector `index + step * y` (the ring's `vector`).
    const step = c.ring.vectorStep;
    const terms = [...(c.vector.index === 0 ? [] : [`${c.vector.index}`]), step === 1 ? '(y)' : `${step} * (y)`];
    const v = step === 0 ? `${c.vector.index}` : terms.length === 1 && step === 1 ? '(y)' : `(${terms.join(' + ')})`;
    rows.push([join(C, 'COUNT'), String(c.ring.count), `rings of ${c.ring.name}: one cause each`]);
    rows.push([`${join(C, 'VECTOR')}(y)`, v, `${c.vector.kind} vector of ring ${c.ring.name}[y] (new entries in it; no status register)`]);
  } else rows.push([join(C, 'VECTOR'), String(c.vector.index), c.vector.kind]);
  rows.push([join(C, 'CAUSE'), bit, 'its bit in a cause set']);
  return rows;
}

const causeNames = (C: string): string[] => ['STATUS', 'ENABLE', 'ENABLE_SET', 'ENABLE_CLEAR', 'ACK', 'TEST', 'VECTOR', 'COUNT', 'CAUSE'].map((s) => join(C, s));

/** A register an interrupt reference points at, as the header declared it. */
export interface RegisterAt {
  readonly register: IrRegister;
  /** Its claimed define/function base. */
  readonly base: string;
  /** Its BAR is memory-mapped (it has accessors) and it sits in no array (one address). */
  readonly addressable: boolean;
}

/** The header's register at a reference (BAR index and path), or undefined. */
export type RegisterLookup = (ref: { readonly bar: number; readonly path: readonly string[] }) => RegisterAt | undefined;

/** How one register is touched by a helper: 'set'/'clear' are safe modifies, 'ones'/'zeros' write 1/0 to the bits named. */
type Op = 'set' | 'clear' | 'ones' | 'zeros';

interface Action {
  readonly ref: IrFieldRef;
  readonly at: RegisterAt;
  readonly op: Op;
  /** Per cause index, the mask define it contributes (causes not involved are absent). */
  readonly bits: Map<number, string>;
}

/** A helper that cannot be built, with the reason (the header says it in a comment). */
class Unbuildable extends Error {}

interface GroupContext {
  readonly lookup: RegisterLookup;
  /** The group's helper named `suffix`. */
  readonly fn: (suffix: string) => string;
  /** Cause i's define `what` (STATUS, ENABLE, CAUSE, …). */
  readonly define: (i: number, what: string) => string;
  readonly setType: string;
  readonly params: string;
  readonly baseOf: (bar: number) => string;
}

function registerAt(g: GroupContext, ref: IrFieldRef): RegisterAt {
  const at = g.lookup(ref);
  if (at === undefined) throw new Error(`c backend: interrupt reference to unknown register ${ref.path.join('.')} in BAR ${ref.bar} (IR inconsistent)`);
  return at;
}

/** Groups (register, op) pairs in the order causes first name them, one access per register. */
function collect(g: GroupContext, causes: readonly IrCause[], pick: (c: IrCause, i: number) => readonly [IrFieldRef, Op, string][]): Action[] {
  const actions: Action[] = [];
  causes.forEach((c, i) => {
    for (const [ref, op, mask] of pick(c, i)) {
      let a = actions.find((x) => x.ref.bar === ref.bar && x.ref.offset === ref.offset && x.op === op);
      if (a === undefined) actions.push((a = { ref, at: registerAt(g, ref), op, bits: new Map() }));
      a.bits.set(i, mask);
    }
  });
  return actions;
}

const local = (ref: IrFieldRef): string => `v_${ref.path.join('_')}`;

/** The statement that performs one action with the accumulated bits in `v`. */
function perform(g: GroupContext, a: Action, v: string): string {
  const r = a.at.register;
  const f = (s: string): string => lower(join(a.at.base, s));
  if (!a.at.addressable) throw new Unbuildable(`${a.ref.path.join('.')} has no accessors (I/O-port BAR or inside an array)`);
  const T = cType(r.width as Width);
  const base = g.baseOf(a.ref.bar);
  const modify = (clear: string, set: string): string => {
    if (!r.ops.modify) throw new Unbuildable(`${a.ref.path.join('.')} offers no safe read-modify-write`);
    return `${f('modify')}(${base}, ${clear}, ${set});`;
  };
  if (a.op === 'set') return modify(`(${T})0`, v);
  if (a.op === 'clear') return modify(v, `(${T})0`);
  // keep == 0: nothing to preserve, so one write from the ack base (the IR's read-free ack); else the
  // register's safe modify, as ops.ackW1/ackW0 'modify' say.
  if (BigInt(r.masks.keep) !== 0n) return a.op === 'ones' ? modify(`(${T})0`, v) : modify(v, `(${T})0`);
  if (!r.ops.write) throw new Unbuildable(`${a.ref.path.join('.')} cannot be written`);
  const AB = join(a.at.base, 'ACK_BASE');
  const not = r.width < 32 ? `~(uint32_t)${v}` : `~${v}`;
  return `${f('write')}(${base}, (${T})(${a.op === 'ones' ? `${AB} | ${v}` : `${AB} & ${not}`}));`;
}

/** Accumulates each action's bits from `causes`, then performs it (skipped when no bit is named). */
function applyLines(g: GroupContext, actions: readonly Action[]): string[] {
  const out: string[] = [];
  const names = new Set<string>();
  for (const a of actions) {
    const T = cType(a.ref.width);
    let v = local(a.ref);
    while (names.has(v)) v += '_';
    names.add(v);
    out.push(`${T} ${v} = 0u;`);
    for (const [i, mask] of a.bits) out.push(`if (causes & ${g.define(i, 'CAUSE')}) ${a.ref.width < 32 ? `${v} = (${T})(${v} | ${mask})` : `${v} |= ${mask}`};`);
    out.push(`if (${v} != 0u) ${perform(g, a, v)}`);
  }
  return out;
}

const readable = (r: IrRegister, field: string): boolean => {
  const f = r.fields.find((x) => x.name === field);
  return r.ops.read && !r.ops.readHasSideEffect && f !== undefined && (f.sw === 'r' || f.sw === 'rw');
};

/** The enable bit pending() can read for cause i (a field, or the readable set register) and its mask define, if any. */
function enableRead(g: GroupContext, c: IrCause, i: number): { ref: IrFieldRef; mask: string } | undefined {
  const e = c.enable;
  const [ref, mask] = e.kind === 'field' ? [e.ref, 'ENABLE'] : e.kind === 'setClear' ? [e.set, 'ENABLE_SET'] : [undefined, ''];
  if (ref === undefined) return undefined;
  const at = registerAt(g, ref);
  return at.addressable && readable(at.register, ref.field) ? { ref, mask: g.define(i, mask) } : undefined;
}

/** One read of each status and enable register of `causes`; returns those pending and enabled. */
function pendingLines(g: GroupContext, all: readonly IrCause[], causes: readonly number[]): string[] {
  const reads: { ref: IrFieldRef; v: string }[] = [];
  const readOf = (ref: IrFieldRef): string => {
    let r = reads.find((x) => x.ref.bar === ref.bar && x.ref.offset === ref.offset);
    if (r === undefined) {
      let v = local(ref);
      while (reads.some((x) => x.v === v)) v += '_';
      reads.push((r = { ref, v }));
    }
    return r.v;
  };
  const tests: string[] = [];
  for (const i of causes) {
    const c = all[i]!;
    const st = readOf(c.status!);
    const e = enableRead(g, c, i);
    const cond = [`(${st} & ${g.define(i, 'STATUS')})`, ...(e ? [`(${readOf(e.ref)} & ${e.mask})`] : [])].join(' && ');
    tests.push(`if (${cond}) causes |= ${g.define(i, 'CAUSE')};`);
  }
  const lines = reads.map(({ ref, v }) => {
    const at = registerAt(g, ref);
    if (!at.addressable || !at.register.ops.read) throw new Unbuildable(`${ref.path.join('.')} cannot be read`);
    return `${cType(ref.width)} ${v} = ${lower(join(at.base, readName(at.register)))}(${g.baseOf(ref.bar)});`;
  });
  return [...lines, `${g.setType} causes = 0u;`, ...tests, 'return causes;'];
}

export function emitInterruptGroup(scope: Scope, prefix: string, g: IrInterruptGroup, lookup: RegisterLookup): string[] {
  const fns = ['enable', 'disable', 'pending', 'read_and_ack', 'ack', 'test', 'mask', 'unmask', 'masked'];
  const G = scope.claim(join(prefix, upper(g.name)), (b) => [join(b, 'ALL_CAUSES'), ...fns.map((s) => lower(join(b, s)))]);
  const n = g.causes.length;
  const setWidth: Width = n > 32 ? 64 : 32;
  const out = comment([
    `Interrupt group ${g.name}${g.doc ? ` — ${g.doc}` : ''}`,
    'Pending = status & enable; each define below is a mask within the register named beside it, except',
    `_CAUSE: the cause's bit in a cause set (${cType(setWidth)}), which the ${lower(G)}_* helpers take and return.`,
  ]);
  const C = g.causes.map((c) => scope.claim(join(G, upper(c.name)), causeNames));
  g.causes.forEach((c, i) => {
    out.push('', ...comment([`cause ${c.name}${c.doc ? ` — ${c.doc}` : ''}; ack: ${ackText(c)}`]), ...defines(causeRows(C[i]!, c, lit(1n << BigInt(i), setWidth))));
  });
  // All causes of the group in each status register, for one pending check per register.
  const byStatus = new Map<string, { ref: IrFieldRef; mask: bigint }>();
  for (const c of g.causes) {
    if (!c.status) continue;
    const key = `${c.status.bar}:${c.status.offset}`;
    const cur = byStatus.get(key) ?? { ref: c.status, mask: 0n };
    byStatus.set(key, { ref: cur.ref, mask: cur.mask | bitsOf(c.status.lsb, c.status.bits) });
  }
  const rows: [string, string, string?][] = [];
  for (const { ref, mask } of byStatus.values()) {
    const A = scope.claim(join(G, upper(ref.path.join('_')), 'CAUSES'), (b) => [b]);
    rows.push([A, lit(mask, ref.width as Width), `every cause of ${g.name} in ${ref.path.join('.')}`]);
  }
  if (n > 0 && n <= 64) rows.push([join(G, 'ALL_CAUSES'), lit((1n << BigInt(n)) - 1n, setWidth), `every cause of ${g.name}, as a cause set`]);
  if (rows.length > 0) out.push('', ...defines(rows));
  if (n === 0) return out;
  if (n > 64) return [...out, '', ...comment([`No helpers for ${g.name}: ${n} causes do not fit a 64-bit cause set.`])];
  return [...out, ...emitHelpers(g, G, C, setWidth, lookup)];
}

/** The group's helpers over its cause set, one renderer per operation: enable/disable, pending, ack, test. */
function emitHelpers(g: IrInterruptGroup, G: string, C: readonly string[], setWidth: Width, lookup: RegisterLookup): string[] {
  const refs = g.causes.flatMap((c) => [...(c.status ? [c.status] : []), ...(c.enable.kind === 'field' ? [c.enable.ref] : c.enable.kind === 'setClear' ? [c.enable.set, c.enable.clear] : []), ...(c.ack.kind !== 'none' ? [c.ack.ref] : []), ...(c.test ? [c.test] : [])]);
  if (g.mask) refs.push(g.mask.set, g.mask.clear);
  const bars = [...new Set(refs.map((r) => r.bar))].sort((a, b) => a - b);
  // One BAR: `base`, like every register accessor; several: one `bar<N>` per BAR.
  const baseOf = (bar: number): string => (bars.length === 1 ? 'base' : `bar${bar}`);
  const ctx: GroupContext = {
    lookup,
    fn: (s) => lower(join(G, s)),
    define: (i, what) => join(C[i]!, what),
    setType: cType(setWidth),
    params: bars.map((b) => `volatile uint8_t *${baseOf(b)}`).join(', '),
    baseOf,
  };
  const out: string[] = [];
  const helper = helperWriter(ctx, bars.map(baseOf), out);
  const setDoc = `\`causes\` is a set of ${G}_*_CAUSE bits; causes it names that`;
  enableHelpers(ctx, g.causes, helper, setDoc);
  pendingHelpers(ctx, g.causes, helper);
  ackHelper(ctx, g.causes, helper, setDoc, out);
  testHelper(ctx, g.causes, helper, setDoc);
  if (g.mask) maskHelpers(ctx, g.mask, helper);
  return out;
}

/** Writes one helper into `out`, or a comment saying why it cannot be built. */
type Helper = (suffix: string, ret: string, withSet: boolean | 'vector', doc: readonly string[], build: () => string[]) => void;

function helperWriter(ctx: GroupContext, bases: readonly string[], out: string[]): Helper {
  return (suffix, ret, withSet, doc, build) => {
    const name = ctx.fn(suffix);
    let body: string[];
    try {
      body = build();
    } catch (e) {
      if (!(e instanceof Unbuildable)) throw e;
      out.push('', ...comment([`No ${name}: ${e.message}.`]));
      return;
    }
    // Every helper of a group takes the same BAR pointers; one that needs fewer says so to -Wextra.
    const unused = bases.filter((b) => !body.some((l) => new RegExp(`\\b${b}\\b`).test(l)));
    body = [...unused.map((b) => `(void)${b};`), ...body];
    const params = withSet === 'vector' ? `${ctx.params}, uint32_t vector` : withSet ? `${ctx.params}, ${ctx.setType} causes` : ctx.params;
    out.push('', ...comment(doc), `static inline ${ret} ${name}(${params})`, '{', ...body.map((l) => `  ${l}`), '}');
  };
}

function enableHelpers(ctx: GroupContext, causes: readonly IrCause[], helper: Helper, setDoc: string): void {
  const enables = collect(ctx, causes, (c, i) => (c.enable.kind === 'field' ? [[c.enable.ref, 'set', ctx.define(i, 'ENABLE')]] : c.enable.kind === 'setClear' ? [[c.enable.set, 'ones', ctx.define(i, 'ENABLE_SET')]] : []));
  const disables = collect(ctx, causes, (c, i) => (c.enable.kind === 'field' ? [[c.enable.ref, 'clear', ctx.define(i, 'ENABLE')]] : c.enable.kind === 'setClear' ? [[c.enable.clear, 'ones', ctx.define(i, 'ENABLE_CLEAR')]] : []));
  const how = (a: Action): string => (a.op === 'set' || a.op === 'clear' ? `a safe modify of ${a.ref.path.join('.')}` : `one write to ${a.ref.path.join('.')}, no read`);
  if (enables.length > 0) {
    helper('enable', 'void', true, [`Enables causes: ${enables.map(how).join('; ')}. ${setDoc} have no enable are ignored.`], () => applyLines(ctx, enables));
    helper('disable', 'void', true, [`Disables causes: ${disables.map(how).join('; ')}. ${setDoc} have no enable are ignored.`], () => applyLines(ctx, disables));
  }

}

function pendingHelpers(ctx: GroupContext, causes: readonly IrCause[], helper: Helper): void {
  const T = ctx.setType;
  // Causes without a status register (the vector is the cause) have nothing to read.
  const sideEffect = (c: IrCause): boolean => registerAt(ctx, c.status!).register.ops.readHasSideEffect;
  const withStatus = causes.map((_, i) => i).filter((i) => causes[i]!.status !== undefined);
  const quiet = withStatus.filter((i) => !sideEffect(causes[i]!));
  const loud = withStatus.filter((i) => sideEffect(causes[i]!));
  const noEnable = 'A cause whose enable cannot be read counts as enabled.';
  if (quiet.length > 0) {
    const regsOf = [...new Set(quiet.map((i) => causes[i]!.status!.path.join('.')))].join(', ');
    const others = loud.length > 0 ? ` Causes in registers that change when read are left to ${ctx.fn('read_and_ack')}.` : '';
    helper('pending', T, false, [`Causes pending and enabled: one read of each status register (${regsOf}) and each enable register.${others} ${noEnable}`], () => pendingLines(ctx, causes, quiet));
  }
  if (loud.length > 0) {
    const regsOf = [...new Set(loud.map((i) => causes[i]!.status!.path.join('.')))].join(', ');
    const acked = loud.filter((i) => causes[i]!.ack.kind === 'read').map((i) => causes[i]!.name);
    helper(
      'read_and_ack',
      T,
      false,
      [
        `Reads ${regsOf} and each enable register; reading ${regsOf} has a side effect: it clears every cause latched there, enabled or not${acked.length > 0 ? ` (the ack of ${acked.join(', ')})` : ''}.`,
        `Returns the causes there that were pending and enabled. The only helper that reads ${regsOf}. ${noEnable}`,
      ],
      () => pendingLines(ctx, causes, loud),
    );
  }

}

const ackHow = (a: Action): string => {
  const r = a.at.register;
  const what = a.op === 'zeros' ? 'writes 0 to' : 'writes 1 to';
  return BigInt(r.masks.keep) === 0n ? `${what} their bits of ${a.ref.path.join('.')} (one write from its ACK_BASE, no read)` : `${what} their bits of ${a.ref.path.join('.')} through its safe modify (it has bits to keep)`;
};

function ackHelper(ctx: GroupContext, causes: readonly IrCause[], helper: Helper, setDoc: string, out: string[]): void {
  const acks = collect(ctx, causes, (c, i) => {
    const a = c.ack;
    const M = ctx.define(i, 'ACK');
    if (a.kind === 'w1c' || a.kind === 'write') return [[a.ref, 'ones', M]];
    if (a.kind === 'w0c') return [[a.ref, 'zeros', M]];
    return [];
  });
  const byRead = causes.filter((c) => c.ack.kind === 'read').map((c) => c.name);
  const level = causes.filter((c) => c.ack.kind === 'none').map((c) => c.name);
  if (acks.length > 0) {
    helper(
      'ack',
      'void',
      true,
      [
        `Acknowledges causes: ${acks.map(ackHow).join('; ')}. ${setDoc} are not acknowledged by a write are ignored.`,
        byRead.length > 0 ? `Not here: ${byRead.join(', ')} (reading the status register acknowledges them: ${ctx.fn('read_and_ack')}).` : '',
        level.length > 0 ? `Level causes (no ack): ${level.join(', ')}.` : '',
      ],
      () => applyLines(ctx, acks),
    );
  } else if (byRead.length > 0) {
    out.push('', ...comment([`No ${ctx.fn('ack')}: reading the status register acknowledges ${byRead.join(', ')} (${ctx.fn('read_and_ack')}).`]));
  }

}

function testHelper(ctx: GroupContext, causes: readonly IrCause[], helper: Helper, setDoc: string): void {
  const tests = collect(ctx, causes, (c, i) => (c.test ? [[c.test, 'ones', ctx.define(i, 'TEST')]] : []));
  if (tests.length > 0) {
    const untestable = causes.filter((c) => !c.test).map((c) => c.name);
    helper('test', 'void', true, [`Raises causes from software: ${tests.map(ackHow).join('; ')}.`, untestable.length > 0 ? `${setDoc} cannot be raised (${untestable.join(', ')}) are ignored.` : ''], () => applyLines(ctx, tests));
  }
}

/**
 * mask/unmask/masked over a set/clear pair (NVMe 1.4 sections 3.1.3/3.1.4): one write of the vector's
 * bit to the w1s or w1c register, never a read-modify-write; masked() reads the mask back.
 */
function maskHelpers(ctx: GroupContext, m: NonNullable<IrInterruptGroup['mask']>, helper: Helper): void {
  const writeOne = (ref: IrFieldRef): string[] => {
    const at = registerAt(ctx, ref);
    const r = at.register;
    if (!at.addressable) throw new Unbuildable(`${ref.path.join('.')} has no accessors (I/O-port BAR or inside an array)`);
    if (!r.ops.write || BigInt(r.masks.keep) !== 0n) throw new Unbuildable(`${ref.path.join('.')} cannot be written without a read`);
    const T = cType(r.width as Width);
    return [
      `if (vector >= ${ref.bits}u) return;`,
      `${lower(join(at.base, 'write'))}(${ctx.baseOf(ref.bar)}, (${T})(${join(at.base, 'ACK_BASE')} | ((${T})1u << (vector + ${ref.lsb}u))));`,
    ];
  };
  const only = 'pin-based and MSI vectors only: MSI-X vectors are masked in the MSI-X table';
  for (const [name, ref, what] of [['mask', m.set, 'Masks'], ['unmask', m.clear, 'Unmasks']] as const) {
    helper(name, 'void', 'vector', [`${what} vector \`vector\`: one write of its bit to ${ref.path.join('.')} (${only}). Vectors past the mask are ignored.`], () => writeOne(ref));
  }
  const at = registerAt(ctx, m.set);
  helper('masked', cType(m.set.width), false, [`The mask (bit n: vector n masked), one read of ${m.set.path.join('.')}.`], () => {
    if (!at.addressable || !readable(at.register, m.set.field)) throw new Unbuildable(`${m.set.path.join('.')} cannot be read`);
    return [`return ${lower(join(at.base, readName(at.register)))}(${ctx.baseOf(m.set.bar)});`];
  });
}
