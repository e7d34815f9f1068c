// Emits one class per interrupt group: static cause bits plus a constructor that hands the core
// (InterruptGroup) one register accessor per register involved, created once and shared by the causes
// that use it — which is what lets one call touch each register once.
import type { IrFieldRef, IrInterruptGroup, IrRegister } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { camel, pascal, str } from './names.js';
import { arr, obj, type Val, type Writer } from './writer.js';
import { bitsOf, hex } from '../../ir/bits.js';
import { typeLookup, registerAt } from '../../ir/walk.js';

// Function statics a class cannot redeclare.
const STATIC_RESERVED = new Set(['name', 'length', 'prototype', 'caller', 'arguments']);

/** The register a reference points at (through block instances), or an Error naming the path. */
export function resolveRegister(ctx: EmitContext, ref: { readonly bar: number; readonly path: readonly string[] }): IrRegister {
  const bar = ctx.device.bars.find((b) => b.index === ref.bar);
  const r = registerAt(bar?.nodes ?? [], ref.path, typeLookup(ctx.device));
  if (r) return r;
  throw new Error(`ts backend: ${ctx.device.name}: no register at BAR ${ref.bar} path ${ref.path.join('.')} (IR inconsistent)`);
}

const refMask = (ref: IrFieldRef): string => {
  const bits = hex(bitsOf(ref.lsb, ref.bits));
  return ref.width === 64 ? `${bits}n` : bits;
};

export function emitInterruptGroup(ctx: EmitContext, w: Writer, g: IrInterruptGroup): void {
  const name = ctx.scope.claim(pascal(`${ctx.device.name}_${g.name}`));
  const causeType = ctx.scope.claim(`${name}Cause`);
  const locals = new Map<string, string>(); // "bar:offset" → local name
  const decls: [string, string[]][] = [];
  const bars = new Set<number>();
  const local = (ref: IrFieldRef): string => {
    const key = `${ref.bar}:${ref.offset}`;
    let v = locals.get(key);
    if (v === undefined) {
      const r = resolveRegister(ctx, ref);
      v = `${camel(ref.path.join('_'))}Reg`;
      while ([...locals.values()].includes(v)) v += '_';
      locals.set(key, v);
      bars.add(ref.bar);
      decls.push([`const ${v} = new ${ctx.value(ref.width === 64 ? 'Register64' : 'Register')}(`, [`bar${ref.bar}`, hex(ref.offset), ctx.registers.get(r)!.layout]]);
    }
    return v;
  };
  const specs: Val[] = g.causes.map((c) => {
    const entries: [string, Val][] = [['name', str(c.name)]];
    if (c.status) entries.push(['status', local(c.status)], ['statusBits', refMask(c.status)]);
    const count = c.ring?.count ?? 1;
    if (c.vector.index !== 0 || count !== 1) {
      entries.push(['vector', obj([['first', String(c.vector.index)], ['step', String(c.ring?.vectorStep ?? 0)], ['count', String(count)]])]);
    }
    const e = c.enable;
    if (e.kind === 'field') entries.push(['enable', obj([['kind', "'field'"], ['reg', local(e.ref)], ['bits', refMask(e.ref)]])]);
    else if (e.kind === 'setClear') {
      const set = resolveRegister(ctx, e.set).fields.find((f) => f.name === e.set.field);
      const readable = set !== undefined && (set.sw === 'r' || set.sw === 'rw');
      const parts: [string, Val][] = [
        ['kind', "'setClear'"],
        ['set', local(e.set)],
        ['setBits', refMask(e.set)],
        ['clear', local(e.clear)],
        ['clearBits', refMask(e.clear)],
        ['setReadable', String(readable)],
      ];
      entries.push(['enable', obj(parts)]);
    } else entries.push(['enable', obj([['kind', "'none'"]])]);
    const a = c.ack;
    entries.push(['ack', a.kind === 'none' ? obj([['kind', "'none'"]]) : obj([['kind', str(a.kind)], ['reg', local(a.ref)], ['bits', refMask(a.ref)]])]);
    if (c.test) entries.push(['test', obj([['reg', local(c.test)], ['bits', refMask(c.test)]])]);
    return obj(entries, true);
  });

  // One mask over a set/clear pair (INTMS/INTMC): mask()/unmask() write one bit, no read.
  const m = g.mask;
  const mask = m ? obj([['set', local(m.set)], ['clear', local(m.clear)], ['lsb', String(m.set.lsb)], ['bits', String(m.set.bits)]]) : undefined;

  w.doc(`A cause of interrupt group ${g.name}.`);
  w.union(`export type ${causeType} = `, g.causes.length === 0 ? ['never'] : g.causes.map((c) => str(c.name)));
  const readAcks = g.causes.filter((c) => c.ack.kind === 'read').map((c) => c.name);
  w.doc(
    `Interrupt group ${g.name}${g.doc ? ` — ${g.doc}` : ''}`,
    'Cause sets are bitmasks of the static constants below; `setOf(...)`/`decode(set)` convert from/to names.',
    readAcks.length > 0 ? `pending() reads the clear-on-read status, which acknowledges ${readAcks.join(', ')}.` : '',
  );
  const testable = g.causes.some((c) => c.test !== undefined);
  w.open(`export class ${name} extends ${ctx.value(testable ? 'TestableInterruptGroup' : 'InterruptGroup')}<${causeType}> {`);
  g.causes.forEach((c, i) => {
    if (!c.status) {
      const where = c.ring
        ? `new entries in ring ${c.ring.name}${c.ring.count > 1 ? `[i], ${c.ring.count} rings, ring i on ${c.vector.kind} ${c.vector.index === 0 ? '' : `${c.vector.index} + `}${c.ring.vectorStep === 1 ? '' : `${c.ring.vectorStep} * `}i` : `, ${c.vector.kind} ${c.vector.index}`}`
        : `${c.vector.kind} ${c.vector.index}`;
      w.doc(`${c.name}: no status register, the vector is the cause (${where}; never in pending(), no ack; \`vector('${c.name}'${c.ring && c.ring.count > 1 ? ', i' : ''})\` for irq.wait/handle)${c.doc ? ` — ${c.doc}` : ''}`);
      w.line(`static readonly ${STATIC_RESERVED.has(c.name) ? `${c.name}_` : c.name} = ${hex(2 ** i)};`);
      return;
    }
    const how = c.ack.kind === 'none' ? 'level: no ack' : c.ack.kind === 'read' ? `ack: reading ${c.ack.ref.path.join('.')}` : `ack: ${c.ack.kind} ${c.ack.ref.path.join('.')}.${c.ack.ref.field}`;
    w.doc(`${c.name}: ${c.status.path.join('.')}.${c.status.field} (${how}; ${c.vector.kind} ${c.vector.index})${c.doc ? ` — ${c.doc}` : ''}`);
    w.line(`static readonly ${STATIC_RESERVED.has(c.name) ? `${c.name}_` : c.name} = ${hex(2 ** i)};`);
  });
  w.blank();
  const params = [...bars].sort((x, y) => x - y).map((b) => `bar${b}: ${ctx.type('Mmio')}`);
  w.openParams('constructor', params);
  for (const [head, args] of decls) w.call(head, args, ');');
  if (mask) w.value('const mask = ', mask, ';');
  w.value(`super(${str(g.name)}, ${mask ? 'mask, ' : ''}`, arr(specs), ');');
  w.close('}');
  w.close('}');
}
