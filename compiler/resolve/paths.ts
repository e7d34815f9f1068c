// Dotted paths in interrupts and rings (`icr`, `icr.txdw`, `misc.status.done`, `regs.tdt`)
// → one register (and maybe a field) with its absolute offset in a BAR. The first part may name the
// BAR; otherwise it is looked up in every BAR of the device and must be found in exactly one.
// Interrupt paths never go through arrays (the IR refers to single registers by name); ring paths may,
// with an element index per array level that is a constant or linear in the ring array's index
// (`regs.rxq[q].rdt`, `doorbell[2 * y + 1]`).
import type { Path } from '../syntax/ast.js';
import type { Span } from '../source/source.js';
import type { ResolveContext } from './context.js';
import type { MBar, MDevice, MField, MLinear, MNode, MRef, MRingElement } from '../model/model.js';
import type { Expr } from '../syntax/ast.js';

type Part = Path['parts'][number];

function spanOfParts(parts: readonly Part[]): Span {
  return { file: parts[0]!.span.file, start: parts[0]!.span.start, end: parts[parts.length - 1]!.span.end };
}

function pickBar(ctx: ResolveContext, device: MDevice, path: Path): { bar: MBar; rest: readonly Part[] } | undefined {
  const [first, ...rest] = path.parts;
  if (!first) return undefined;
  const withRegs = device.bars.filter((b) => b.nodes);
  const named = withRegs.find((b) => b.name === first.name);
  if (named && rest.length > 0 && first.index === undefined) return { bar: named, rest };
  const holders = withRegs.filter((b) => b.nodes!.some((n) => n.name === first.name));
  if (holders.length === 1) return { bar: holders[0]!, rest: path.parts };
  if (holders.length > 1) {
    const list = holders.map((b) => `'${b.name}'`).join(' and ');
    ctx.reporter.report('ambiguousPath', `'${first.name}' is in BARs ${list}; write the BAR name first, e.g. ${holders[0]!.name}.${first.name}`, first.span);
    return undefined;
  }
  ctx.reporter.report('pathNotFound', `no register or block '${first.name}' in any BAR of device '${device.name}'`, first.span);
  return undefined;
}

/** A ring array's index (`y` of `ring sq[y:queues]`), for the element indexes of its paths. */
export interface RingIndex {
  readonly name: string;
  readonly count: number | undefined;
}

/** Resolves `path`; reports and returns undefined when it names nothing. */
export function resolvePath(ctx: ResolveContext, device: MDevice, path: Path): MRef | undefined {
  return walkPath(ctx, device, path, undefined)?.ref;
}

/** A ring's path: array levels need an element index, a constant or linear in `ring`'s index. */
export function resolveRingPath(ctx: ResolveContext, device: MDevice, path: Path, ring: RingIndex | null): { ref: MRef; elements: MRingElement[] } | undefined {
  return walkPath(ctx, device, path, ring);
}

/**
 * `expr` as `scale * INDEX + add` over the ring array's indexes 0..count-1 (a constant when the ring is
 * not an array), or undefined after reporting why not.
 */
export function linearIndex(ctx: ResolveContext, expr: Expr, ring: RingIndex | null, what: string): MLinear | undefined {
  const ev = ctx.evaluator;
  if (!ring) {
    const v = ev.number(expr, what);
    return v === undefined ? undefined : { scale: 0, add: v };
  }
  const at = (y: number): bigint | undefined => ev.withBinding(ring.name, BigInt(y), () => ev.evaluate(expr));
  const b = at(0);
  if (b === undefined) return undefined;
  const b1 = at(1);
  if (b1 === undefined) return undefined;
  const a = b1 - b;
  const n = Math.min(ring.count ?? 2, 4096);
  let linear = a >= 0n && b >= 0n;
  for (let y = 2; linear && y < Math.max(n, 3); y++) linear = at(y) === a * BigInt(y) + b;
  if (!linear || a > BigInt(Number.MAX_SAFE_INTEGER) || b > BigInt(Number.MAX_SAFE_INTEGER)) {
    ctx.reporter.report('ringIndexForm', `${what} must be A * ${ring.name} + B (constants A, B ≥ 0)`, expr.span);
    return undefined;
  }
  return { scale: Number(a), add: Number(b) };
}

function walkPath(ctx: ResolveContext, device: MDevice, path: Path, ring: RingIndex | null | undefined): { ref: MRef; elements: MRingElement[] } | undefined {
  const elements: MRingElement[] = [];
  const start = pickBar(ctx, device, path);
  if (!start) return undefined;
  const { bar } = start;
  let nodes: readonly MNode[] = bar.nodes!;
  let where = `BAR '${bar.name}'`;
  let offset = 0;
  const names: string[] = [];
  const parts = start.rest;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const node = nodes.find((n) => n.name === part.name);
    if (!node) {
      ctx.reporter.report('pathNotFound', `no register or block '${part.name}' in ${where}`, part.span);
      return undefined;
    }
    if (node.offset === undefined) return undefined;
    offset += node.offset;
    if (ring !== undefined && node.array && part.index !== undefined) {
      // A ring path: one element of the array, its index linear in the ring's index.
      const index = linearIndex(ctx, part.index, ring, `the element index of '${node.name}'`);
      if (!index) return undefined;
      elements.push({ node, depth: names.length, index, span: part.index.span });
    } else if (ring !== undefined && node.array) {
      const hint = ring ? `${node.name}[${ring.name}]` : `${node.name}[0]`;
      ctx.reporter.report('arrayPath', `'${node.name}' is an array; a ring path names one element of it, e.g. ${hint}`, part.span);
      return undefined;
    } else if (node.array || part.index !== undefined) {
      // IrFieldRef/IrRegisterRef name one register by plain names: no array elements (yet).
      const msg = node.array
        ? `'${node.name}' is an array; interrupt and ring paths must name a single register outside any array`
        : `'${node.name}' is not an array; remove the index`;
      ctx.reporter.report('arrayPath', msg, part.index?.span ?? part.span);
      return undefined;
    }
    names.push(node.name);
    if (node.kind === 'block') {
      if (i === parts.length - 1) {
        ctx.reporter.report('pathNotFound', `'${node.name}' is a block; name a register in it, e.g. ${node.name}.${node.type?.nodes[0]?.name ?? 'REGISTER'}`, part.span);
        return undefined;
      }
      if (!node.type) return undefined;
      nodes = node.type.nodes;
      where = `block '${node.name}' (type '${node.type.name}')`;
      continue;
    }
    // A register: nothing more, or exactly one field name.
    const rest = parts.slice(i + 1);
    let field: MField | undefined;
    if (rest.length > 1) {
      ctx.reporter.report('pathNotFound', `'${node.name}' is a register; after it comes at most one field name`, spanOfParts(rest.slice(1)));
      return undefined;
    }
    if (rest.length === 1) {
      const fp = rest[0]!;
      field = node.fields.find((f) => f.name === fp.name);
      if (!field) {
        const known = node.fields.map((f) => f.name).join(', ');
        ctx.reporter.report('pathNotFound', `register '${node.name}' has no field '${fp.name}' (its fields: ${known})`, fp.span);
        return undefined;
      }
      if (fp.index !== undefined) {
        ctx.reporter.report('arrayPath', `field '${fp.name}' is not an array; remove the index`, fp.index.span);
        return undefined;
      }
    }
    return { ref: { span: path.span, bar, path: names, offset, register: node, field }, elements };
  }
  return undefined;
}
