// Interrupt groups → causes with resolved status/enable/ack/test bits and a vector. Group settings are
// resolved once; a register path there means "the field named like the cause". Access checks on
// the resolved bits are rules (check/rules/interruptAccess.ts), not done here.
import type { AckDecl, EnableDecl, InterruptsDecl, Path, VectorDecl } from '../syntax/ast.js';
import type { ResolveContext } from './context.js';
import { resolvePath } from './paths.js';
import type { MAck, MCause, MDevice, MEnable, MInterruptGroup, MRef, MVector } from '../model/model.js';

const ACK_MODE_LIST = 'w1c, w1t, w0c, rc, none or a REGISTER.FIELD to write 1 to';
const ACK_MODES: Readonly<Record<string, 'w1c' | 'w0c' | 'read' | 'none'>> = { w1c: 'w1c', w1t: 'w1c', w0c: 'w0c', rc: 'read', none: 'none' };

export function resolveInterrupts(ctx: ResolveContext, device: MDevice, decl: InterruptsDecl): MInterruptGroup {
  const resolve = (p: Path | undefined): MRef | undefined => (p ? resolvePath(ctx, device, p) : undefined);
  // Group-level paths, resolved once for all causes.
  const g = {
    status: resolve(decl.status),
    enable: resolveEnable(decl.enable, resolve),
    test: resolve(decl.test),
    ackTarget: resolveAckTarget(ctx, device, decl.ack),
    vector: resolveVector(ctx, decl.vector),
  };
  checkAckMode(ctx, decl.ack);
  for (const c of decl.causes) checkAckMode(ctx, c.ack);
  ctx.namespaces.push(decl.causes.map((c) => ({ what: 'cause', name: c.name.name, nameSpan: c.name.span })));

  const causes = decl.causes.map((c): MCause => {
    /** The bit of `ref` for this cause: the named field, or the field named like the cause. */
    const bit = (ref: MRef | undefined, atCause: boolean, role: string): MRef | undefined => {
      if (!ref || ref.field) return ref;
      const f = ref.register.fields.find((x) => x.name === c.name.name) ?? (atCause && ref.register.implicitField ? ref.register.fields[0] : undefined);
      if (!f) {
        const reg = ref.path.join('.');
        const fix = `add field '${c.name.name}' to '${ref.register.name}' or write '${role} ${reg}.FIELD' after the cause's name`;
        ctx.reporter.report('causeBitMissing', `cause '${c.name.name}' has no ${role} bit: register '${reg}' has no field '${c.name.name}'; ${fix}`, atCause ? ref.span : c.name.span);
        return undefined;
      }
      return { ...ref, field: f };
    };
    const pick = (own: Path | undefined, group: MRef | undefined, role: string): MRef | undefined =>
      own ? bit(resolve(own), true, role) : bit(group, false, role);

    // `ring RING` or `status none` (the cause's or the group's): the vector is the cause, no status bit.
    const lessSpan = c.ring?.span ?? c.noStatus ?? (c.status ? undefined : decl.noStatus);
    const statusless = lessSpan
      ? { span: lessSpan, ring: c.ring ? { name: c.ring.name, span: c.ring.span } : undefined, vectorSpan: c.vector?.span }
      : undefined;
    const status = statusless ? (c.status ? resolve(c.status) : undefined) : pick(c.status, g.status, 'status');
    if (!statusless && !c.status && !decl.status) {
      ctx.reporter.report(
        'missingStatus',
        `cause '${c.name.name}' has no status bit; add 'status REG;' to group '${decl.name.name}' or 'status REG.FIELD' to the cause, or, when the vector itself is the cause, 'ring RING' (new entries in that ring) or 'status none'`,
        c.name.span,
      );
    }
    const enable = causeEnable(c.enable, g.enable, resolve, bit);
    // A group-level test register is optional per cause: a cause without a bit there has no test().
    const groupTest = g.test && !g.test.field && !g.test.register.fields.some((f) => f.name === c.name.name) ? undefined : g.test;
    const test = pick(c.test, groupTest, 'test');
    // A cause without status has nothing to acknowledge: a group-level ack is not its (RM0512 reports its own).
    const ack: MAck = statusless
      ? { kind: 'none' }
      : c.ack
        ? causeAck(c.ack, resolveAckTarget(ctx, device, c.ack), true, status, bit)
        : causeAck(decl.ack, g.ackTarget, false, status, bit);
    const vector = c.vector ? resolveVector(ctx, c.vector) : g.vector;
    return { name: c.name.name, nameSpan: c.name.span, span: c.span, doc: c.doc ?? '', status, statusless, enable, ack, ackSpan: c.ack?.span, test, vector };
  });
  const maskSet = resolve(decl.mask?.set);
  const maskClear = resolve(decl.mask?.clear);
  const mask = decl.mask && maskSet && maskClear ? { span: decl.mask.span, set: maskSet, clear: maskClear } : undefined;
  return { name: decl.name.name, nameSpan: decl.name.span, span: decl.span, doc: decl.doc ?? '', mask, causes };
}

type Resolve = (p: Path | undefined) => MRef | undefined;
type Bit = (ref: MRef | undefined, atCause: boolean, role: string) => MRef | undefined;
type GroupEnable = { kind: 'field'; ref: MRef | undefined } | { kind: 'setClear'; set: MRef | undefined; clear: MRef | undefined } | undefined;

function resolveEnable(e: EnableDecl | undefined, resolve: Resolve): GroupEnable {
  if (!e) return undefined;
  if (e.target) return { kind: 'field', ref: resolve(e.target) };
  return { kind: 'setClear', set: resolve(e.set), clear: resolve(e.clear) };
}

function causeEnable(own: EnableDecl | undefined, group: GroupEnable, resolve: Resolve, bit: Bit): MEnable {
  const atCause = own !== undefined;
  const e = atCause ? resolveEnable(own, resolve) : group;
  if (!e) return { kind: 'none' };
  if (e.kind === 'field') {
    const ref = bit(e.ref, atCause, 'enable');
    return ref ? { kind: 'field', ref } : { kind: 'none' };
  }
  const set = bit(e.set, atCause, 'enable set');
  const clear = bit(e.clear, atCause, 'enable clear');
  return set && clear ? { kind: 'setClear', set, clear } : { kind: 'none' };
}

/** `ack NAME;` where NAME is no register anywhere is a misspelt mode, not a path. */
function resolveAckTarget(ctx: ResolveContext, device: MDevice, decl: AckDecl | undefined): MRef | undefined {
  const target = decl?.target;
  if (!target) return undefined;
  const only = target.parts.length === 1 ? target.parts[0]! : undefined;
  if (only && only.index === undefined && !device.bars.some((b) => b.nodes?.some((n) => n.name === only.name))) {
    ctx.reporter.report('unknownAckMode', `unknown ack mode '${only.name}'; expected ${ACK_MODE_LIST}`, only.span);
    return undefined;
  }
  return resolvePath(ctx, device, target);
}

function causeAck(decl: AckDecl | undefined, target: MRef | undefined, atCause: boolean, status: MRef | undefined, bit: Bit): MAck {
  if (decl?.target) {
    const ref = bit(target, atCause, 'ack');
    return ref ? { kind: 'write', ref } : { kind: 'none' };
  }
  if (decl?.mode) {
    const kind = ACK_MODES[decl.mode.name];
    if (!kind) return { kind: 'none' }; // reported by checkAckMode
    if (kind === 'none' || !status) return { kind: 'none' };
    return { kind, mode: decl.mode.name, modeSpan: decl.mode.span, ref: status };
  }
  // No ack given: follow the status bit's own semantics.
  if (!status?.field) return { kind: 'none' };
  const f = status.field;
  const kind = f.access.onWrite === 'w1c' || f.access.onWrite === 'w1t' ? 'w1c' : f.access.onWrite === 'w0c' ? 'w0c' : f.access.onRead === 'clear' ? 'read' : undefined;
  return kind ? { kind, mode: 'inferred', modeSpan: status.span, ref: status } : { kind: 'none' };
}

function checkAckMode(ctx: ResolveContext, decl: AckDecl | undefined): void {
  if (decl?.mode && !ACK_MODES[decl.mode.name]) {
    ctx.reporter.report('unknownAckMode', `unknown ack mode '${decl.mode.name}'; expected ${ACK_MODE_LIST}`, decl.mode.span);
  }
}

const VECTOR_KINDS = new Set(['intx', 'msi', 'msix']);

function resolveVector(ctx: ResolveContext, v: VectorDecl | undefined): MVector {
  if (!v) return { kind: 'intx', index: 0, span: undefined };
  let kind = v.kind.name;
  if (!VECTOR_KINDS.has(kind)) {
    ctx.reporter.report('unknownVector', `unknown vector kind '${kind}'; expected intx, msi or msix`, v.kind.span);
    kind = 'intx';
  }
  const index = v.index ? ctx.evaluator.number(v.index, 'vector index', 2 ** 31) ?? 0 : 0;
  return { kind: kind as MVector['kind'], index, span: v.index?.span ?? v.kind.span };
}
