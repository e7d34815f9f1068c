// Dotted paths in interrupts and rings (`icr`, `icr.txdw`, `misc.status.done`, `regs.tdt`)
// → one register (and maybe a field) with its absolute offset in a BAR. The first part may name the
// BAR; otherwise it is looked up in every BAR of the device and must be found in exactly one. Paths
// never go through arrays: the IR refers to single registers by name.
import type { Path } from '../syntax/ast.js';
import type { Span } from '../source/source.js';
import type { ResolveContext } from './context.js';
import type { MBar, MDevice, MField, MNode, MRef } from '../model/model.js';

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

/** Resolves `path`; reports and returns undefined when it names nothing. */
export function resolvePath(ctx: ResolveContext, device: MDevice, path: Path): MRef | undefined {
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
    if (node.array || part.index !== undefined) {
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
    return { span: path.span, bar, path: names, offset, register: node, field };
  }
  return undefined;
}
