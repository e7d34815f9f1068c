// Parsed parts → AST nodes (ast.ts). The parser (parser.ts) hands over tokens and finished child nodes;
// this file checks what the grammar cannot (number and escape syntax, at most one of each setting,
// `word` only in layouts), orders expressions by precedence, joins doc strings, and keeps error
// recovery from leaking into lowering: a node missing a part (a token chevrotain invented, a child
// that was itself incomplete) is not built — the parser leaves it out of its list, so lowering sees
// only declarations that were written whole.
import type { IToken } from 'chevrotain';
import type * as A from './ast.js';
import type { Span } from '../source/source.js';
import type { CodeName } from '../diagnostics/codes.js';
import { BIDI_CONTROL, describeBidi, escapeBidi } from '../source/bidi.js';

/** Thrown when a node is incomplete; the parser turns it into `undefined`, which lists skip. */
export class Incomplete extends Error {}

/** More operators than this in one expression is surely generated garbage; it also keeps tree depth sane. */
export const MAX_OPERATORS = 1000;

/** C precedence, higher binds tighter. */
const precedence: Readonly<Record<string, number>> = {
  '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6,
};

const ackModes = new Set(['w1c', 'w0c', 'w1t', 'rc', 'none']);

/** The whole of a terminated string token (an unterminated one is parsed as a string too). */
const closedString = /^"(?:[^"\\\n\r]|\\[^\n\r])*"$/;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// Body items the parser returns before they are sorted into their declaration.
export interface DocPart {
  readonly kind: 'doc';
  readonly text: string;
  readonly span: Span;
}
export interface Setting {
  readonly key: 'status' | 'enable' | 'test' | 'ack' | 'vector' | 'ring' | 'mask';
  readonly span: Span;
  readonly path?: A.Path;
  readonly set?: A.Path;
  readonly clear?: A.Path;
  readonly vectorKind?: IToken;
  readonly index?: A.Expr;
  readonly hasIndex?: boolean;
  readonly ring?: IToken;
}
export type LayoutPart =
  | A.RegisterDecl
  | DocPart
  | { readonly kind: 'done'; readonly path: A.Path; readonly span: Span }
  | { readonly kind: 'owner'; readonly field: A.Path; readonly value: A.Expr; readonly span: Span }
  | { readonly kind: 'variant'; readonly variant: A.VariantDecl };
export type RingPart =
  | DocPart
  | { readonly kind: 'ringItem'; readonly key: IToken; readonly value: A.Expr | A.Path; readonly span: Span }
  | { readonly kind: 'ringCount'; readonly key: IToken; readonly count?: A.Expr; readonly max?: A.Expr; readonly span: Span }
  | { readonly kind: 'ringVector'; readonly key: IToken; readonly vectorKind: A.Ident; readonly index: A.Expr; readonly span: Span };
export type DevicePart = A.PciDecl | DocPart | A.BarDecl | A.InterruptsDecl | A.LayoutDecl | A.RingDecl | A.AllowDecl;
export type BodyPart = A.RegisterDecl | A.BlockInstance | DocPart | A.AllowDecl;
export type RegisterPart = A.FieldDecl | A.ReservedDecl | DocPart | A.AllowDecl;
/** `[count] (stride s)?` as written before the `@`. */
export interface ArrayPart {
  readonly count: A.Expr;
  readonly stride?: A.Expr;
  readonly span: Span;
}

/** What a register or word header says, gathered by the parser. */
export interface RegisterParts {
  readonly keyword: IToken;
  readonly name: IToken;
  readonly array?: ArrayPart;
  readonly offset?: A.Expr;
  readonly lateStride?: A.Expr;
  readonly width?: A.Expr;
  readonly access: readonly A.AccessItem[];
  readonly split?: IToken;
  readonly shares?: A.Path;
  readonly volatile: boolean;
  readonly reset?: A.Expr;
  readonly doc?: IToken;
  readonly body: readonly (RegisterPart | undefined)[];
}

export class AstBuilder {
  constructor(
    readonly file: string,
    private readonly report: (name: CodeName, message: string, span: Span) => void,
  ) {}

  // -------------------------------------------------------------------------------------------------
  // Parts: every required part goes through `need` (a missing child) or `tok` (an invented token).

  need<T>(x: T | undefined): T {
    if (x === undefined) throw new Incomplete();
    return x;
  }
  tok(t: IToken | undefined): IToken {
    if (!t || t.isInsertedInRecovery) throw new Incomplete();
    return t;
  }
  tokenSpan(t: IToken): Span {
    return { file: this.file, start: t.startOffset, end: t.startOffset + t.image.length };
  }
  join(a: Span, b: Span): Span {
    return { file: this.file, start: a.start, end: b.end };
  }
  ident(t: IToken | undefined): A.Ident {
    const k = this.tok(t);
    return { name: k.image, span: this.tokenSpan(k) };
  }
  private error(name: CodeName, message: string, span: Span): void {
    this.report(name, message, span);
  }
  private defined<T>(xs: readonly (T | undefined)[]): T[] {
    const out: T[] = [];
    for (const x of xs) if (x !== undefined) out.push(x);
    return out;
  }

  /** `"…"` with \" \\ \n escapes; an unknown escape is reported (once per string) and kept as written. */
  string(t: IToken): string {
    const img = t.image;
    const closed = closedString.test(img);
    const body = img.slice(1, closed ? -1 : undefined);
    const bidi = body.search(BIDI_CONTROL);
    if (bidi >= 0) {
      const at = t.startOffset + 1 + bidi;
      this.error('bidiControl', `string contains ${describeBidi(body[bidi]!)}, which makes text display in another order than it is read (Trojan Source); generated files show it as ${escapeBidi(body[bidi]!)}`, { file: this.file, start: at, end: at + 1 });
    }
    if (!body.includes('\\')) return body;
    let out = '';
    let reported = false;
    for (let i = 0; i < body.length; i++) {
      const c = body[i]!;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const n = body[i + 1];
      if (n === '"' || n === '\\') out += n;
      else if (n === 'n') out += '\n';
      else {
        const shown = n === undefined ? '\\' : `\\${n}`;
        // A lone '\' ending an unterminated string is part of that error.
        if (!reported && n !== undefined) {
          const at = t.startOffset + 1 + i;
          this.error('unknownEscape', `unknown escape '${shown}' in string (use \\" \\\\ or \\n)`, { file: this.file, start: at, end: at + shown.length });
          reported = true;
        }
        out += shown;
      }
      i++;
    }
    return out;
  }

  docPart(text: IToken | undefined, span: Span): DocPart {
    return { kind: 'doc', text: this.string(this.tok(text)), span };
  }

  /** The header string and any `doc "…";` statements, in order, joined by a blank line. */
  private doc(header: IToken | undefined, parts: readonly ({ kind: string } | undefined)[] = []): { doc?: string } {
    const texts: string[] = [];
    if (header && !header.isInsertedInRecovery) texts.push(this.string(header));
    for (const p of parts) if (p?.kind === 'doc') texts.push((p as DocPart).text);
    return texts.length ? { doc: texts.join('\n\n') } : {};
  }

  /** `allow CODE "reason";` as written; lowering checks the code and the reason. */
  allowDecl(code: IToken | undefined, reason: IToken | undefined, span: Span): A.AllowDecl {
    const r = this.tok(reason);
    return { kind: 'allow', code: this.ident(code), reason: this.string(r), reasonSpan: this.tokenSpan(r), span };
  }

  /** The `allow` items of a body, as an optional member (absent when there are none). */
  private allows(parts: readonly ({ kind: string } | undefined)[] | undefined): { allows?: A.AllowDecl[] } {
    const out: A.AllowDecl[] = [];
    for (const p of parts ?? []) if (p?.kind === 'allow') out.push(p as A.AllowDecl);
    return out.length ? { allows: out } : {};
  }

  /** 42, 0x2a, 0b101010, 0xffff_0000, 4K (×1024), 1M, 2G. */
  number(t: IToken): A.NumberLit {
    const text = t.image;
    const span = this.tokenSpan(t);
    if (/^[0-9]{1,15}$/.test(text)) return { kind: 'number', value: BigInt(text), span };
    let value: bigint | undefined;
    if (/^0[xX][0-9a-fA-F]+(_[0-9a-fA-F]+)*$/.test(text)) value = BigInt('0x' + text.slice(2).replace(/_/g, ''));
    else if (/^0[bB][01]+(_[01]+)*$/.test(text)) value = BigInt('0b' + text.slice(2).replace(/_/g, ''));
    else {
      const m = /^([0-9]+(?:_[0-9]+)*)([KMG]?)$/.exec(text);
      if (m) {
        const shift = m[2] === 'K' ? 10n : m[2] === 'M' ? 20n : m[2] === 'G' ? 30n : 0n;
        value = BigInt(m[1]!.replace(/_/g, '')) << shift;
      }
    }
    if (value === undefined) {
      const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
      this.error('malformedNumber', `malformed number '${shown}' (write 42, 0x2a, 0b101010 or 4K; '_' only between digits)`, span);
      throw new Incomplete();
    }
    return { kind: 'number', value, span };
  }

  // -------------------------------------------------------------------------------------------------
  // Expressions

  name(t: IToken): A.NameRef {
    return { kind: 'name', name: t.image, span: this.tokenSpan(t) };
  }

  /** `cap.dstrd`, `regs.cap.dstrd`: a register field in an expression. */
  fieldRef(first: IToken, more: readonly IToken[]): A.FieldRefExpr {
    const parts = [first, ...more].map((t) => ({ name: t.image, span: this.tokenSpan(t) }));
    const span = this.join(parts[0]!.span, parts[parts.length - 1]!.span);
    return { kind: 'field', path: { parts, span }, span };
  }

  /** Parentheses widen the inner node's span, so a diagnostic underlines what was written. */
  paren(open: IToken, inner: A.Expr | undefined, close: IToken): A.Expr {
    const e = this.need(inner);
    return { ...e, span: this.join(this.tokenSpan(open), close.isInsertedInRecovery ? e.span : this.tokenSpan(close)) };
  }

  /** ('-' | '~')* atom */
  unary(ops: readonly IToken[], atom: A.Expr | undefined): A.Expr {
    let e = this.need(atom);
    if (ops.length > MAX_OPERATORS) return this.tooLong(ops.length, e.span);
    for (let i = ops.length - 1; i >= 0; i--) {
      const t = ops[i]!;
      e = { kind: 'unary', op: t.image as A.Unary['op'], operand: e, span: this.join(this.tokenSpan(t), e.span) };
    }
    return e;
  }

  /**
   * operand (BINOP operand)* by precedence climbing with two stacks; equal precedence reduces first,
   * so operators are left-associative.
   */
  binary(operands: readonly (A.Expr | undefined)[], ops: readonly IToken[]): A.Expr {
    if (ops.length === 0) return this.need(operands[0]);
    if (ops.length > MAX_OPERATORS) return this.tooLong(ops.length, this.need(operands[0]).span);
    if (operands.length !== ops.length + 1) throw new Incomplete();
    const out: A.Expr[] = [this.need(operands[0])];
    const pending: A.Binary['op'][] = [];
    const reduce = (): void => {
      const right = out.pop()!;
      const left = out.pop()!;
      out.push({ kind: 'binary', op: pending.pop()!, left, right, span: this.join(left.span, right.span) });
    };
    for (let i = 0; i < ops.length; i++) {
      const op = this.tok(ops[i]).image as A.Binary['op'];
      while (pending.length && precedence[pending[pending.length - 1]!]! >= precedence[op]!) reduce();
      pending.push(op);
      out.push(this.need(operands[i + 1]));
    }
    while (pending.length) reduce();
    return out[0]!;
  }

  private tooLong(count: number, at: Span): never {
    this.error('expressionTooLong', `expression too long (${count} operators; at most ${MAX_OPERATORS})`, at);
    throw new Incomplete();
  }

  // path := NAME ('[' expr ']')? ('.' NAME ('[' expr ']')?)*
  pathPart(name: IToken, index: A.Expr | undefined, close: IToken | undefined): A.Path['parts'][number] {
    const n = this.tok(name);
    if (!close) return { name: n.image, span: this.tokenSpan(n) };
    const e = this.need(index);
    return { name: n.image, index: e, span: this.join(this.tokenSpan(n), close.isInsertedInRecovery ? e.span : this.tokenSpan(close)) };
  }
  path(parts: readonly A.Path['parts'][number][]): A.Path {
    return { parts, span: this.join(parts[0]!.span, parts[parts.length - 1]!.span) };
  }

  // -------------------------------------------------------------------------------------------------
  // Top level

  importDecl(path: IToken, span: Span): A.ImportDecl {
    const p = this.tok(path);
    return { kind: 'import', path: this.string(p), pathSpan: this.tokenSpan(p), span };
  }

  constDecl(name: IToken, value: A.Expr | undefined, doc: IToken | undefined, span: Span): A.ConstDecl {
    return { kind: 'const', name: this.ident(name), value: this.need(value), ...this.doc(doc), span };
  }

  enumValue(name: IToken, value: A.Expr | undefined, doc: IToken | undefined, span: Span): A.EnumValue {
    return { name: this.ident(name), value: this.need(value), ...this.doc(doc), span };
  }

  enumDecl(name: IToken, doc: IToken | undefined, values: readonly (A.EnumValue | undefined)[] | undefined, span: Span): A.EnumDecl {
    return { kind: 'enum', name: this.ident(name), values: this.defined(this.need(values)), ...this.doc(doc), span };
  }

  /** Registers and block instances of a body, in source order; its doc and allow statements go to the owner. */
  private bodyItems(parts: readonly (BodyPart | undefined)[]): A.BlockItem[] {
    const items: A.BlockItem[] = [];
    for (const p of parts) if (p && p.kind !== 'doc' && p.kind !== 'allow') items.push(p);
    return items;
  }

  blockDecl(name: IToken, doc: IToken | undefined, body: readonly (BodyPart | undefined)[], span: Span): A.BlockDecl {
    return { kind: 'block', name: this.ident(name), items: this.bodyItems(body), ...this.doc(doc, body), ...this.allows(body), span };
  }

  /** `[count] (stride s)?` before the `@`, or `[count] @ off stride s`: either place, not both. */
  private arraySpec(array: ArrayPart | undefined, lateStride: A.Expr | undefined): { array?: A.ArraySpec } {
    if (!array) {
      if (lateStride) this.error('notAllowedHere', "'stride' is not allowed here: it needs an array (NAME[COUNT] before '@')", lateStride.span);
      return {};
    }
    if (array.stride && lateStride) this.error('strideTwice', 'stride given twice (once after the count, once after the offset)', lateStride.span);
    const stride = array.stride ?? lateStride;
    return {
      array: {
        count: array.count,
        ...(stride ? { stride } : {}),
        span: stride && !array.stride ? this.join(array.span, stride.span) : array.span,
      },
    };
  }

  arrayPart(count: A.Expr | undefined, stride: A.Expr | undefined, hasStride: boolean, span: Span): ArrayPart {
    if (hasStride) this.need(stride);
    return { count: this.need(count), ...(stride ? { stride } : {}), span };
  }

  blockInstance(
    name: IToken,
    array: ArrayPart | undefined,
    offset: A.Expr | undefined,
    lateStride: A.Expr | undefined,
    type: IToken | undefined,
    doc: IToken | undefined,
    body: readonly (BodyPart | undefined)[] | undefined,
    span: Span,
  ): A.BlockInstance {
    if (!type && !body) throw new Incomplete();
    return {
      kind: 'blockInstance',
      name: this.ident(name),
      ...this.arraySpec(array, lateStride),
      offset: this.need(offset),
      ...(type ? { type: this.ident(type) } : { items: this.bodyItems(body!) }),
      ...this.doc(doc, body),
      ...this.allows(body),
      span,
    };
  }

  /** A register, or a layout's word: same syntax, different keyword. */
  registerDecl(r: RegisterParts, expected: 'register' | 'word', span: Span): A.RegisterDecl {
    const kw = this.tok(r.keyword);
    if (kw.image !== expected) {
      const hint = expected === 'word' ? "a layout holds words: write 'word'" : "'word' is only for DMA layouts: write 'register'";
      this.error('notAllowedHere', `'${kw.image}' is not allowed here (${hint})`, this.tokenSpan(kw));
    }
    const fields: (A.FieldDecl | A.ReservedDecl)[] = [];
    for (const p of r.body) if (p && p.kind !== 'doc' && p.kind !== 'allow') fields.push(p);
    return {
      kind: 'register',
      name: this.ident(r.name),
      ...this.arraySpec(r.array, r.lateStride),
      offset: this.need(r.offset),
      width: this.need(r.width),
      access: r.access,
      ...(r.split ? { split: this.ident(r.split) } : {}),
      ...(r.shares ? { shares: r.shares } : {}),
      volatile: r.volatile,
      ...(r.reset ? { reset: r.reset } : {}),
      ...this.doc(r.doc, r.body),
      fields,
      ...this.allows(r.body),
      span,
    };
  }

  shorthand(t: IToken): A.AccessShorthand {
    const k = this.tok(t);
    return { kind: 'shorthand', name: k.image, span: this.tokenSpan(k) };
  }
  property(key: IToken, value: IToken): A.AccessProperty {
    const k = this.tok(key);
    const v = this.ident(value);
    return { kind: 'property', key: k.image.replace(/[ \t]*=$/, '') as A.AccessProperty['key'], value: v, span: this.join(this.tokenSpan(k), v.span) };
  }

  bitRange(msb: A.Expr | undefined, lsb: A.Expr | undefined, hasLsb: boolean, span: Span): A.BitRange {
    if (hasLsb) this.need(lsb);
    return { msb: this.need(msb), ...(lsb ? { lsb } : {}), span };
  }

  fieldDecl(
    name: IToken,
    bits: A.BitRange | undefined,
    access: readonly A.AccessItem[],
    volatile: boolean,
    reset: A.Expr | undefined,
    en: { ref?: IToken; values?: readonly (A.EnumValue | undefined)[] | undefined; by?: A.EnumBy; span: Span } | undefined,
    doc: IToken | undefined,
    allows: readonly (A.AllowDecl | undefined)[],
    span: Span,
  ): A.FieldDecl {
    let e: A.InlineEnum | A.EnumRef | A.EnumBy | undefined;
    if (en?.by) e = en.by;
    else if (en?.ref) e = { kind: 'ref', name: this.ident(en.ref), span: en.span };
    else if (en) e = { kind: 'inline', values: this.defined(this.need(en.values)), span: en.span };
    return {
      kind: 'field',
      name: this.ident(name),
      bits: this.need(bits),
      access,
      volatile,
      ...(reset ? { reset } : {}),
      ...(e ? { enum: e } : {}),
      ...this.doc(doc),
      ...this.allows(allows),
      span,
    };
  }

  enumBy(selector: IToken, open: IToken, cases: readonly (A.EnumByCase | undefined)[], span: Span): A.EnumBy {
    return { kind: 'by', selector: this.ident(selector), listSpan: this.tokenSpan(open), cases: this.defined(cases), span };
  }

  enumByCase(key: IToken, en: IToken, span: Span): A.EnumByCase {
    return { key: this.ident(key), enum: this.ident(en), span };
  }

  reservedDecl(bits: A.BitRange | undefined, policy: IToken | undefined, span: Span): A.ReservedDecl {
    return { kind: 'reserved', bits: this.need(bits), ...(policy ? { policy: this.ident(policy) } : {}), span };
  }

  // -------------------------------------------------------------------------------------------------
  // Devices

  deviceDecl(name: IToken, doc: IToken | undefined, parts: readonly (DevicePart | undefined)[], span: Span): A.DeviceDecl {
    const n = this.ident(name);
    let pci: A.PciDecl | undefined;
    const bars: A.BarDecl[] = [];
    const interrupts: A.InterruptsDecl[] = [];
    const layouts: A.LayoutDecl[] = [];
    const rings: A.RingDecl[] = [];
    for (const p of parts) {
      if (!p) continue;
      switch (p.kind) {
        case 'pci':
          if (pci) this.error('duplicateSetting', `device '${n.name}' has more than one 'pci' block`, p.span);
          else pci = p;
          break;
        case 'bar': bars.push(p); break;
        case 'interrupts': interrupts.push(p); break;
        case 'layout': layouts.push(p); break;
        case 'ring': rings.push(p); break;
        default: // doc parts are joined and allow parts gathered below
      }
    }
    return { kind: 'device', name: n, ...this.doc(doc, parts), ...(pci ? { pci } : {}), bars, interrupts, layouts, rings, ...this.allows(parts), span };
  }

  pciProperty(key: IToken, value: A.Expr | undefined, span: Span): A.PciProperty {
    return { key: this.ident(key), value: this.need(value), span };
  }
  pciDecl(properties: readonly (A.PciProperty | undefined)[], span: Span): A.PciDecl {
    return { kind: 'pci', properties: this.defined(properties), span };
  }

  barDecl(
    index: A.Expr | undefined,
    name: IToken,
    kind: IToken,
    size: A.Expr | undefined,
    flags: readonly IToken[],
    doc: IToken | undefined,
    body: readonly (BodyPart | undefined)[] | undefined,
    span: Span,
  ): A.BarDecl {
    return {
      kind: 'bar',
      index: this.need(index),
      name: this.ident(name),
      barKind: this.ident(kind),
      size: this.need(size),
      flags: flags.map((f) => this.ident(f)),
      ...this.doc(doc, body),
      ...(body ? { items: this.bodyItems(body) } : {}),
      ...this.allows(body),
      span,
    };
  }

  setting(keyword: IToken, rest: Omit<Setting, 'key' | 'span'>, span: Span): Setting {
    return { key: this.tok(keyword).image as Setting['key'], ...rest, span };
  }

  /** Settings in order; a second one of a kind is reported and ignored. */
  private settings(list: readonly (Setting | undefined)[], owner: string, where: 'group' | 'cause'): A.InterruptSettings & { mask?: A.MaskDecl } {
    const out: Mutable<A.InterruptSettings & { mask?: A.MaskDecl }> = {};
    for (const s of list) {
      if (!s) continue;
      const given = s.key === 'status' ? out.status ?? out.noStatus : out[s.key];
      if (given !== undefined) {
        this.error('duplicateSetting', `${owner} gives '${s.key}' more than once`, s.span);
        continue;
      }
      if (s.key === 'mask' && where === 'cause') {
        this.error('notAllowedHere', `'mask' is not allowed here ('mask set REG clear REG;' is a setting of the interrupts group: one mask for all its vectors)`, s.span);
        continue;
      }
      if (s.key === 'ring' && where === 'group') {
        this.error('notAllowedHere', `'ring' is not allowed here ('ring RING' goes after a cause's name: the cause is new entries in that ring)`, s.span);
        continue;
      }
      switch (s.key) {
        case 'status': {
          // `status none`: no status register, the vector is the cause (like `ack none`, a lone word).
          const path = this.need(s.path);
          const only = path.parts.length === 1 ? path.parts[0]! : undefined;
          if (only && !only.index && only.name === 'none') out.noStatus = s.span;
          else out.status = path;
          break;
        }
        case 'ring': out.ring = this.ident(s.ring); break;
        case 'mask': out.mask = { set: this.need(s.set), clear: this.need(s.clear), span: s.span }; break;
        case 'test': out.test = this.need(s.path); break;
        case 'enable':
          out.enable = s.path ? { target: s.path, span: s.span } : { set: this.need(s.set), clear: this.need(s.clear), span: s.span };
          break;
        case 'ack': {
          // A lone mode word is a mode; anything else (`ack icr.done`, `ack ackreg`) is a register path.
          const target = this.need(s.path);
          const only = target.parts.length === 1 ? target.parts[0]! : undefined;
          out.ack = only && !only.index && ackModes.has(only.name) ? { mode: { name: only.name, span: only.span }, span: s.span } : { target, span: s.span };
          break;
        }
        default:
          out.vector = { kind: this.ident(s.vectorKind), ...(s.index ? { index: s.index } : {}), span: s.span };
      }
    }
    return out;
  }

  causeDecl(name: IToken, doc: IToken | undefined, settings: readonly (Setting | undefined)[], span: Span): A.CauseDecl {
    const n = this.ident(name);
    return { name: n, ...this.doc(doc), ...this.settings(settings, `cause '${n.name}'`, 'cause'), span };
  }

  interruptsDecl(
    name: IToken,
    doc: IToken | undefined,
    parts: readonly (Setting | A.CauseDecl | DocPart | undefined)[],
    span: Span,
  ): A.InterruptsDecl {
    const n = this.ident(name);
    const settings: Setting[] = [];
    const causes: A.CauseDecl[] = [];
    for (const p of parts) {
      if (!p || ('kind' in p && p.kind === 'doc')) continue;
      if ('key' in p) settings.push(p);
      else causes.push(p as A.CauseDecl);
    }
    return { kind: 'interrupts', name: n, ...this.doc(doc, parts as readonly ({ kind: string } | undefined)[]), ...this.settings(settings, `interrupts group '${n.name}'`, 'group'), causes, span };
  }

  // -------------------------------------------------------------------------------------------------
  // DMA layouts and rings

  layoutDecl(name: IToken, size: A.Expr | undefined, align: A.Expr | undefined, doc: IToken | undefined, parts: readonly (LayoutPart | undefined)[], span: Span): A.LayoutDecl {
    const n = this.ident(name);
    const words: A.RegisterDecl[] = [];
    const variants: A.VariantDecl[] = [];
    let done: A.Path | undefined;
    let owner: A.LayoutDecl['owner'];
    for (const p of parts) {
      if (!p) continue;
      if (p.kind === 'register') words.push(p);
      else if (p.kind === 'variant') variants.push(p.variant);
      else if (p.kind === 'done') {
        if (done) this.error('duplicateSetting', `layout '${n.name}' gives 'done' more than once`, p.span);
        else done = p.path;
      } else if (p.kind === 'owner') {
        if (owner) this.error('duplicateSetting', `layout '${n.name}' gives 'owner' more than once`, p.span);
        else owner = { field: p.field, value: p.value, span: p.span };
      }
    }
    return {
      kind: 'layout',
      name: n,
      size: this.need(size),
      ...(align ? { align } : {}),
      ...this.doc(doc, parts),
      words,
      ...(owner ? { owner } : {}),
      ...(done ? { done } : {}),
      ...(variants.length > 0 ? { variants } : {}),
      span,
    };
  }

  variantDecl(name: IToken, doc: IToken | undefined, parts: readonly (A.RegisterDecl | DocPart | undefined)[], span: Span): LayoutPart {
    const words = parts.filter((p): p is A.RegisterDecl => p !== undefined && p.kind === 'register');
    return { kind: 'variant', variant: { name: this.ident(name), ...this.doc(doc, parts), words, span } };
  }

  ringItem(key: IToken, value: A.Expr | A.Path | undefined, span: Span): RingPart {
    return { kind: 'ringItem', key: this.tok(key), value: this.need(value), span };
  }

  ringCount(key: IToken, count: A.Expr | undefined, max: A.Expr | undefined, span: Span): RingPart {
    if (!count && !max) this.error('unexpectedToken', "expected the ring's entry count or 'max' and its bound after 'count'", span);
    return { kind: 'ringCount', key: this.tok(key), ...(count ? { count } : {}), ...(max ? { max } : {}), span };
  }

  ringVector(key: IToken, kind: IToken, index: A.Expr | undefined, span: Span): RingPart {
    return { kind: 'ringVector', key: this.tok(key), vectorKind: this.ident(kind), index: this.need(index), span };
  }

  ringDecl(
    name: IToken,
    array: { readonly index: IToken; readonly count: A.Expr | undefined } | undefined,
    layout: IToken,
    doc: IToken | undefined,
    parts: readonly (RingPart | undefined)[],
    span: Span,
  ): A.RingDecl {
    const n = this.ident(name);
    type Key = 'count' | 'tail' | 'head' | 'baseLo' | 'baseHi' | 'length' | 'phase' | 'completes' | 'vector';
    const keyOf: Readonly<Record<string, Key>> = {
      count: 'count', tail: 'tail', head: 'head', base_lo: 'baseLo', base_hi: 'baseHi', length: 'length', phase: 'phase', completes: 'completes', vector: 'vector',
    };
    const out: { -readonly [K in Key | 'countMax']?: unknown } = {};
    for (const p of parts) {
      if (!p || (p.kind !== 'ringItem' && p.kind !== 'ringCount' && p.kind !== 'ringVector')) continue;
      const field = keyOf[p.key.image]!;
      if (out[field] !== undefined || (field === 'count' && out.countMax !== undefined)) {
        this.error('duplicateSetting', `ring '${n.name}' gives '${p.key.image}' more than once`, p.span);
        continue;
      }
      if (p.kind === 'ringCount') {
        if (p.count) out.count = p.count;
        if (p.max) out.countMax = p.max;
      } else if (p.kind === 'ringVector') out.vector = { kind: p.vectorKind, index: p.index, span: p.span };
      else out[field] = p.value;
    }
    return {
      kind: 'ring',
      name: n,
      ...(array ? { array: { index: this.ident(array.index), count: this.need(array.count) } } : {}),
      layout: this.ident(layout),
      ...this.doc(doc, parts),
      ...(Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Partial<A.RingDecl>),
      span,
    };
  }
}
