// CST → AST (ast.ts). Mirrors the grammar rule by rule; checks what the grammar cannot (number and
// escape syntax, at most one of each setting), and keeps error recovery from leaking into lowering:
// a node chevrotain had to patch up (a recovered rule, a token it invented) is left out of the AST
// at the smallest list item that holds it, so lowering sees only declarations that were written whole.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import type { Span } from '../source/source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { Syntax } from './codes.js';
import * as T from './tokens.js';

/** Thrown when a node is incomplete; caught by the list that holds it, which drops the item. */
class Incomplete extends Error {}

/** More operators than this in one expression is surely generated garbage; it also keeps tree depth sane. */
export const MAX_OPERATORS = 1000;

/** C precedence, higher binds tighter. */
const precedence: Readonly<Record<string, number>> = {
  '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6,
};

/** The whole of a terminated string token (an unterminated one is parsed as a string too). */
const closedString = /^"(?:[^"\\\n\r]|\\[^\n\r])*"$/;

const ackModes = new Set(['w1c', 'w0c', 'w1t', 'rc', 'none']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function isToken(e: CstElement): e is IToken {
  return (e as IToken).tokenType !== undefined;
}

export class AstBuilder {
  constructor(
    private readonly file: string,
    private readonly report: (d: Diagnostic) => void,
  ) {}

  // -------------------------------------------------------------------------------------------------
  // CST access

  private nodes(cst: CstNode, label: string): CstNode[] {
    const list = cst.children[label];
    return list ? (list.filter((e) => !isToken(e)) as CstNode[]) : [];
  }
  private tokens(cst: CstNode, label: string): IToken[] {
    const list = cst.children[label];
    return list ? (list.filter(isToken) as IToken[]).filter((t) => !t.isInsertedInRecovery) : [];
  }
  /** A token the AST needs; an invented one (error recovery) makes the node incomplete. */
  private token(cst: CstNode, label: string): IToken {
    const t = cst.children[label]?.[0];
    if (!t || !isToken(t) || t.isInsertedInRecovery) throw new Incomplete();
    return t;
  }
  private optToken(cst: CstNode, label: string): IToken | undefined {
    const t = cst.children[label]?.[0];
    if (!t || !isToken(t)) return undefined;
    if (t.isInsertedInRecovery) throw new Incomplete();
    return t;
  }
  private node(cst: CstNode, label: string): CstNode {
    const n = this.nodes(cst, label)[0];
    if (!n) throw new Incomplete();
    return n;
  }
  /** A leaf rule that chevrotain patched up cannot be trusted. */
  private whole(cst: CstNode): CstNode {
    if (cst.recoveredNode) throw new Incomplete();
    return cst;
  }
  /** Converts each item, leaving out the ones that are incomplete. */
  private each<N, R>(items: readonly N[], convert: (n: N) => R): R[] {
    const out: R[] = [];
    for (const item of items) {
      try {
        out.push(convert(item));
      } catch (e) {
        if (!(e instanceof Incomplete)) throw e;
      }
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------------
  // Spans, names, literals

  private tokenSpan(t: IToken): Span {
    return { file: this.file, start: t.startOffset, end: t.startOffset + t.image.length };
  }
  private join(a: Span, b: Span): Span {
    return { file: this.file, start: a.start, end: b.end };
  }
  /** The node's extent, from chevrotain's location tracking; invented tokens have no offsets. */
  private nodeSpan(cst: CstNode): Span {
    const loc = cst.location;
    const start = loc?.startOffset;
    const end = loc?.endOffset;
    if (start === undefined || Number.isNaN(start)) throw new Incomplete();
    return { file: this.file, start, end: end === undefined || Number.isNaN(end) ? start : end + 1 };
  }
  private ident(t: IToken): A.Ident {
    return { name: t.image, span: this.tokenSpan(t) };
  }
  private error(code: string, message: string, span: Span): void {
    this.report({ severity: 'error', code, message, span });
  }

  /** `"…"` with \" \\ \n escapes; an unknown escape is reported and kept as written. */
  private string(t: IToken): string {
    const img = t.image;
    const closed = closedString.test(img);
    const body = img.slice(1, closed ? -1 : undefined);
    if (!body.includes('\\')) return body;
    let out = '';
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
        const at = t.startOffset + 1 + i;
        const shown = n === undefined ? '\\' : `\\${n}`;
        this.error(Syntax.unknownEscape, `unknown escape '${shown}' in string (use \\" \\\\ or \\n)`, { file: this.file, start: at, end: at + shown.length });
        out += shown;
      }
      i++;
    }
    return out;
  }

  /** The header string and any `doc "…";` statements, in order, joined by a blank line. */
  private doc(header: IToken | undefined, docStmts: readonly CstNode[]): string | undefined {
    const parts: string[] = [];
    if (header) parts.push(this.string(header));
    for (const d of docStmts) {
      const t = this.optToken(d, 'text');
      if (t) parts.push(this.string(t));
    }
    return parts.length ? parts.join('\n\n') : undefined;
  }

  /** 42, 0x2a, 0b101010, 0xffff_0000, 4K (×1024), 1M, 2G. */
  private number(t: IToken): bigint {
    const text = t.image;
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
      this.error(Syntax.malformedNumber, `malformed number '${shown}' (write 42, 0x2a, 0b101010 or 4K; '_' only between digits)`, this.tokenSpan(t));
      throw new Incomplete();
    }
    return value;
  }

  // -------------------------------------------------------------------------------------------------
  // Expressions

  // expr := unary (BINOP unary)*  — built into a tree by precedence climbing (shunting-yard).
  expr(cst: CstNode): A.Expr {
    this.whole(cst);
    const operandNodes = this.nodes(cst, 'operands');
    const ops = this.tokens(cst, 'operators');
    if (operandNodes.length !== ops.length + 1) throw new Incomplete();
    if (ops.length > MAX_OPERATORS) {
      this.error(Syntax.expressionTooLong, `expression too long (${ops.length} operators; at most ${MAX_OPERATORS})`, this.nodeSpan(cst));
      throw new Incomplete();
    }
    const operands: A.Expr[] = [this.unary(operandNodes[0]!)];
    const pending: string[] = [];
    const reduce = (): void => {
      const right = operands.pop()!;
      const left = operands.pop()!;
      const op = pending.pop()! as A.Binary['op'];
      operands.push({ kind: 'binary', op, left, right, span: this.join(left.span, right.span) });
    };
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!.image;
      while (pending.length && precedence[pending[pending.length - 1]!]! >= precedence[op]!) reduce();
      pending.push(op);
      operands.push(this.unary(operandNodes[i + 1]!));
    }
    while (pending.length) reduce();
    return operands[0]!;
  }

  // unary := ('-' | '~')* primary
  private unary(cst: CstNode): A.Expr {
    this.whole(cst);
    const ops = this.tokens(cst, 'ops');
    if (ops.length > MAX_OPERATORS) {
      this.error(Syntax.expressionTooLong, `expression too long (${ops.length} unary operators; at most ${MAX_OPERATORS})`, this.nodeSpan(cst));
      throw new Incomplete();
    }
    let e = this.primary(this.node(cst, 'primary'));
    for (let i = ops.length - 1; i >= 0; i--) {
      const t = ops[i]!;
      e = { kind: 'unary', op: t.image as A.Unary['op'], operand: e, span: this.join(this.tokenSpan(t), e.span) };
    }
    return e;
  }

  // primary := NUMBER | NAME | '(' expr ')'
  private primary(cst: CstNode): A.Expr {
    this.whole(cst);
    const num = this.optToken(cst, 'number');
    if (num) return { kind: 'number', value: this.number(num), span: this.tokenSpan(num) };
    const name = this.optToken(cst, 'name');
    if (name) return { kind: 'name', name: name.image, span: this.tokenSpan(name) };
    // Parentheses widen the inner node's span, so a diagnostic underlines what was written.
    const inner = this.expr(this.node(cst, 'inner'));
    return { ...inner, span: this.join(this.tokenSpan(this.token(cst, 'open')), this.tokenSpan(this.token(cst, 'close'))) };
  }

  private optExpr(cst: CstNode, label: string): A.Expr | undefined {
    const n = this.nodes(cst, label)[0];
    return n ? this.expr(n) : undefined;
  }

  // path := NAME ('[' expr ']')? ('.' NAME ('[' expr ']')?)*
  path(cst: CstNode): A.Path {
    this.whole(cst);
    // Rebuild the parts in source order: names and index expressions come in separate lists.
    const names = cst.children['names'] ?? [];
    const indexes = this.nodes(cst, 'index');
    const parts: Mutable<A.Path['parts'][number]>[] = [];
    for (const n of names) {
      if (!isToken(n) || n.isInsertedInRecovery) throw new Incomplete();
      parts.push({ name: n.image, span: this.tokenSpan(n) });
    }
    for (const ix of indexes) {
      const e = this.expr(ix);
      // An index belongs to the last name that starts before it.
      let owner = parts[0]!;
      for (const p of parts) if (p.span.start < e.span.start) owner = p;
      owner.index = e;
      owner.span = { file: this.file, start: owner.span.start, end: e.span.end + 1 };
    }
    if (!parts.length) throw new Incomplete();
    return { parts, span: this.join(parts[0]!.span, parts[parts.length - 1]!.span) };
  }

  // -------------------------------------------------------------------------------------------------
  // Top level

  // file := topItem* EOF
  specFile(cst: CstNode, fileSpan: Span): A.SpecFile {
    const items = this.each(this.nodes(cst, 'topItem'), (n) => this.topItem(n));
    return { kind: 'file', items, span: fileSpan };
  }

  private topItem(cst: CstNode): A.TopItem {
    const [name, child] = this.onlyChild(cst);
    switch (name) {
      case 'importDecl': return this.importDecl(child);
      case 'constDecl': return this.constDecl(child);
      case 'enumDecl': return this.enumDecl(child);
      case 'blockDecl': return this.blockDecl(child);
      case 'layoutDecl': return this.layoutDecl(child);
      default: return this.deviceDecl(child);
    }
  }

  /** An alternation rule (`topItem := a | b`) has exactly one child node. */
  private onlyChild(cst: CstNode): [string, CstNode] {
    this.whole(cst);
    for (const [name, list] of Object.entries(cst.children)) {
      const n = list[0];
      if (n && !isToken(n)) return [name, n];
    }
    throw new Incomplete();
  }

  // importDecl := 'import' STRING ';'
  private importDecl(cst: CstNode): A.ImportDecl {
    this.whole(cst);
    const p = this.token(cst, 'path');
    return { kind: 'import', path: this.string(p), pathSpan: this.tokenSpan(p), span: this.nodeSpan(cst) };
  }

  // constDecl := 'const' NAME '=' expr STRING? ';'
  private constDecl(cst: CstNode): A.ConstDecl {
    this.whole(cst);
    const doc = this.doc(this.optToken(cst, 'doc'), []);
    return {
      kind: 'const',
      name: this.ident(this.token(cst, 'name')),
      value: this.expr(this.node(cst, 'value')),
      ...(doc !== undefined ? { doc } : {}),
      span: this.nodeSpan(cst),
    };
  }

  // enumDecl := 'enum' NAME STRING? enumBody ';'?
  private enumDecl(cst: CstNode): A.EnumDecl {
    this.whole(cst);
    const doc = this.doc(this.optToken(cst, 'doc'), []);
    return {
      kind: 'enum',
      name: this.ident(this.token(cst, 'name')),
      values: this.enumBody(this.node(cst, 'body')),
      ...(doc !== undefined ? { doc } : {}),
      span: this.nodeSpan(cst),
    };
  }

  // enumBody := '{' (enumValue (',' enumValue)* ','?)? '}'
  private enumBody(cst: CstNode): A.EnumValue[] {
    return this.each(this.nodes(cst, 'values'), (v) => {
      this.whole(v);
      const doc = this.doc(this.optToken(v, 'doc'), []);
      return {
        name: this.ident(this.token(v, 'name')),
        value: this.expr(this.node(v, 'value')),
        ...(doc !== undefined ? { doc } : {}),
        span: this.nodeSpan(v),
      };
    });
  }

  // blockDecl := 'block' NAME STRING? '{' blockItem* '}'
  private blockDecl(cst: CstNode): A.BlockDecl {
    const { items, docs } = this.blockItems(cst);
    const doc = this.doc(this.optToken(cst, 'doc'), docs);
    return {
      kind: 'block',
      name: this.ident(this.token(cst, 'name')),
      items,
      ...(doc !== undefined ? { doc } : {}),
      span: this.nodeSpan(cst),
    };
  }

  // blockItem := registerDecl | blockInstance | docStmt
  private blockItems(cst: CstNode): { items: A.BlockItem[]; docs: CstNode[] } {
    const docs: CstNode[] = [];
    const items: A.BlockItem[] = [];
    for (const item of this.each(this.nodes(cst, 'items'), (n) => this.onlyChild(n))) {
      const [name, child] = item;
      if (name === 'docStmt') docs.push(child);
      else {
        const converted = this.each([child], (c) => (name === 'registerDecl' ? this.registerDecl(c, 'register') : this.blockInstance(c)));
        items.push(...converted);
      }
    }
    return { items, docs };
  }

  // blockInstance := 'block' NAME arraySpec? '@' expr ('stride' expr)? (':' NAME STRING? ';' | STRING? '{' blockItem* '}')
  private blockInstance(cst: CstNode): A.BlockInstance {
    const type = this.optToken(cst, 'type');
    const body = type ? undefined : this.blockItems(cst);
    if (!type && !cst.children['LCurly']) throw new Incomplete();
    const doc = this.doc(this.optToken(cst, 'doc'), body?.docs ?? []);
    const array = this.arraySpec(cst);
    return {
      kind: 'blockInstance',
      name: this.ident(this.token(cst, 'name')),
      ...(array ? { array } : {}),
      offset: this.expr(this.node(cst, 'offset')),
      ...(type ? { type: this.ident(type) } : { items: body!.items }),
      ...(doc !== undefined ? { doc } : {}),
      span: this.nodeSpan(cst),
    };
  }

  /** `[count] (stride s)?` before the `@`, or `[count] @ off stride s`: either place, not both. */
  private arraySpec(cst: CstNode): A.ArraySpec | undefined {
    const arr = this.nodes(cst, 'array')[0];
    const lateStride = this.nodes(cst, 'stride')[0];
    if (!arr) {
      if (lateStride) {
        this.error(Syntax.strideTwice, "'stride' needs an array: write NAME[COUNT] before '@'", this.nodeSpan(lateStride));
        throw new Incomplete();
      }
      return undefined;
    }
    this.whole(arr);
    const early = this.nodes(arr, 'stride')[0];
    if (early && lateStride) {
      this.error(Syntax.strideTwice, "stride given twice (once after the count, once after the offset)", this.nodeSpan(lateStride));
    }
    const strideNode = early ?? lateStride;
    const stride = strideNode ? this.expr(strideNode) : undefined;
    return {
      count: this.expr(this.node(arr, 'count')),
      ...(stride ? { stride } : {}),
      span: stride && !early ? this.join(this.nodeSpan(arr), stride.span) : this.nodeSpan(arr),
    };
  }

  // registerDecl := ('register' | 'word') NAME arraySpec? '@' expr ('stride' expr)? ':' expr
  //                 accessItem* 'volatile'? ('reset' expr)? STRING? (';' | '{' registerItem* '}')
  private registerDecl(cst: CstNode, expected: 'register' | 'word'): A.RegisterDecl {
    this.whole(cst);
    const kw = this.token(cst, 'keyword');
    if (kw.image !== expected) {
      const where = expected === 'word' ? 'a layout holds words: write \'word\'' : "'word' is only for DMA layouts: write 'register'";
      this.error(Syntax.notAllowedHere, `'${kw.image}' is not allowed here (${where})`, this.tokenSpan(kw));
    }
    const docs: CstNode[] = [];
    const fields: (A.FieldDecl | A.ReservedDecl)[] = [];
    for (const [name, child] of this.each(this.nodes(cst, 'items'), (n) => this.onlyChild(n))) {
      if (name === 'docStmt') docs.push(child);
      else fields.push(...this.each([child], (c) => (name === 'fieldDecl' ? this.fieldDecl(c) : this.reservedDecl(c))));
    }
    const doc = this.doc(this.optToken(cst, 'doc'), docs);
    const array = this.arraySpec(cst);
    const reset = this.optExpr(cst, 'reset');
    return {
      kind: 'register',
      name: this.ident(this.token(cst, 'name')),
      ...(array ? { array } : {}),
      offset: this.expr(this.node(cst, 'offset')),
      width: this.expr(this.node(cst, 'width')),
      access: this.accessList(this.node(cst, 'access')),
      volatile: this.optToken(cst, 'volatile') !== undefined,
      ...(reset ? { reset } : {}),
      ...(doc !== undefined ? { doc } : {}),
      fields,
      span: this.nodeSpan(cst),
    };
  }

  // accessList := (('sw=' | 'onread=' | 'onwrite=') NAME | NAME)*
  private accessList(cst: CstNode): A.AccessItem[] {
    this.whole(cst);
    // Keys and values arrive in separate lists; in source order a key is followed by its value.
    const all = [...this.tokens(cst, 'key'), ...this.tokens(cst, 'value')].sort((a, b) => a.startOffset - b.startOffset);
    const items: A.AccessItem[] = [];
    for (let i = 0; i < all.length; i++) {
      const t = all[i]!;
      if (t.tokenType === T.SwEq || t.tokenType === T.OnReadEq || t.tokenType === T.OnWriteEq) {
        const v = all[++i];
        if (!v) throw new Incomplete();
        const key = t.image.replace(/[ \t]*=$/, '') as A.AccessProperty['key'];
        items.push({ kind: 'property', key, value: this.ident(v), span: this.join(this.tokenSpan(t), this.tokenSpan(v)) });
      } else {
        items.push({ kind: 'shorthand', name: t.image, span: this.tokenSpan(t) });
      }
    }
    return items;
  }

  // fieldDecl := 'field' NAME bitRange accessItem* 'volatile'? ('reset' expr)? ('enum' (NAME | enumBody))? STRING? ';'
  private fieldDecl(cst: CstNode): A.FieldDecl {
    this.whole(cst);
    const doc = this.doc(this.optToken(cst, 'doc'), []);
    const reset = this.optExpr(cst, 'reset');
    let en: A.InlineEnum | A.EnumRef | undefined;
    const enumName = this.optToken(cst, 'enumName');
    const enumBody = this.nodes(cst, 'enumBody')[0];
    if (enumName) en = { kind: 'ref', name: this.ident(enumName), span: this.tokenSpan(enumName) };
    else if (enumBody) en = { kind: 'inline', values: this.enumBody(this.whole(enumBody)), span: this.nodeSpan(enumBody) };
    return {
      kind: 'field',
      name: this.ident(this.token(cst, 'name')),
      bits: this.bitRange(this.node(cst, 'bits')),
      access: this.accessList(this.node(cst, 'access')),
      volatile: this.optToken(cst, 'volatile') !== undefined,
      ...(reset ? { reset } : {}),
      ...(en ? { enum: en } : {}),
      ...(doc !== undefined ? { doc } : {}),
      span: this.nodeSpan(cst),
    };
  }

  // reservedDecl := 'reserved' bitRange NAME? ';'
  private reservedDecl(cst: CstNode): A.ReservedDecl {
    this.whole(cst);
    const policy = this.optToken(cst, 'policy');
    return {
      kind: 'reserved',
      bits: this.bitRange(this.node(cst, 'bits')),
      ...(policy ? { policy: this.ident(policy) } : {}),
      span: this.nodeSpan(cst),
    };
  }

  // bitRange := '[' expr (':' expr)? ']'
  private bitRange(cst: CstNode): A.BitRange {
    this.whole(cst);
    const lsb = this.optExpr(cst, 'lsb');
    return { msb: this.expr(this.node(cst, 'msb')), ...(lsb ? { lsb } : {}), span: this.nodeSpan(cst) };
  }

  // -------------------------------------------------------------------------------------------------
  // Devices

  // deviceDecl := 'device' NAME STRING? '{' deviceItem* '}'
  // deviceItem := pciDecl | docStmt | barDecl | interruptsDecl | layoutDecl | ringDecl
  private deviceDecl(cst: CstNode): A.DeviceDecl {
    const name = this.ident(this.token(cst, 'name'));
    const docs: CstNode[] = [];
    let pci: A.PciDecl | undefined;
    const bars: A.BarDecl[] = [];
    const interrupts: A.InterruptsDecl[] = [];
    const layouts: A.LayoutDecl[] = [];
    const rings: A.RingDecl[] = [];
    for (const [kind, child] of this.each(this.nodes(cst, 'items'), (n) => this.onlyChild(n))) {
      this.each([child], (c) => {
        switch (kind) {
          case 'docStmt': docs.push(c); break;
          case 'pciDecl': {
            const p = this.pciDecl(c);
            if (pci) this.error(Syntax.duplicateSetting, `device '${name.name}' has more than one 'pci' block`, p.span);
            else pci = p;
            break;
          }
          case 'barDecl': bars.push(this.barDecl(c)); break;
          case 'interruptsDecl': interrupts.push(this.interruptsDecl(c)); break;
          case 'layoutDecl': layouts.push(this.layoutDecl(c)); break;
          default: rings.push(this.ringDecl(c));
        }
      });
    }
    const doc = this.doc(this.optToken(cst, 'doc'), docs);
    return {
      kind: 'device',
      name,
      ...(doc !== undefined ? { doc } : {}),
      ...(pci ? { pci } : {}),
      bars,
      interrupts,
      layouts,
      rings,
      span: this.nodeSpan(cst),
    };
  }

  // pciDecl := 'pci' '{' (NAME '=' expr ';')* '}'
  private pciDecl(cst: CstNode): A.PciDecl {
    const properties = this.each(this.nodes(cst, 'properties'), (p) => {
      this.whole(p);
      return { key: this.ident(this.token(p, 'key')), value: this.expr(this.node(p, 'value')), span: this.nodeSpan(p) };
    });
    return { kind: 'pci', properties, span: this.nodeSpan(cst) };
  }

  // barDecl := 'bar' expr NAME NAME 'size' expr ('64bit' | NAME)* STRING? (';' | '{' blockItem* '}')
  private barDecl(cst: CstNode): A.BarDecl {
    const hasBody = cst.children['body'] !== undefined;
    if (!hasBody && cst.recoveredNode) throw new Incomplete();
    const body = hasBody ? this.blockItems(cst) : undefined;
    const doc = this.doc(this.optToken(cst, 'doc'), body?.docs ?? []);
    return {
      kind: 'bar',
      index: this.expr(this.node(cst, 'index')),
      name: this.ident(this.token(cst, 'name')),
      barKind: this.ident(this.token(cst, 'kind')),
      size: this.expr(this.node(cst, 'size')),
      flags: this.tokens(cst, 'flags').map((t) => this.ident(t)),
      ...(doc !== undefined ? { doc } : {}),
      ...(body ? { items: body.items } : {}),
      span: this.nodeSpan(cst),
    };
  }

  // interruptsDecl := 'interrupts' NAME STRING? '{' (interruptSetting ';' | causeDecl | docStmt)* '}'
  private interruptsDecl(cst: CstNode): A.InterruptsDecl {
    const name = this.ident(this.token(cst, 'name'));
    const settings: Mutable<A.InterruptSettings> = {};
    for (const g of this.nodes(cst, 'settings')) {
      this.each([g], (n) => this.setting(this.node(this.whole(n), 'setting'), settings, `interrupts group '${name.name}'`));
    }
    const causes = this.each(this.nodes(cst, 'causes'), (c) => this.causeDecl(c));
    const doc = this.doc(this.optToken(cst, 'doc'), this.nodes(cst, 'docs'));
    return {
      kind: 'interrupts',
      name,
      ...(doc !== undefined ? { doc } : {}),
      ...settings,
      causes,
      span: this.nodeSpan(cst),
    };
  }

  // causeDecl := 'cause' NAME STRING? interruptSetting* ';'
  private causeDecl(cst: CstNode): A.CauseDecl {
    this.whole(cst);
    const name = this.ident(this.token(cst, 'name'));
    const settings: Mutable<A.InterruptSettings> = {};
    for (const s of this.nodes(cst, 'settings')) this.setting(s, settings, `cause '${name.name}'`);
    const doc = this.doc(this.optToken(cst, 'doc'), []);
    return { name, ...(doc !== undefined ? { doc } : {}), ...settings, span: this.nodeSpan(cst) };
  }

  // interruptSetting := 'status' path | 'enable' ('set' path 'clear' path | path) | 'test' path
  //                   | 'ack' path | 'vector' NAME expr?
  private setting(cst: CstNode, into: Mutable<A.InterruptSettings>, owner: string): void {
    this.whole(cst);
    const kw = this.token(cst, 'keyword');
    const span = this.nodeSpan(cst);
    const key = kw.image as 'status' | 'enable' | 'test' | 'ack' | 'vector';
    if (into[key] !== undefined) {
      this.error(Syntax.duplicateSetting, `${owner} gives '${key}' more than once`, span);
      return;
    }
    switch (key) {
      case 'status': into.status = this.path(this.node(cst, 'target')); break;
      case 'test': into.test = this.path(this.node(cst, 'target')); break;
      case 'enable': {
        const target = this.nodes(cst, 'target')[0];
        into.enable = target
          ? { target: this.path(target), span }
          : { set: this.path(this.node(cst, 'set')), clear: this.path(this.node(cst, 'clear')), span };
        break;
      }
      case 'ack': {
        // A lone mode word is a mode; anything else (`ack icr.done`, `ack ackreg`) is a register path.
        const target = this.path(this.node(cst, 'target'));
        const only = target.parts.length === 1 ? target.parts[0]! : undefined;
        into.ack = only && !only.index && ackModes.has(only.name)
          ? { mode: { name: only.name, span: only.span }, span }
          : { target, span };
        break;
      }
      default: {
        const index = this.optExpr(cst, 'index');
        into.vector = { kind: this.ident(this.token(cst, 'vectorKind')), ...(index ? { index } : {}), span };
      }
    }
  }

  // -------------------------------------------------------------------------------------------------
  // DMA layouts and rings

  // layoutDecl := 'layout' NAME 'size' expr ('align' expr)? STRING? '{' layoutItem* '}'
  // layoutItem := registerDecl | 'done' path ';' | 'owner' path '=' expr ';' | docStmt
  private layoutDecl(cst: CstNode): A.LayoutDecl {
    const name = this.ident(this.token(cst, 'name'));
    const words: A.RegisterDecl[] = [];
    const docs: CstNode[] = [];
    let done: A.Path | undefined;
    let owner: A.LayoutDecl['owner'];
    const where = `layout '${name.name}'`;
    for (const item of this.nodes(cst, 'items')) {
      this.each([item], (n) => {
        this.whole(n);
        const word = this.nodes(n, 'word')[0];
        const doc = this.nodes(n, 'doc')[0];
        if (word) words.push(this.registerDecl(word, 'word'));
        else if (doc) docs.push(doc);
        else if (n.children['done']) {
          const p = this.path(this.node(n, 'donePath'));
          if (done) this.error(Syntax.duplicateSetting, `${where} gives 'done' more than once`, this.nodeSpan(n));
          else done = p;
        } else {
          const span = this.nodeSpan(n);
          const o = { field: this.path(this.node(n, 'ownerPath')), value: this.expr(this.node(n, 'ownerValue')), span };
          if (owner) this.error(Syntax.duplicateSetting, `${where} gives 'owner' more than once`, span);
          else owner = o;
        }
      });
    }
    const doc = this.doc(this.optToken(cst, 'doc'), docs);
    const align = this.optExpr(cst, 'align');
    return {
      kind: 'layout',
      name,
      size: this.expr(this.node(cst, 'size')),
      ...(align ? { align } : {}),
      ...(doc !== undefined ? { doc } : {}),
      words,
      ...(owner ? { owner } : {}),
      ...(done ? { done } : {}),
      span: this.nodeSpan(cst),
    };
  }

  // ringDecl := 'ring' NAME 'of' NAME STRING? '{' ringItem* '}'
  // ringItem := 'count' expr ';' | ('tail' | 'head' | 'base_lo' | 'base_hi' | 'length') path ';' | docStmt
  private ringDecl(cst: CstNode): A.RingDecl {
    const name = this.ident(this.token(cst, 'name'));
    const out: Mutable<Pick<A.RingDecl, 'count' | 'tail' | 'head' | 'baseLo' | 'baseHi' | 'length'>> = {};
    const docs: CstNode[] = [];
    const keyOf: Readonly<Record<string, 'tail' | 'head' | 'baseLo' | 'baseHi' | 'length'>> = {
      tail: 'tail', head: 'head', base_lo: 'baseLo', base_hi: 'baseHi', length: 'length',
    };
    for (const item of this.nodes(cst, 'items')) {
      this.each([item], (n) => {
        this.whole(n);
        const doc = this.nodes(n, 'doc')[0];
        if (doc) {
          docs.push(doc);
          return;
        }
        const key = this.token(n, 'key');
        const field = key.image === 'count' ? 'count' : keyOf[key.image]!;
        if (out[field] !== undefined) {
          this.error(Syntax.duplicateSetting, `ring '${name.name}' gives '${key.image}' more than once`, this.nodeSpan(n));
          return;
        }
        if (field === 'count') out.count = this.expr(this.node(n, 'count'));
        else out[field] = this.path(this.node(n, 'target'));
      });
    }
    const doc = this.doc(this.optToken(cst, 'doc'), docs);
    return {
      kind: 'ring',
      name,
      layout: this.ident(this.token(cst, 'layout')),
      ...(doc !== undefined ? { doc } : {}),
      ...out,
      span: this.nodeSpan(cst),
    };
  }
}
