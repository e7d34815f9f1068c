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

  // A label holds only nodes or only tokens (the grammar never mixes them under one label).
  private nodes(cst: CstNode, label: string): readonly CstNode[] {
    return (cst.children[label] as CstNode[] | undefined) ?? [];
  }
  /** The real tokens under a label (tokens error recovery invented are left out). */
  private tokens(cst: CstNode, label: string): readonly IToken[] {
    const list = cst.children[label] as IToken[] | undefined;
    if (!list) return [];
    for (const t of list) if (t.isInsertedInRecovery) return list.filter((x) => !x.isInsertedInRecovery);
    return list;
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
  /**
   * A declaration with a body may keep what it holds when recovery cut it short, as long as the body
   * was opened (its header, before the brace, is then complete); without a body it is dropped.
   */
  private opened(cst: CstNode, brace = 'LCurly'): CstNode {
    if (cst.recoveredNode && !cst.children[brace]) throw new Incomplete();
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
        // One report per string; a lone '\' ending an unterminated string is part of that error.
        if (!reported && n !== undefined) {
          const at = t.startOffset + 1 + i;
          this.error(Syntax.unknownEscape, `unknown escape '${shown}' in string (use \\" \\\\ or \\n)`, { file: this.file, start: at, end: at + shown.length });
          reported = true;
        }
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
    if (/^[0-9]{1,15}$/.test(text)) return BigInt(text);
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

  // expr    := operand (BINOP operand)*
  // operand := ('-' | '~')* (NUMBER | NAME | '(' expr ')')
  // The CST lists each kind of part separately; source positions put them back in order.
  expr(cst: CstNode): A.Expr {
    this.whole(cst);
    const ch = cst.children;
    // Most expressions are one number or one name.
    if (!ch['operators'] && !ch['unaryOps'] && !ch['open']) {
      const num = ch['numbers']?.[0] as IToken | undefined;
      if (num && !num.isInsertedInRecovery) return { kind: 'number', value: this.number(num), span: this.tokenSpan(num) };
      const name = ch['names']?.[0] as IToken | undefined;
      if (name && !name.isInsertedInRecovery) return { kind: 'name', name: name.image, span: this.tokenSpan(name) };
      throw new Incomplete();
    }
    const ops = this.tokens(cst, 'operators');
    const unaryOps = this.tokens(cst, 'unaryOps');
    if (ops.length + unaryOps.length > MAX_OPERATORS) {
      this.error(Syntax.expressionTooLong, `expression too long (${ops.length + unaryOps.length} operators; at most ${MAX_OPERATORS})`, this.nodeSpan(cst));
      throw new Incomplete();
    }
    const atoms = this.atoms(cst);
    if (atoms.length !== ops.length + 1) throw new Incomplete();
    // Unary operators sit between the previous binary operator and their operand.
    let u = 0;
    const operand = (k: number): A.Expr => {
      const atom = atoms[k]!;
      const mine: IToken[] = [];
      while (u < unaryOps.length && unaryOps[u]!.startOffset < atom.span.start) mine.push(unaryOps[u++]!);
      let e = atom;
      for (let i = mine.length - 1; i >= 0; i--) {
        const t = mine[i]!;
        e = { kind: 'unary', op: t.image as A.Unary['op'], operand: e, span: this.join(this.tokenSpan(t), e.span) };
      }
      return e;
    };
    // Precedence climbing with two stacks; equal precedence reduces first, so operators are left-associative.
    const operands: A.Expr[] = [operand(0)];
    const pending: A.Binary['op'][] = [];
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!.image as A.Binary['op'];
      while (pending.length && precedence[pending[pending.length - 1]!]! >= precedence[op]!) this.reduce(operands, pending);
      pending.push(op);
      operands.push(operand(i + 1));
    }
    while (pending.length) this.reduce(operands, pending);
    return operands[0]!;
  }

  private reduce(operands: A.Expr[], pending: A.Binary['op'][]): void {
    const right = operands.pop()!;
    const left = operands.pop()!;
    operands.push({ kind: 'binary', op: pending.pop()!, left, right, span: this.join(left.span, right.span) });
  }

  /** An expression's numbers, names and parenthesised groups, in source order. */
  private atoms(cst: CstNode): A.Expr[] {
    const atoms: A.Expr[] = [];
    for (const t of this.tokens(cst, 'numbers')) atoms.push({ kind: 'number', value: this.number(t), span: this.tokenSpan(t) });
    for (const t of this.tokens(cst, 'names')) atoms.push({ kind: 'name', name: t.image, span: this.tokenSpan(t) });
    const opens = this.tokens(cst, 'open');
    const inners = this.nodes(cst, 'inner');
    if (opens.length !== inners.length) throw new Incomplete();
    const closes = this.tokens(cst, 'close');
    for (let i = 0; i < opens.length; i++) {
      const inner = this.expr(inners[i]!);
      const open = opens[i]!;
      // The ')' of this group is the first one after its contents (a missing one: end at the contents).
      const close = closes.find((c) => c.startOffset >= inner.span.end);
      // Parentheses widen the inner node's span, so a diagnostic underlines what was written.
      atoms.push({ ...inner, span: this.join(this.tokenSpan(open), close ? this.tokenSpan(close) : inner.span) });
    }
    if (atoms.length > 1) atoms.sort((a, b) => a.span.start - b.span.start);
    return atoms;
  }

  private optExpr(cst: CstNode, label: string): A.Expr | undefined {
    const n = this.nodes(cst, label)[0];
    return n ? this.expr(n) : undefined;
  }

  // path := NAME ('[' expr ']')? ('.' NAME ('[' expr ']')?)*
  path(cst: CstNode): A.Path {
    this.whole(cst);
    // Names and index expressions come in separate lists; an index belongs to the name before it.
    const parts: Mutable<A.Path['parts'][number]>[] = [];
    for (const n of cst.children['names'] as IToken[]) {
      if (n.isInsertedInRecovery) throw new Incomplete();
      parts.push({ name: n.image, span: this.tokenSpan(n) });
    }
    const closes = this.tokens(cst, 'close');
    for (const ix of this.nodes(cst, 'index')) {
      const e = this.expr(ix);
      let owner = parts[0]!;
      for (const p of parts) if (p.span.start < e.span.start) owner = p;
      const close = closes.find((c) => c.startOffset >= e.span.end);
      owner.index = e;
      owner.span = this.join(owner.span, close ? this.tokenSpan(close) : e.span);
    }
    return { parts, span: this.join(parts[0]!.span, parts[parts.length - 1]!.span) };
  }

  // -------------------------------------------------------------------------------------------------
  // Top level

  // file := (importDecl | constDecl | enumDecl | blockDecl | layoutDecl | deviceDecl)* EOF
  specFile(cst: CstNode, fileSpan: Span): A.SpecFile {
    const items = this.each(this.nodes(cst, 'items'), (n): A.TopItem => {
      switch (n.name) {
        case 'importDecl': return this.importDecl(n);
        case 'constDecl': return this.constDecl(n);
        case 'enumDecl': return this.enumDecl(n);
        case 'blockDecl': return this.blockDecl(n);
        case 'layoutDecl': return this.layoutDecl(n);
        default: return this.deviceDecl(n);
      }
    });
    return { kind: 'file', items, span: fileSpan };
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
    this.opened(cst, 'body');
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
    this.opened(cst);
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

  // blockDecl := 'block' NAME STRING? body
  private blockDecl(cst: CstNode): A.BlockDecl {
    this.opened(cst, 'body');
    const items = this.blockItems(cst);
    const doc = this.doc(this.optToken(cst, 'doc'), this.nodes(cst, 'docs'));
    return {
      kind: 'block',
      name: this.ident(this.token(cst, 'name')),
      items,
      ...(doc !== undefined ? { doc } : {}),
      span: this.nodeSpan(cst),
    };
  }

  // body := '{' (registerDecl | blockInstance | docStmt)* '}'
  private blockItems(cst: CstNode): A.BlockItem[] {
    const registers = this.each(this.nodes(cst, 'registers'), (n) => this.registerDecl(n, 'register'));
    const blocks = this.each(this.nodes(cst, 'blocks'), (n) => this.blockInstance(n));
    if (!blocks.length) return registers;
    // Kept in source order: the two kinds come in separate lists.
    return [...registers, ...blocks].sort((a, b) => a.span.start - b.span.start);
  }

  // blockInstance := 'block' NAME arraySpec? '@' expr ('stride' expr)? (':' NAME STRING? ';' | STRING? body)
  private blockInstance(cst: CstNode): A.BlockInstance {
    this.opened(cst, 'body');
    const type = this.optToken(cst, 'type');
    if (!type && !cst.children['body']) throw new Incomplete();
    const doc = this.doc(this.optToken(cst, 'doc'), this.nodes(cst, 'docs'));
    const array = this.arraySpec(cst);
    return {
      kind: 'blockInstance',
      name: this.ident(this.token(cst, 'name')),
      ...(array ? { array } : {}),
      offset: this.expr(this.node(cst, 'offset')),
      ...(type ? { type: this.ident(type) } : { items: this.blockItems(cst) }),
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
        this.error(Syntax.notAllowedHere, "'stride' is not allowed here: it needs an array (NAME[COUNT] before '@')", this.nodeSpan(lateStride));
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
  //                 access 'volatile'? ('reset' expr)? STRING? (';' | '{' (fieldDecl | reservedDecl | docStmt)* '}')
  private registerDecl(cst: CstNode, expected: 'register' | 'word'): A.RegisterDecl {
    this.opened(cst, 'body');
    const kw = this.token(cst, 'keyword');
    if (kw.image !== expected) {
      const where = expected === 'word' ? 'a layout holds words: write \'word\'' : "'word' is only for DMA layouts: write 'register'";
      this.error(Syntax.notAllowedHere, `'${kw.image}' is not allowed here (${where})`, this.tokenSpan(kw));
    }
    const fields = this.each(this.nodes(cst, 'fields'), (n) => (n.name === 'fieldDecl' ? this.fieldDecl(n) : this.reservedDecl(n)));
    const doc = this.doc(this.optToken(cst, 'doc'), this.nodes(cst, 'docs'));
    const array = this.arraySpec(cst);
    const reset = this.optExpr(cst, 'reset');
    return {
      kind: 'register',
      name: this.ident(this.token(cst, 'name')),
      ...(array ? { array } : {}),
      offset: this.expr(this.node(cst, 'offset')),
      width: this.expr(this.node(cst, 'width')),
      access: this.accessList(cst),
      volatile: this.optToken(cst, 'volatile') !== undefined,
      ...(reset ? { reset } : {}),
      ...(doc !== undefined ? { doc } : {}),
      fields,
      span: this.nodeSpan(cst),
    };
  }

  // access := (('sw=' | 'onread=' | 'onwrite=') NAME | NAME)*      (in a register or field)
  private accessList(cst: CstNode): A.AccessItem[] {
    const values = this.tokens(cst, 'access');
    const keys = this.tokens(cst, 'accessKeys');
    if (!keys.length) return values.map((t) => ({ kind: 'shorthand', name: t.image, span: this.tokenSpan(t) }));
    // Keys and values arrive in separate lists; in source order a key is followed by its value.
    const all = [...keys, ...values].sort((a, b) => a.startOffset - b.startOffset);
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
      access: this.accessList(cst),
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

  // deviceDecl := 'device' NAME STRING? '{' (pciDecl | docStmt | barDecl | interruptsDecl | layoutDecl | ringDecl)* '}'
  private deviceDecl(cst: CstNode): A.DeviceDecl {
    this.opened(cst);
    const name = this.ident(this.token(cst, 'name'));
    const [pci, ...extraPci] = this.each(this.nodes(cst, 'pci'), (n) => this.pciDecl(n));
    for (const p of extraPci) this.error(Syntax.duplicateSetting, `device '${name.name}' has more than one 'pci' block`, p.span);
    const doc = this.doc(this.optToken(cst, 'doc'), this.nodes(cst, 'docs'));
    return {
      kind: 'device',
      name,
      ...(doc !== undefined ? { doc } : {}),
      ...(pci ? { pci } : {}),
      bars: this.each(this.nodes(cst, 'bars'), (n) => this.barDecl(n)),
      interrupts: this.each(this.nodes(cst, 'interrupts'), (n) => this.interruptsDecl(n)),
      layouts: this.each(this.nodes(cst, 'layouts'), (n) => this.layoutDecl(n)),
      rings: this.each(this.nodes(cst, 'rings'), (n) => this.ringDecl(n)),
      span: this.nodeSpan(cst),
    };
  }

  // pciDecl := 'pci' '{' (NAME '=' expr ';')* '}'
  private pciDecl(cst: CstNode): A.PciDecl {
    this.opened(cst);
    const properties = this.each(this.nodes(cst, 'properties'), (p) => {
      this.whole(p);
      return { key: this.ident(this.token(p, 'key')), value: this.expr(this.node(p, 'value')), span: this.nodeSpan(p) };
    });
    return { kind: 'pci', properties, span: this.nodeSpan(cst) };
  }

  // barDecl := 'bar' expr NAME NAME 'size' expr ('64bit' | NAME)* STRING? (';' | body)
  private barDecl(cst: CstNode): A.BarDecl {
    const hasBody = this.opened(cst, 'body').children['body'] !== undefined;
    const doc = this.doc(this.optToken(cst, 'doc'), this.nodes(cst, 'docs'));
    return {
      kind: 'bar',
      index: this.expr(this.node(cst, 'index')),
      name: this.ident(this.token(cst, 'name')),
      barKind: this.ident(this.token(cst, 'kind')),
      size: this.expr(this.node(cst, 'size')),
      flags: this.tokens(cst, 'flags').map((t) => this.ident(t)),
      ...(doc !== undefined ? { doc } : {}),
      ...(hasBody ? { items: this.blockItems(cst) } : {}),
      span: this.nodeSpan(cst),
    };
  }

  // interruptsDecl := 'interrupts' NAME STRING? '{' (interruptSetting ';' | causeDecl | docStmt)* '}'
  private interruptsDecl(cst: CstNode): A.InterruptsDecl {
    this.opened(cst);
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
    this.opened(cst);
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
    this.opened(cst);
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
