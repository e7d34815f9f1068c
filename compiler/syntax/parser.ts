// The .regs grammar as a chevrotain EmbeddedActionsParser, built once per process. Each rule is headed
// by its EBNF production and returns its AST node, built by toAst.ts (`undefined` when the node is
// incomplete: error recovery left a part out). NAME is any Identifier, keywords included (they are in
// the Identifier category), so the grammar never needs to reserve a word; where a keyword could also
// be a name (`enable set …`, access lists, vector indexes) a GATE decides.
//
// Error recovery is tuned in recovery.ts (the base class).
//
// Why embedded actions rather than a CST: a 10,000-register spec is ~550k tokens, and building a CST
// and then walking it cost ~5× the recognition itself. Conventions that keep this fast:
// - AST nodes are built inside `node()` (chevrotain's ACTION: skipped while it records the grammar);
// - alternatives of hot ORs are built once (`alts`) and return their node instead of pushing it;
// - helpers shared by several rules (`body`, `access`, `operand`) use fixed high occurrence indexes,
//   so they never clash with the 0–5 indexes of the rule that calls them.
import type { IOrAlt, IToken, TokenType } from 'chevrotain';
import { chevrotain } from './chevrotain.js';
import { RecoveringParser } from './recovery.js';
import type * as A from './ast.js';
import type { Span } from '../source/source.js';
import * as T from './tokens.js';
import { errorMessages } from './messages.js';
import { AstBuilder, Incomplete, type ArrayPart, type BodyPart, type DevicePart, type DocPart, type LayoutPart, type RegisterPart, type RingPart, type Setting } from './toAst.js';

const { EOF, tokenMatcher } = chevrotain;

/** A cause's settings run up to its `;`, so a setting keyword there ends the previous setting. */
const settingKeywords: ReadonlySet<TokenType> = new Set([T.Status, T.Enable, T.Test, T.Ack, T.Vector, T.Ring, T.Mask]);
const keywordSet: ReadonlySet<TokenType> = new Set(T.keywords);

/** Occurrence indexes for the shared helpers. */
const BODY = 20;
const ACCESS = 21;

type Maybe<T> = T | undefined;

type Written<T> = { readonly v: T };

export class RegsParser extends RecoveringParser {
  /** Set by parse() before each run: builds the nodes and reports what the grammar cannot see. */
  build: AstBuilder = new AstBuilder('', () => {});
  /** The file's items so far, so that a file whose last declaration breaks still returns the others. */
  private topItems: A.TopItem[] = [];
  private readonly alts: Record<string, IOrAlt<unknown>[]> = {};

  /**
   * Drops everything of the last run (parse() calls it when done): the parser is one shared instance,
   * and its tokens (~5·10⁶ for 100,000 registers), builder and items — the whole AST — would otherwise
   * stay alive through every later phase and back end (~400 MB at 100,000 registers).
   */
  release(): void {
    this.input = [];
    this.topItems = [];
    this.topLevelDepth = new Map();
    this.build = new AstBuilder('', () => {});
  }

  /**
   * `validate`: run chevrotain's grammar validations (ambiguities, left recursion), ~25 ms of every
   * process's start-up; the grammar is fixed, so the shared instance skips them and a test
   * (test/compiler/syntax/grammar.test.ts) builds one that runs them.
   */
  constructor(validate = false) {
    super(T.allTokens as TokenType[], { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: errorMessages, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  /** Builds a node unless recording the grammar; an incomplete node is `undefined`. */
  private node<N>(make: () => N): Maybe<N> {
    return this.ACTION(() => {
      try {
        return make();
      } catch (e) {
        if (e instanceof Incomplete) return undefined;
        throw e;
      }
    });
  }
  /** Where the rule being parsed starts (call first thing in a rule). */
  private start(): number {
    return this.ACTION(() => this.LA(1).startOffset);
  }
  /** From `start` to the end of the last token consumed (invented tokens are not in the input). */
  private span(start: number): Span {
    const last = this.LA(0);
    const end = last.startOffset + last.image.length;
    // A rule entered at the end of the input starts at EOF, which has no offset.
    if (!Number.isFinite(start)) return { file: this.build.file, start: Number.isFinite(end) ? end : 0, end: Number.isFinite(end) ? end : 0 };
    return { file: this.build.file, start, end: Number.isFinite(end) && end > start ? end : start };
  }
  /**
   * An optional part that was written: `undefined` from an OPTION means "not written", `{ v: undefined }`
   * means "written but incomplete" (see `opt`), which makes the whole node incomplete.
   */
  private some<T>(v: T): Written<T> {
    return { v };
  }
  /** The alternatives of an OR, built on first use and reused (they capture nothing but `this`). */
  private alt<T>(key: string, make: () => IOrAlt<T>[]): IOrAlt<T>[] {
    return (this.alts[key] ??= make()) as IOrAlt<T>[];
  }

  // file := (importDecl | constDecl | enumDecl | blockDecl | layoutDecl | deviceDecl)* EOF
  file = this.RULE(
    'file',
    (): A.TopItem[] => {
      const items: A.TopItem[] = (this.topItems = []);
      this.MANY(() => {
        const item = this.OR(
          this.alt<Maybe<A.TopItem>>('file', () => [
            { ALT: () => this.SUBRULE(this.importDecl) },
            { ALT: () => this.SUBRULE(this.constDecl) },
            { ALT: () => this.SUBRULE(this.enumDecl) },
            { ALT: () => this.SUBRULE(this.blockDecl) },
            { ALT: () => this.SUBRULE(this.layoutDecl) },
            { ALT: () => this.SUBRULE(this.deviceDecl) },
          ]),
        );
        if (item) items.push(item);
      });
      // Explicit, so that EOF is in the follow set of every closing brace: a '}' missing at the very
      // end of the file is then supplied (one error) instead of dropping the whole declaration.
      this.CONSUME(EOF);
      return items;
    },
    { recoveryValueFunc: () => this.topItems },
  );

  // importDecl := 'import' STRING ';'
  importDecl = this.RULE('importDecl', (): Maybe<A.ImportDecl> => {
    const s = this.start();
    this.CONSUME(T.Import);
    const path = this.CONSUME(T.StringLiteral);
    this.CONSUME(T.Semicolon);
    return this.node(() => this.build.importDecl(path, this.span(s)));
  });

  // constDecl := 'const' NAME '=' expr STRING? ';'
  constDecl = this.RULE('constDecl', (): Maybe<A.ConstDecl> => {
    const s = this.start();
    this.CONSUME(T.Const);
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expr);
    const doc = this.OPTION(() => this.CONSUME(T.StringLiteral));
    this.CONSUME(T.Semicolon);
    return this.node(() => this.build.constDecl(name, value, doc, this.span(s)));
  });

  // enumDecl := 'enum' NAME STRING? enumBody ';'?
  enumDecl = this.RULE('enumDecl', (): Maybe<A.EnumDecl> => {
    const s = this.start();
    this.CONSUME(T.Enum);
    const name = this.CONSUME(T.Identifier);
    const doc = this.OPTION(() => this.CONSUME(T.StringLiteral));
    const values = this.SUBRULE(this.enumBody);
    this.OPTION2(() => this.CONSUME(T.Semicolon));
    return this.node(() => this.build.enumDecl(name, doc, values?.values, this.span(s)));
  });

  // enumBody := '{' (enumValue (',' enumValue)* ','?)? '}'
  enumBody = this.RULE('enumBody', (): Maybe<{ values: Maybe<A.EnumValue>[]; span: Span }> => {
    const s = this.start();
    const values: Maybe<A.EnumValue>[] = [];
    this.CONSUME(T.LCurly);
    this.MANY({
      GATE: this.nameEquals,
      DEF: () => {
        values.push(this.SUBRULE(this.enumValue));
      // A comma separates values; the last one may keep its comma.
        this.OR([{ ALT: () => this.CONSUME(T.Comma) }, { GATE: () => this.LA(1).tokenType === T.RCurly, ALT: () => undefined }]);
      },
    });
    this.CONSUME(T.RCurly);
    return this.node(() => ({ values, span: this.span(s) }));
  });

  // enumValue := NAME '=' expr STRING?
  enumValue = this.RULE('enumValue', (): Maybe<A.EnumValue> => {
    const s = this.start();
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expr);
    const doc = this.OPTION(() => this.CONSUME(T.StringLiteral));
    return this.node(() => this.build.enumValue(name, value, doc, this.span(s)));
  });

  // docStmt := 'doc' STRING ';'
  docStmt = this.RULE('docStmt', (): Maybe<DocPart> => {
    const s = this.start();
    this.CONSUME(T.Doc);
    const text = this.CONSUME(T.StringLiteral);
    this.CONSUME(T.Semicolon);
    return this.node(() => this.build.docPart(text, this.span(s)));
  });

  // allowStmt := 'allow' NAME STRING ';'          (NAME: a warning code such as RM0414; lowering checks it)
  allowStmt = this.RULE('allowStmt', (): Maybe<A.AllowDecl> => {
    const s = this.start();
    this.CONSUME(T.Allow);
    const code = this.CONSUME(T.Identifier);
    const reason = this.CONSUME(T.StringLiteral);
    this.CONSUME(T.Semicolon);
    return this.node(() => this.build.allowDecl(code, reason, this.span(s)));
  });

  // blockDecl := 'block' NAME STRING? body
  blockDecl = this.RULE('blockDecl', (): Maybe<A.BlockDecl> => {
    const s = this.start();
    this.CONSUME(T.Block);
    const name = this.CONSUME(T.Identifier);
    const doc = this.OPTION(() => this.CONSUME(T.StringLiteral));
    const body = this.body();
    return this.node(() => this.build.blockDecl(name, doc, body, this.span(s)));
  });

  // body := '{' (registerDecl | blockInstance | docStmt | allowStmt)* '}'      (in blockDecl, blockInstance, barDecl)
  private body(): Maybe<BodyPart>[] {
    const items: Maybe<BodyPart>[] = [];
    this.consume(BODY, T.LCurly);
    this.many(BODY, () => {
      items.push(
        this.or(
          BODY,
          this.alt<Maybe<BodyPart>>('body', () => [
            { ALT: () => this.subrule(BODY, this.registerDecl, { ARGS: ['register'] }) },
            { ALT: () => this.subrule(BODY, this.blockInstance) },
            { ALT: () => this.subrule(BODY, this.docStmt) },
            { ALT: () => this.subrule(BODY, this.allowStmt) },
          ]),
        ),
      );
    });
    this.consume(BODY, T.RCurly);
    return items;
  }

  // blockInstance := 'block' NAME arraySpec? '@' expr ('stride' expr)? ( ':' NAME STRING? ';' | STRING? body )
  blockInstance = this.RULE('blockInstance', (): Maybe<A.BlockInstance> => {
    const s = this.start();
    this.CONSUME(T.Block);
    const name = this.CONSUME(T.Identifier);
    const array = this.OPTION(() => this.some(this.SUBRULE(this.arraySpec)));
    this.CONSUME(T.At);
    const offset = this.SUBRULE(this.expr);
    const lateStride = this.OPTION2(() => {
      this.CONSUME(T.Stride);
      return this.some(this.SUBRULE2(this.expr));
    });
    let type: IToken | undefined;
    let doc: IToken | undefined;
    let body: Maybe<BodyPart>[] | undefined;
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          type = this.CONSUME2(T.Identifier);
          doc = this.OPTION3(() => this.CONSUME(T.StringLiteral));
          this.CONSUME(T.Semicolon);
        },
      },
      {
        ALT: () => {
          doc = this.OPTION4(() => this.CONSUME2(T.StringLiteral));
          body = this.body();
        },
      },
    ]);
    return this.node(() => this.build.blockInstance(name, opt(array), offset, opt(lateStride), type, doc, body, this.span(s)));
  });

  // arraySpec := '[' expr ']' ('stride' expr)?
  arraySpec = this.RULE('arraySpec', (): Maybe<ArrayPart> => {
    const s = this.start();
    this.CONSUME(T.LBracket);
    const count = this.SUBRULE(this.expr);
    this.CONSUME(T.RBracket);
    let hasStride = false;
    const stride = this.OPTION(() => {
      this.CONSUME(T.Stride);
      hasStride = true;
      return this.SUBRULE2(this.expr);
    });
    return this.node(() => this.build.arrayPart(count, stride, hasStride, this.span(s)));
  });

  // registerDecl := ('register' | 'word') NAME arraySpec? '@' expr ('stride' expr)? ':' expr
  //                 access ('split' NAME)? ('shares' path)? 'volatile'? ('reset' expr)? STRING?
  //                 ( ';' | '{' (fieldDecl | reservedDecl | docStmt | allowStmt)* '}' )
  registerDecl = this.RULE('registerDecl', (expected: 'register' | 'word' = 'register'): Maybe<A.RegisterDecl> => {
    const s = this.start();
    const keyword = this.OR(
      this.alt<IToken>('registerKeyword', () => [{ ALT: () => this.CONSUME(T.Register) }, { ALT: () => this.CONSUME(T.Word) }]),
    );
    const name = this.CONSUME(T.Identifier);
    const array = this.OPTION(() => this.some(this.SUBRULE(this.arraySpec)));
    this.CONSUME(T.At);
    const offset = this.SUBRULE(this.expr);
    const lateStride = this.OPTION2(() => {
      this.CONSUME(T.Stride);
      return this.some(this.SUBRULE2(this.expr));
    });
    this.CONSUME(T.Colon);
    const width = this.SUBRULE3(this.expr);
    const access = this.access();
    // `split lo_hi`: a 64-bit register the device allows (only) as two 32-bit halves, in that order.
    const split = this.OPTION6(() => {
      this.CONSUME(T.Split);
      return this.some(this.CONSUME3(T.Identifier));
    });
    // `shares intms`: this register is another view of that register's storage (INTMC of INTMS).
    const shares = this.OPTION7(() => {
      this.CONSUME(T.Shares);
      return this.some(this.SUBRULE(this.path));
    });
    const volatile = this.OPTION3(() => this.CONSUME(T.Volatile)) !== undefined;
    const reset = this.OPTION4(() => {
      this.CONSUME(T.Reset);
      return this.some(this.SUBRULE4(this.expr));
    });
    const doc = this.OPTION5(() => this.CONSUME(T.StringLiteral));
    const body: Maybe<RegisterPart>[] = [];
    this.OR2([
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.MANY(() => {
            body.push(
              this.OR3(
                this.alt<Maybe<RegisterPart>>('registerItem', () => [
                  { ALT: () => this.SUBRULE(this.fieldDecl) },
                  { ALT: () => this.SUBRULE(this.reservedDecl) },
                  { ALT: () => this.SUBRULE(this.docStmt) },
                  { ALT: () => this.SUBRULE(this.allowStmt) },
                ]),
              ),
            );
          });
          this.CONSUME(T.RCurly);
        },
      },
    ]);
    return this.node(() =>
      this.build.registerDecl(
        { keyword, name, array: opt(array), offset, lateStride: opt(lateStride), width, access, split: opt(split), shares: opt(shares), volatile, reset: opt(reset), doc, body },
        expected,
        this.span(s),
      ),
    );
  });

  // access := (('sw=' | 'onread=' | 'onwrite=') NAME | NAME)*          (in registerDecl and fieldDecl)
  // No access name is a keyword, so any keyword ('volatile', 'reset', 'enum', 'field', …) ends the
  // list: after `register a @ 0 : 32 rw` a forgotten ';' then reads as "expected ';'" at `field`.
  private access(): A.AccessItem[] {
    const items: A.AccessItem[] = [];
    this.many(ACCESS, {
      GATE: this.accessGate,
      DEF: () => {
        const item = this.or(
          ACCESS,
          this.alt<Maybe<A.AccessItem>>('access', () => [
            {
              ALT: () => {
                const key = this.or(
                  ACCESS + 1,
                  this.alt<IToken>('accessKey', () => [
                    { ALT: () => this.consume(ACCESS, T.SwEq) },
                    { ALT: () => this.consume(ACCESS, T.OnReadEq) },
                    { ALT: () => this.consume(ACCESS, T.OnWriteEq) },
                  ]),
                );
                const value = this.consume(ACCESS, T.Identifier);
                return this.node(() => this.build.property(key, value));
              },
            },
            {
              ALT: () => {
                const t = this.consume(ACCESS + 1, T.Identifier);
                return this.node(() => this.build.shorthand(t));
              },
            },
          ]),
        );
        if (item) items.push(item);
      },
    });
    return items;
  }
  private readonly nameEquals = (): boolean => this.LA(2).tokenType === T.Equals;
  private readonly accessGate = (): boolean => !keywordSet.has(this.LA(1).tokenType);

  // fieldDecl := 'field' NAME bitRange access 'volatile'? ('reset' expr)? ('enum' (NAME | enumBody | enumBy))? STRING?
  //              enumBy := 'by' NAME '{' (NAME ':' NAME ','?)* '}'
  //              ( ';' | '{' allowStmt* '}' )
  fieldDecl = this.RULE('fieldDecl', (): Maybe<A.FieldDecl> => {
    const s = this.start();
    this.CONSUME(T.Field);
    const name = this.CONSUME(T.Identifier);
    const bits = this.SUBRULE(this.bitRange);
    const access = this.access();
    const volatile = this.OPTION(() => this.CONSUME(T.Volatile)) !== undefined;
    const reset = this.OPTION2(() => {
      this.CONSUME(T.Reset);
      return this.some(this.SUBRULE(this.expr));
    });
    const en = this.OPTION3(() => {
      const kw = this.CONSUME(T.Enum);
      return this.some(this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          {
            // `enum by SELECTOR { KEY: ENUM, … }`: a contextual word, so `enum by;` still names an enum `by`.
            GATE: () => this.LA(1).image === 'by' && tokenMatcher(this.LA(2), T.Identifier) && this.LA(3).tokenType === T.LCurly,
            ALT: () => {
              const s2 = this.start();
              this.CONSUME3(T.Identifier);
              const selector = this.CONSUME4(T.Identifier);
              const cases: Maybe<A.EnumByCase>[] = [];
              const open = this.CONSUME3(T.LCurly);
              this.MANY3({
                GATE: () => this.LA(1).tokenType !== T.RCurly,
                DEF: () => {
                  const c = this.start();
                  const key = this.CONSUME5(T.Identifier);
                  this.CONSUME3(T.Colon);
                  const name = this.CONSUME6(T.Identifier);
                  cases.push(this.node(() => this.build.enumByCase(key, name, this.span(c))));
                  this.OPTION5(() => this.CONSUME3(T.Comma));
                },
              });
              this.CONSUME3(T.RCurly);
              return this.node(() => ({ by: this.build.enumBy(selector, open, cases, this.span(s2)), span: this.span(s2) }));
            },
          },
          {
            ALT: () => {
              const ref = this.CONSUME2(T.Identifier);
              return this.node(() => ({ ref, span: this.build.tokenSpan(ref) }));
            },
          },
          {
            ALT: () => {
              const body = this.SUBRULE(this.enumBody);
              return this.node(() => ({ values: body?.values, span: body?.span ?? this.build.tokenSpan(kw) }));
            },
          },
        ],
      }));
    });
    const doc = this.OPTION4(() => this.CONSUME(T.StringLiteral));
    // A body only ever holds `allow` items: a field has nothing else to nest.
    const allows: Maybe<A.AllowDecl>[] = [];
    this.OR2([
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.MANY(() => allows.push(this.SUBRULE(this.allowStmt)));
          this.CONSUME(T.RCurly);
        },
      },
    ]);
    return this.node(() => this.build.fieldDecl(name, bits, access, volatile, opt(reset), opt(en), doc, allows, this.span(s)));
  });

  // reservedDecl := 'reserved' bitRange NAME? ';'      (NAME: 'preserve' | 'ones')
  reservedDecl = this.RULE('reservedDecl', (): Maybe<A.ReservedDecl> => {
    const s = this.start();
    this.CONSUME(T.Reserved);
    const bits = this.SUBRULE(this.bitRange);
    const policy = this.OPTION(() => this.CONSUME(T.Identifier));
    this.CONSUME(T.Semicolon);
    return this.node(() => this.build.reservedDecl(bits, policy, this.span(s)));
  });

  // bitRange := '[' expr (':' expr)? ']'
  bitRange = this.RULE('bitRange', (): Maybe<A.BitRange> => {
    const s = this.start();
    this.CONSUME(T.LBracket);
    const msb = this.SUBRULE(this.expr);
    let hasLsb = false;
    const lsb = this.OPTION(() => {
      this.CONSUME(T.Colon);
      hasLsb = true;
      return this.SUBRULE2(this.expr);
    });
    this.CONSUME(T.RBracket);
    return this.node(() => this.build.bitRange(msb, lsb, hasLsb, this.span(s)));
  });

  // deviceDecl := 'device' NAME STRING? '{' (pciDecl | docStmt | barDecl | interruptsDecl | layoutDecl | ringDecl | allowStmt)* '}'
  deviceDecl = this.RULE('deviceDecl', (): Maybe<A.DeviceDecl> => {
    const s = this.start();
    this.CONSUME(T.Device);
    const name = this.CONSUME(T.Identifier);
    const doc = this.OPTION(() => this.CONSUME(T.StringLiteral));
    const parts: Maybe<DevicePart>[] = [];
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      parts.push(
        this.OR(
          this.alt<Maybe<DevicePart>>('deviceItem', () => [
            { ALT: () => this.SUBRULE(this.pciDecl) },
            { ALT: () => this.SUBRULE(this.docStmt) },
            { ALT: () => this.SUBRULE(this.barDecl) },
            { ALT: () => this.SUBRULE(this.interruptsDecl) },
            { ALT: () => this.SUBRULE(this.layoutDecl) },
            { ALT: () => this.SUBRULE(this.ringDecl) },
            { ALT: () => this.SUBRULE(this.allowStmt) },
          ]),
        ),
      );
    });
    this.CONSUME(T.RCurly);
    return this.node(() => this.build.deviceDecl(name, doc, parts, this.span(s)));
  });

  // pciDecl := 'pci' '{' pciProperty* '}'
  pciDecl = this.RULE('pciDecl', (): Maybe<A.PciDecl> => {
    const s = this.start();
    const properties: Maybe<A.PciProperty>[] = [];
    this.CONSUME(T.Pci);
    this.CONSUME(T.LCurly);
    // Only `NAME =` starts a property: after a lost '}' the words that follow are not taken for keys.
    this.MANY({ GATE: this.nameEquals, DEF: () => properties.push(this.SUBRULE(this.pciProperty)) });
    this.CONSUME(T.RCurly);
    return this.node(() => this.build.pciDecl(properties, this.span(s)));
  });

  // pciProperty := NAME '=' expr ';'
  pciProperty = this.RULE('pciProperty', (): Maybe<A.PciProperty> => {
    const s = this.start();
    const key = this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expr);
    this.CONSUME(T.Semicolon);
    return this.node(() => this.build.pciProperty(key, value, this.span(s)));
  });

  // barDecl := 'bar' expr NAME NAME 'size' expr ('64bit' | NAME)* STRING? ( ';' | body )
  barDecl = this.RULE('barDecl', (): Maybe<A.BarDecl> => {
    const s = this.start();
    this.CONSUME(T.Bar);
    const index = this.SUBRULE(this.expr);
    const name = this.CONSUME(T.Identifier);
    const kind = this.CONSUME2(T.Identifier);
    this.CONSUME(T.Size);
    const size = this.SUBRULE2(this.expr);
    const flags: IToken[] = [];
    this.MANY(() => {
      flags.push(this.OR([{ ALT: () => this.CONSUME(T.Flag64) }, { ALT: () => this.CONSUME3(T.Identifier) }]));
    });
    const doc = this.OPTION(() => this.CONSUME(T.StringLiteral));
    let body: Maybe<BodyPart>[] | undefined;
    this.OR2([
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          body = this.body();
        },
      },
    ]);
    return this.node(() => this.build.barDecl(index, name, kind, size, flags, doc, body, this.span(s)));
  });

  // interruptsDecl := 'interrupts' NAME STRING? '{' (interruptSetting ';' | causeDecl | docStmt)* '}'
  interruptsDecl = this.RULE('interruptsDecl', (): Maybe<A.InterruptsDecl> => {
    const s = this.start();
    this.CONSUME(T.Interrupts);
    const name = this.CONSUME(T.Identifier);
    const doc = this.OPTION(() => this.CONSUME(T.StringLiteral));
    const parts: Maybe<Setting | A.CauseDecl | DocPart>[] = [];
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      parts.push(
        this.OR([
          { ALT: () => this.SUBRULE(this.groupSetting) },
          { ALT: () => this.SUBRULE(this.causeDecl) },
          { ALT: () => this.SUBRULE(this.docStmt) },
        ]),
      );
    });
    this.CONSUME(T.RCurly);
    return this.node(() => this.build.interruptsDecl(name, doc, parts, this.span(s)));
  });

  // groupSetting := interruptSetting ';'
  groupSetting = this.RULE('groupSetting', (): Maybe<Setting> => {
    const setting = this.SUBRULE(this.interruptSetting);
    this.CONSUME(T.Semicolon);
    return setting;
  });

  // causeDecl := 'cause' NAME STRING? interruptSetting* ';'
  causeDecl = this.RULE('causeDecl', (): Maybe<A.CauseDecl> => {
    const s = this.start();
    this.CONSUME(T.Cause);
    const name = this.CONSUME(T.Identifier);
    const doc = this.OPTION(() => this.CONSUME(T.StringLiteral));
    const settings: Maybe<Setting>[] = [];
    this.MANY(() => settings.push(this.SUBRULE(this.interruptSetting)));
    this.CONSUME(T.Semicolon);
    return this.node(() => this.build.causeDecl(name, doc, settings, this.span(s)));
  });

  // interruptSetting := 'status' path
  //                   | 'enable' ('set' path 'clear' path | path)
  //                   | 'test' path
  //                   | 'ack' path                 (a lone w1c | w0c | w1t | rc | none is a mode)
  //                   | 'vector' NAME expr?
  //                   | 'ring' NAME                (causes: new entries in that ring array)
  //                   | 'mask' 'set' path 'clear' path   (groups: one mask over a set/clear pair)
  interruptSetting = this.RULE('interruptSetting', (): Maybe<Setting> => {
    const s = this.start();
    let keyword: IToken | undefined;
    let rest: Omit<Setting, 'key' | 'span'> = {};
    this.OR([
      {
        ALT: () => {
          keyword = this.CONSUME(T.Status);
          const path = this.SUBRULE(this.path);
          rest = { path };
        },
      },
      {
        ALT: () => {
          keyword = this.CONSUME(T.Enable);
          this.OR2({
            // `enable set ims clear imc` — but `enable set;` enables through a register named `set`.
            IGNORE_AMBIGUITIES: true,
            DEF: [
              {
                GATE: () => this.LA(1).tokenType === T.Set && tokenMatcher(this.LA(2), T.Identifier),
                ALT: () => {
                  this.CONSUME(T.Set);
                  const set = this.SUBRULE2(this.path);
                  this.CONSUME(T.Clear);
                  const clear = this.SUBRULE3(this.path);
                  rest = { set, clear };
                },
              },
              {
                ALT: () => {
                  const path = this.SUBRULE4(this.path);
                  rest = { path };
                },
              },
            ],
          });
        },
      },
      {
        ALT: () => {
          keyword = this.CONSUME(T.Test);
          const path = this.SUBRULE5(this.path);
          rest = { path };
        },
      },
      {
        ALT: () => {
          keyword = this.CONSUME(T.Ack);
          const path = this.SUBRULE6(this.path);
          rest = { path };
        },
      },
      {
        ALT: () => {
          keyword = this.CONSUME(T.Vector);
          const vectorKind = this.CONSUME(T.Identifier);
          const index = this.OPTION({
            GATE: () => !settingKeywords.has(this.LA(1).tokenType),
            DEF: () => this.some(this.SUBRULE(this.expr)),
          });
          rest = { vectorKind, ...(index ? { index: index.v, hasIndex: true } : {}) };
        },
      },
      {
        ALT: () => {
          keyword = this.CONSUME(T.Ring);
          rest = { ring: this.CONSUME2(T.Identifier) };
        },
      },
      {
        ALT: () => {
          keyword = this.CONSUME(T.Mask);
          this.CONSUME2(T.Set);
          const set = this.SUBRULE7(this.path);
          this.CONSUME2(T.Clear);
          const clear = this.SUBRULE8(this.path);
          rest = { set, clear };
        },
      },
    ]);
    return this.node(() => {
      // A setting whose path or set/clear pair did not parse is incomplete.
      if ('path' in rest && !rest.path) throw new Incomplete();
      if ('set' in rest && (!rest.set || !rest.clear)) throw new Incomplete();
      if ('hasIndex' in rest && !rest.index) throw new Incomplete();
      return this.build.setting(this.build.tok(keyword), rest, this.span(s));
    });
  });

  // path := NAME ('[' expr ']')? ('.' NAME ('[' expr ']')?)*
  path = this.RULE('path', (): Maybe<A.Path> => {
    const parts: Maybe<A.Path['parts'][number]>[] = [];
    const first = this.CONSUME(T.Identifier);
    let index: A.Expr | undefined;
    let close: IToken | undefined;
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      index = this.SUBRULE(this.expr);
      close = this.CONSUME(T.RBracket);
    });
    parts.push(this.node(() => this.build.pathPart(first, index, close)));
    this.MANY(() => {
      this.CONSUME(T.Dot);
      const name = this.CONSUME2(T.Identifier);
      let ix: A.Expr | undefined;
      let cl: IToken | undefined;
      this.OPTION2(() => {
        this.CONSUME2(T.LBracket);
        ix = this.SUBRULE2(this.expr);
        cl = this.CONSUME2(T.RBracket);
      });
      parts.push(this.node(() => this.build.pathPart(name, ix, cl)));
    });
    return this.node(() => this.build.path(parts.map((p) => this.build.need(p))));
  });

  // layoutDecl := 'layout' NAME 'size' expr ('align' expr)? STRING? '{' layoutItem* '}'
  layoutDecl = this.RULE('layoutDecl', (): Maybe<A.LayoutDecl> => {
    const s = this.start();
    this.CONSUME(T.Layout);
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Size);
    const size = this.SUBRULE(this.expr);
    const align = this.OPTION(() => {
      this.CONSUME(T.Align);
      return this.some(this.SUBRULE2(this.expr));
    });
    const doc = this.OPTION2(() => this.CONSUME(T.StringLiteral));
    const parts: Maybe<LayoutPart>[] = [];
    this.CONSUME(T.LCurly);
    this.MANY(() => parts.push(this.SUBRULE(this.layoutItem)));
    this.CONSUME(T.RCurly);
    return this.node(() => this.build.layoutDecl(name, size, opt(align), doc, parts, this.span(s)));
  });

  // variantDecl := 'variant' NAME STRING? '{' (registerDecl | docStmt)* '}'      (words only)
  variantDecl = this.RULE('variantDecl', (): Maybe<LayoutPart> => {
    const s = this.start();
    this.CONSUME(T.Variant);
    const name = this.CONSUME(T.Identifier);
    const doc = this.OPTION(() => this.CONSUME(T.StringLiteral));
    const parts: Maybe<A.RegisterDecl | DocPart>[] = [];
    this.CONSUME(T.LCurly);
    this.MANY(() => parts.push(this.OR([{ ALT: () => this.SUBRULE(this.registerDecl, { ARGS: ['word'] }) }, { ALT: () => this.SUBRULE(this.docStmt) }])));
    this.CONSUME(T.RCurly);
    return this.node(() => this.build.variantDecl(name, doc, parts, this.span(s)));
  });

  // layoutItem := registerDecl | 'done' path ';' | 'owner' path '=' expr ';' | variantDecl | docStmt
  layoutItem = this.RULE('layoutItem', (): Maybe<LayoutPart> => {
    const s = this.start();
    return this.OR([
      { ALT: () => this.SUBRULE(this.variantDecl) },
      { ALT: () => this.SUBRULE(this.registerDecl, { ARGS: ['word'] }) },
      {
        ALT: () => {
          this.CONSUME(T.Done);
          const path = this.SUBRULE(this.path);
          this.CONSUME(T.Semicolon);
          return this.node(() => ({ kind: 'done' as const, path: this.build.need(path), span: this.span(s) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Owner);
          const field = this.SUBRULE2(this.path);
          this.CONSUME(T.Equals);
          const value = this.SUBRULE(this.expr);
          this.CONSUME2(T.Semicolon);
          return this.node(() => ({ kind: 'owner' as const, field: this.build.need(field), value: this.build.need(value), span: this.span(s) }));
        },
      },
      { ALT: () => this.SUBRULE(this.docStmt) },
    ]);
  });

  // ringDecl := 'ring' NAME ('[' NAME ':' expr ']')? 'of' NAME STRING? '{' ringItem* '}'
  // `ring sq[y:queues] of sqe { … }`: `queues` rings; `y` is each one's index in its paths and vector.
  ringDecl = this.RULE('ringDecl', (): Maybe<A.RingDecl> => {
    const s = this.start();
    this.CONSUME(T.Ring);
    const name = this.CONSUME(T.Identifier);
    const array = this.OPTION(() => {
      this.CONSUME(T.LBracket);
      const index = this.CONSUME3(T.Identifier);
      this.CONSUME(T.Colon);
      const count = this.SUBRULE(this.expr);
      this.CONSUME(T.RBracket);
      return this.some({ index, count });
    });
    this.CONSUME(T.Of);
    const layout = this.CONSUME2(T.Identifier);
    const doc = this.OPTION2(() => this.CONSUME(T.StringLiteral));
    const parts: Maybe<RingPart>[] = [];
    this.CONSUME(T.LCurly);
    this.MANY(() => parts.push(this.SUBRULE(this.ringItem)));
    this.CONSUME(T.RCurly);
    return this.node(() => this.build.ringDecl(name, opt(array), layout, doc, parts, this.span(s)));
  });

  // ringItem := 'count' expr? ('max' expr)? ';' | ('tail' | 'head' | 'base_lo' | 'base_hi' | 'length') path ';'
  //           | 'phase' path ';' | 'completes' NAME ';' | 'vector' NAME expr ';' | docStmt
  ringItem = this.RULE('ringItem', (): Maybe<RingPart> => {
    const s = this.start();
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            const key = this.CONSUME(T.Count);
            // `count 64;`, `count max cap.mqes + 1;`, `count 64 max cap.mqes + 1;` (max: a run-time bound)
            const count = this.OPTION({ GATE: () => !this.isMax(), DEF: () => this.some(this.SUBRULE(this.expr)) });
            const max = this.OPTION2({
              GATE: () => this.isMax(),
              DEF: () => {
                this.CONSUME(T.Identifier);
                return this.some(this.SUBRULE2(this.expr));
              },
            });
            this.CONSUME(T.Semicolon);
            return this.node(() => this.build.ringCount(key, opt(count), opt(max), this.span(s)));
          },
        },
        {
          ALT: () => {
            const key = this.OR2([
              { ALT: () => this.CONSUME(T.Tail) },
              { ALT: () => this.CONSUME(T.Head) },
              { ALT: () => this.CONSUME(T.BaseLo) },
              { ALT: () => this.CONSUME(T.BaseHi) },
              { ALT: () => this.CONSUME(T.Length) },
            ]);
            const path = this.SUBRULE(this.path);
            this.CONSUME2(T.Semicolon);
            return this.node(() => this.build.ringItem(key, path, this.span(s)));
          },
        },
        {
          ALT: () => {
            const key = this.CONSUME(T.Vector);
            const kind = this.CONSUME2(T.Identifier);
            const index = this.SUBRULE3(this.expr);
            this.CONSUME3(T.Semicolon);
            return this.node(() => this.build.ringVector(key, kind, index, this.span(s)));
          },
        },
        {
          // `phase WORD.FIELD;` (a phase-tag completion ring) and `completes RING;` (its submission ring):
          // contextual words, so they stay usable as names everywhere else.
          GATE: () => this.LA(1).image === 'phase' || this.LA(1).image === 'completes',
          ALT: () => {
            const key = this.CONSUME4(T.Identifier);
            const path = this.SUBRULE2(this.path);
            this.CONSUME4(T.Semicolon);
            return this.node(() => this.build.ringItem(key, path, this.span(s)));
          },
        },
        { ALT: () => this.SUBRULE(this.docStmt) },
      ],
    });
  });

  /** `max` after `count` starts the run-time bound (unless it is the whole count: `count max;`). */
  private isMax(): boolean {
    return this.LA(1).image === 'max' && this.LA(2).tokenType !== T.Semicolon && !tokenMatcher(this.LA(2), T.BinaryOperator);
  }

  // expr    := operand (BINOP operand)*     BINOP by C precedence, loosest first: | ^ & (<< >>) (+ -) (* / %)
  // operand := ('-' | '~')* (NUMBER | NAME | '(' expr ')')
  // Operands and operators are collected in order; toAst.ts builds the tree by precedence climbing.
  expr = this.RULE('expr', (): Maybe<A.Expr> => {
    const first = this.operand(1);
    let operands: Maybe<A.Expr>[] | undefined;
    let ops: IToken[] | undefined;
    this.MANY(() => {
      (ops ??= []).push(this.CONSUME(T.BinaryOperator));
      (operands ??= [first]).push(this.operand(2));
    });
    if (!ops) return first;
    return this.node(() => this.build.binary(operands!, ops!));
  });

  private operand(idx: 1 | 2): Maybe<A.Expr> {
    let unary: IToken[] | undefined;
    this.many(idx, () => {
      (unary ??= []).push(this.or(idx, this.alt<IToken>(`unary${idx}`, () => [{ ALT: () => this.consume(idx, T.Minus) }, { ALT: () => this.consume(idx, T.Tilde) }])));
    });
    const atom = this.or(
      idx + 2,
      this.alt<Maybe<A.Expr>>(`operand${idx}`, () => [
        {
          ALT: () => {
            const t = this.consume(idx, T.NumberLiteral);
            return this.node(() => this.build.number(this.build.tok(t)));
          },
        },
        {
          ALT: () => {
            const t = this.consume(idx, T.Identifier);
            // `cap.dstrd`: a register field, for the run-time parts of a spec (a stride, a ring's count bound).
            let more: IToken[] | undefined;
            this.many(idx + 4, () => {
              this.consume(idx + 4, T.Dot);
              (more ??= []).push(this.consume(idx + 6, T.Identifier));
            });
            return this.node(() => (more ? this.build.fieldRef(this.build.tok(t), more) : this.build.name(this.build.tok(t))));
          },
        },
        {
          ALT: () => {
            const open = this.consume(idx, T.LParen);
            const inner = this.subrule(idx, this.expr);
            const close = this.consume(idx, T.RParen);
            return this.node(() => this.build.paren(open, inner, close));
          },
        },
      ]),
    );
    if (!unary) return atom;
    return this.node(() => this.build.unary(unary!, atom));
  }
}

/** The value of an optional part: absent, or present and complete (else the node is incomplete). */
function opt<T>(w: Written<T | undefined> | undefined): T | undefined {
  if (w === undefined) return undefined;
  if (w.v === undefined) throw new Incomplete();
  return w.v;
}

/** The one parser instance: self-analysis is the expensive part, so it runs once per process. */
export const regsParser = new RegsParser();
