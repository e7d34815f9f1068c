// Finds which register (and which array element / block instance) an offset of a BAR falls in, and
// which offsets a path names — without expanding arrays: nodes are sorted once per scope and found by
// binary search, indices are computed from count and stride. A BAR with a million registers via arrays
// costs as much as one with a handful.
import type { IrBar, IrBlockType, IrDevice, IrExpr, IrNode, IrRegister } from '../../compiler/ir/ir.js';
import { typeLookup, elementSize, type TypeOf } from '../../compiler/ir/walk.js';

/** One register instance: a concrete element of a concrete block instance. */
export interface RegisterInstance {
  readonly reg: IrRegister;
  /** Absolute byte offset of the register within the BAR. */
  readonly offset: number;
  /** e.g. `rxq[1].rdt` */
  readonly path: string;
  /** The same path without indices, e.g. `rxq.rdt` (hooks on it see every element). */
  readonly genericPath: string;
  /**
   * Where its value is kept: its own offset, or for a register that `shares` a sibling's storage
   * (INTMC of INTMS) the sibling's offset, so both read the one mask.
   */
  readonly storage: number;
}

interface Span {
  readonly node: IrNode;
  readonly start: number;
  /** Bytes of one element. */
  readonly size: number;
  readonly count: number;
  /** A run-time stride (IrArray.strideExpr) is re-read from the device's registers before each lookup. */
  stride: number;
  /** One past the last byte of the last element. */
  end: number;
}

interface Scope {
  /** Sorted by start. Spans may interleave (ral[16] @0x5400 stride 8 with rah[16] @0x5404 stride 8). */
  readonly spans: readonly Span[];
  /** maxEnd[i] = the largest end among spans[0..i], to stop the backward search early. */
  maxEnd: number[];
}

export class AddressMap {
  private readonly scopes = new Map<string, Scope>();
  private readonly typeOf: TypeOf;
  private readonly root: Scope;

  /** Root spans whose stride the device gives (NVMe doorbells: 4 << CAP.DSTRD). */
  private readonly dynamic: Span[];

  /** `runtime` evaluates a run-time expression over the device's current register values. */
  constructor(
    private readonly device: IrDevice,
    readonly bar: IrBar,
    private readonly runtime: (e: IrExpr) => number = () => {
      throw new Error(`sim ${device.name}: a run-time stride needs the device's registers`);
    },
  ) {
    this.typeOf = typeLookup(device);
    this.root = this.scopeOf(bar.nodes);
    this.dynamic = this.root.spans.filter((sp) => sp.node.array?.strideExpr !== undefined);
  }

  /** The stride of a BAR-level array as the device has it now. */
  strideOf(node: IrNode): number {
    const e = node.array?.strideExpr;
    return e ? this.runtime(e) : (node.array?.stride ?? elementSize(node, (name) => this.blockType(name))!);
  }

  private refresh(): void {
    if (this.dynamic.length === 0) return;
    for (const sp of this.dynamic) {
      sp.stride = this.strideOf(sp.node);
      sp.end = sp.start + (sp.count - 1) * sp.stride + sp.size;
    }
    let m = 0;
    this.root.maxEnd = this.root.spans.map((sp) => (m = Math.max(m, sp.end)));
  }

  private blockType(name: string): IrBlockType {
    const t = this.typeOf(name);
    if (!t) throw new Error(`sim ${this.device.name}: block type '${name}' is not in the IR`);
    return t;
  }

  private scopeOf(nodes: readonly IrNode[], key?: string): Scope {
    const cached = key === undefined ? undefined : this.scopes.get(key);
    if (cached) return cached;
    const spans = nodes
      .map((node): Span => {
        const size = elementSize(node, (name) => this.blockType(name))!;
        const count = node.array?.count ?? 1;
        const stride = node.array?.stride ?? size;
        return { node, start: node.offset, size, count, stride, end: node.offset + (count - 1) * stride + size };
      })
      .sort((a, b) => a.start - b.start);
    let m = 0;
    const maxEnd = spans.map((sp) => (m = Math.max(m, sp.end)));
    const scope = { spans, maxEnd };
    if (key !== undefined) this.scopes.set(key, scope);
    return scope;
  }

  /** The register instance containing byte `offset`, or undefined for a hole. */
  find(offset: number): RegisterInstance | undefined {
    this.refresh();
    let scope = this.root;
    let base = 0;
    let path = '';
    let generic = '';
    for (;;) {
      const rel = offset - base;
      const hit = findElement(scope, rel);
      if (!hit) return undefined;
      const { span, index, elementStart } = hit;
      const name = span.node.array ? `${span.node.name}[${index}]` : span.node.name;
      path = path ? `${path}.${name}` : name;
      generic = generic ? `${generic}.${span.node.name}` : span.node.name;
      if (span.node.kind === 'register') {
        const shares = span.node.shares;
        const shared = shares === undefined ? undefined : scope.spans.find((sp) => sp.node.name === shares);
        const offset = base + elementStart;
        return { reg: span.node, offset, path, genericPath: generic, storage: shared ? base + shared.start : offset };
      }
      const type = this.blockType(span.node.type);
      scope = this.scopeOf(type.nodes, type.name);
      base += elementStart;
    }
  }

  /**
   * What a path names: `status`, `rxq.rdt` (every element), `rxq[1].rdt`, `mta[3]`. `offset` is set when
   * the path names exactly one instance (every array indexed). Throws a clear error for unknown names.
   */
  resolve(path: string): { reg: IrRegister; genericPath: string; offset: number | undefined } {
    const parts = path.split('.').map((p) => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?$/.exec(p);
      if (!m) throw new Error(`sim ${this.device.name}: bad register path '${path}' (expected names like 'rxq[1].rdt')`);
      return { name: m[1]!, index: m[2] === undefined ? undefined : Number(m[2]) };
    });
    let nodes: readonly IrNode[] = this.bar.nodes;
    let offset: number | undefined = 0;
    for (let i = 0; i < parts.length; i++) {
      const { name, index } = parts[i]!;
      const node = nodes.find((n) => n.name === name);
      if (!node) {
        const where = i === 0 ? `BAR ${this.bar.index} (${this.bar.name})` : `'${parts.slice(0, i).map((p) => p.name).join('.')}'`;
        throw new Error(`sim ${this.device.name}: no register or block '${name}' in ${where} (path '${path}')`);
      }
      const count = node.array?.count ?? 1;
      if (index !== undefined && (!node.array || index >= count)) {
        throw new Error(`sim ${this.device.name}: index ${index} out of range for '${name}' in '${path}' (${node.array ? `count ${count}` : 'not an array'})`);
      }
      const size = elementSize(node, (name) => this.blockType(name))!;
      if (node.array && index === undefined) offset = undefined;
      else if (offset !== undefined) offset += node.offset + (index ?? 0) * (i === 0 && node.array?.strideExpr ? this.strideOf(node) : (node.array?.stride ?? size));
      if (node.kind === 'register') {
        if (i !== parts.length - 1) throw new Error(`sim ${this.device.name}: '${name}' is a register, not a block (path '${path}')`);
        return { reg: node, genericPath: parts.map((p) => p.name).join('.'), offset };
      }
      nodes = this.blockType(node.type).nodes;
    }
    throw new Error(`sim ${this.device.name}: '${path}' names a block, not a register`);
  }
}

/** The span and element containing `rel`: the last span starting at or before it, then earlier ones that still reach it. */
function findElement(scope: Scope, rel: number): { span: Span; index: number; elementStart: number } | undefined {
  const { spans, maxEnd } = scope;
  let lo = 0;
  let hi = spans.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start <= rel) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let j = last; j >= 0 && maxEnd[j]! > rel; j--) {
    const span = spans[j]!;
    if (rel >= span.end) continue;
    const index = span.node.array ? Math.floor((rel - span.start) / span.stride) : 0;
    const elementStart = span.start + index * span.stride;
    if (rel - elementStart < span.size) return { span, index, elementStart };
  }
  return undefined;
}
