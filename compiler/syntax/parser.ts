// The .regs grammar as a chevrotain CstParser, built once per process. Each rule is headed by its EBNF
// production; NAME is any Identifier, keywords included (they are in the Identifier category), so
// the grammar never needs to reserve a word. Error recovery is on: one run reports every syntax error
// it can, and partial CST nodes come back marked `recoveredNode` (toAst.ts drops or trims them).
// Where a keyword could also be a name (`enable set …`, access lists, vector indexes) a GATE decides.
//
// Speed: a 10,000-register file is ~270k tokens. To keep the CST small, body items are labelled
// straight into their parent (no `item := a | b` wrapper nodes) and an expression is one node. Helper
// methods shared by several rules (`body`, `access`, `operand`) use fixed high occurrence indexes
// so they never clash with the indexes of the rule they are called from. Alternatives of hot ORs are
// built once (`alts`) instead of on every call.
import { CstParser, tokenMatcher, type IOrAlt, type TokenType } from 'chevrotain';
import * as T from './tokens.js';
import { errorMessages } from './messages.js';

/** A cause's settings run up to its `;`, so a setting keyword there ends the previous setting. */
const settingKeywords: ReadonlySet<TokenType> = new Set([T.Status, T.Enable, T.Test, T.Ack, T.Vector]);
const keywordSet: ReadonlySet<TokenType> = new Set(T.keywords);

/** Occurrence indexes for the shared helpers (a rule's own DSL calls use 0–5). */
const BODY = 20;
const ACCESS = 21;

export class RegsParser extends CstParser {
  private readonly alts: Record<string, IOrAlt<unknown>[]> = {};

  constructor() {
    super(T.allTokens as TokenType[], {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
  }

  // file := (importDecl | constDecl | enumDecl | blockDecl | layoutDecl | deviceDecl)* EOF
  file = this.RULE('file', () => {
    this.MANY(() =>
      this.OR((this.alts['file'] ??= [
        { ALT: () => this.SUBRULE(this.importDecl, { LABEL: 'items' }) },
        { ALT: () => this.SUBRULE(this.constDecl, { LABEL: 'items' }) },
        { ALT: () => this.SUBRULE(this.enumDecl, { LABEL: 'items' }) },
        { ALT: () => this.SUBRULE(this.blockDecl, { LABEL: 'items' }) },
        { ALT: () => this.SUBRULE(this.layoutDecl, { LABEL: 'items' }) },
        { ALT: () => this.SUBRULE(this.deviceDecl, { LABEL: 'items' }) },
      ])),
    );
  });

  // importDecl := 'import' STRING ';'
  importDecl = this.RULE('importDecl', () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLiteral, { LABEL: 'path' });
    this.CONSUME(T.Semicolon);
  });

  // constDecl := 'const' NAME '=' expr STRING? ';'
  constDecl = this.RULE('constDecl', () => {
    this.CONSUME(T.Const);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr, { LABEL: 'value' });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.CONSUME(T.Semicolon);
  });

  // enumDecl := 'enum' NAME STRING? enumBody ';'?
  enumDecl = this.RULE('enumDecl', () => {
    this.CONSUME(T.Enum);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.SUBRULE(this.enumBody, { LABEL: 'body' });
    this.OPTION2(() => this.CONSUME(T.Semicolon));
  });

  // enumBody := '{' (enumValue (',' enumValue)* ','?)? '}'
  enumBody = this.RULE('enumBody', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.enumValue, { LABEL: 'values' });
      // A comma separates values; the last one may keep its comma.
      this.OR([{ ALT: () => this.CONSUME(T.Comma) }, { GATE: () => this.LA(1).tokenType === T.RCurly, ALT: () => {} }]);
    });
    this.CONSUME(T.RCurly);
  });

  // enumValue := NAME '=' expr STRING?
  enumValue = this.RULE('enumValue', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr, { LABEL: 'value' });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
  });

  // docStmt := 'doc' STRING ';'
  docStmt = this.RULE('docStmt', () => {
    this.CONSUME(T.Doc);
    this.CONSUME(T.StringLiteral, { LABEL: 'text' });
    this.CONSUME(T.Semicolon);
  });

  // blockDecl := 'block' NAME STRING? body
  blockDecl = this.RULE('blockDecl', () => {
    this.CONSUME(T.Block);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.body();
  });

  // body := '{' (registerDecl | blockInstance | docStmt)* '}'
  // (Called from blockDecl, blockInstance and barDecl; items land in their `registers`, `blocks`, `docs`.)
  private body(): void {
    this.consume(BODY, T.LCurly, { LABEL: 'body' });
    this.many(BODY, () =>
      this.or(BODY, (this.alts['body'] ??= [
        { ALT: () => this.subrule(BODY, this.registerDecl, { LABEL: 'registers' }) },
        { ALT: () => this.subrule(BODY, this.blockInstance, { LABEL: 'blocks' }) },
        { ALT: () => this.subrule(BODY, this.docStmt, { LABEL: 'docs' }) },
      ])),
    );
    this.consume(BODY, T.RCurly);
  }

  // blockInstance := 'block' NAME arraySpec? '@' expr ('stride' expr)? ( ':' NAME STRING? ';' | STRING? body )
  blockInstance = this.RULE('blockInstance', () => {
    this.CONSUME(T.Block);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.SUBRULE(this.arraySpec, { LABEL: 'array' }));
    this.CONSUME(T.At);
    this.SUBRULE(this.expr, { LABEL: 'offset' });
    this.OPTION2(() => {
      this.CONSUME(T.Stride);
      this.SUBRULE2(this.expr, { LABEL: 'stride' });
    });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          this.CONSUME2(T.Identifier, { LABEL: 'type' });
          this.OPTION3(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
          this.CONSUME(T.Semicolon);
        },
      },
      {
        ALT: () => {
          this.OPTION4(() => this.CONSUME2(T.StringLiteral, { LABEL: 'doc' }));
          this.body();
        },
      },
    ]);
  });

  // arraySpec := '[' expr ']' ('stride' expr)?
  arraySpec = this.RULE('arraySpec', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expr, { LABEL: 'count' });
    this.CONSUME(T.RBracket);
    this.OPTION(() => {
      this.CONSUME(T.Stride);
      this.SUBRULE2(this.expr, { LABEL: 'stride' });
    });
  });

  // registerDecl := ('register' | 'word') NAME arraySpec? '@' expr ('stride' expr)? ':' expr
  //                 access 'volatile'? ('reset' expr)? STRING? ( ';' | '{' (fieldDecl | reservedDecl | docStmt)* '}' )
  registerDecl = this.RULE('registerDecl', () => {
    this.OR((this.alts['registerKeyword'] ??= [
      { ALT: () => this.CONSUME(T.Register, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Word, { LABEL: 'keyword' }) },
    ]));
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.SUBRULE(this.arraySpec, { LABEL: 'array' }));
    this.CONSUME(T.At);
    this.SUBRULE(this.expr, { LABEL: 'offset' });
    this.OPTION2(() => {
      this.CONSUME(T.Stride);
      this.SUBRULE2(this.expr, { LABEL: 'stride' });
    });
    this.CONSUME(T.Colon);
    this.SUBRULE3(this.expr, { LABEL: 'width' });
    this.access();
    this.OPTION3(() => this.CONSUME(T.Volatile, { LABEL: 'volatile' }));
    this.OPTION4(() => {
      this.CONSUME(T.Reset);
      this.SUBRULE4(this.expr, { LABEL: 'reset' });
    });
    this.OPTION5(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.OR2((this.alts['registerEnd'] ??= [
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly, { LABEL: 'body' });
          this.MANY(() =>
            this.OR3((this.alts['registerItem'] ??= [
              { ALT: () => this.SUBRULE(this.fieldDecl, { LABEL: 'fields' }) },
              { ALT: () => this.SUBRULE(this.reservedDecl, { LABEL: 'fields' }) },
              { ALT: () => this.SUBRULE(this.docStmt, { LABEL: 'docs' }) },
            ])),
          );
          this.CONSUME(T.RCurly);
        },
      },
    ]));
  });

  // access := (('sw=' | 'onread=' | 'onwrite=') NAME | NAME)*      (labels `accessKeys`, `access`)
  // No access name is a keyword, so any keyword ('volatile', 'reset', 'enum', 'field', …) ends the
  // list: after `register a @ 0 : 32 rw` a forgotten ';' then reads as "expected ';'" at `field`.
  private access(): void {
    this.many(ACCESS, this.accessLoop);
  }
  private readonly accessLoop = {
    GATE: (): boolean => !keywordSet.has(this.LA(1).tokenType),
    DEF: (): void => {
      this.or(ACCESS, (this.alts['access'] ??= [
        {
          ALT: () => {
            this.or(ACCESS + 1, (this.alts['accessKey'] ??= [
              { ALT: () => this.consume(ACCESS, T.SwEq, { LABEL: 'accessKeys' }) },
              { ALT: () => this.consume(ACCESS, T.OnReadEq, { LABEL: 'accessKeys' }) },
              { ALT: () => this.consume(ACCESS, T.OnWriteEq, { LABEL: 'accessKeys' }) },
            ]));
            this.consume(ACCESS, T.Identifier, { LABEL: 'access' });
          },
        },
        { ALT: () => this.consume(ACCESS + 1, T.Identifier, { LABEL: 'access' }) },
      ]));
    },
  };

  // fieldDecl := 'field' NAME bitRange access 'volatile'? ('reset' expr)? ('enum' (NAME | enumBody))? STRING? ';'
  fieldDecl = this.RULE('fieldDecl', () => {
    this.CONSUME(T.Field);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.SUBRULE(this.bitRange, { LABEL: 'bits' });
    this.access();
    this.OPTION(() => this.CONSUME(T.Volatile, { LABEL: 'volatile' }));
    this.OPTION2(() => {
      this.CONSUME(T.Reset);
      this.SUBRULE(this.expr, { LABEL: 'reset' });
    });
    this.OPTION3(() => {
      this.CONSUME(T.Enum);
      this.OR([
        { ALT: () => this.CONSUME2(T.Identifier, { LABEL: 'enumName' }) },
        { ALT: () => this.SUBRULE(this.enumBody, { LABEL: 'enumBody' }) },
      ]);
    });
    this.OPTION4(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.CONSUME(T.Semicolon);
  });

  // reservedDecl := 'reserved' bitRange NAME? ';'      (NAME: 'preserve' | 'ones')
  reservedDecl = this.RULE('reservedDecl', () => {
    this.CONSUME(T.Reserved);
    this.SUBRULE(this.bitRange, { LABEL: 'bits' });
    this.OPTION(() => this.CONSUME(T.Identifier, { LABEL: 'policy' }));
    this.CONSUME(T.Semicolon);
  });

  // bitRange := '[' expr (':' expr)? ']'
  bitRange = this.RULE('bitRange', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expr, { LABEL: 'msb' });
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE2(this.expr, { LABEL: 'lsb' });
    });
    this.CONSUME(T.RBracket);
  });

  // deviceDecl := 'device' NAME STRING? '{' (pciDecl | docStmt | barDecl | interruptsDecl | layoutDecl | ringDecl)* '}'
  deviceDecl = this.RULE('deviceDecl', () => {
    this.CONSUME(T.Device);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.pciDecl, { LABEL: 'pci' }) },
        { ALT: () => this.SUBRULE(this.docStmt, { LABEL: 'docs' }) },
        { ALT: () => this.SUBRULE(this.barDecl, { LABEL: 'bars' }) },
        { ALT: () => this.SUBRULE(this.interruptsDecl, { LABEL: 'interrupts' }) },
        { ALT: () => this.SUBRULE(this.layoutDecl, { LABEL: 'layouts' }) },
        { ALT: () => this.SUBRULE(this.ringDecl, { LABEL: 'rings' }) },
      ]),
    );
    this.CONSUME(T.RCurly);
  });

  // pciDecl := 'pci' '{' pciProperty* '}'
  pciDecl = this.RULE('pciDecl', () => {
    this.CONSUME(T.Pci);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.pciProperty, { LABEL: 'properties' }));
    this.CONSUME(T.RCurly);
  });

  // pciProperty := NAME '=' expr ';'
  pciProperty = this.RULE('pciProperty', () => {
    this.CONSUME(T.Identifier, { LABEL: 'key' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr, { LABEL: 'value' });
    this.CONSUME(T.Semicolon);
  });

  // barDecl := 'bar' expr NAME NAME 'size' expr ('64bit' | NAME)* STRING? ( ';' | body )
  barDecl = this.RULE('barDecl', () => {
    this.CONSUME(T.Bar);
    this.SUBRULE(this.expr, { LABEL: 'index' });
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME2(T.Identifier, { LABEL: 'kind' });
    this.CONSUME(T.Size);
    this.SUBRULE2(this.expr, { LABEL: 'size' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Flag64, { LABEL: 'flags' }) },
        { ALT: () => this.CONSUME3(T.Identifier, { LABEL: 'flags' }) },
      ]);
    });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.OR2([{ ALT: () => this.CONSUME(T.Semicolon) }, { ALT: () => this.body() }]);
  });

  // interruptsDecl := 'interrupts' NAME STRING? '{' (interruptSetting ';' | causeDecl | docStmt)* '}'
  interruptsDecl = this.RULE('interruptsDecl', () => {
    this.CONSUME(T.Interrupts);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.groupSetting, { LABEL: 'settings' }) },
        { ALT: () => this.SUBRULE(this.causeDecl, { LABEL: 'causes' }) },
        { ALT: () => this.SUBRULE(this.docStmt, { LABEL: 'docs' }) },
      ]);
    });
    this.CONSUME(T.RCurly);
  });

  // groupSetting := interruptSetting ';'
  groupSetting = this.RULE('groupSetting', () => {
    this.SUBRULE(this.interruptSetting, { LABEL: 'setting' });
    this.CONSUME(T.Semicolon);
  });

  // causeDecl := 'cause' NAME STRING? interruptSetting* ';'
  causeDecl = this.RULE('causeDecl', () => {
    this.CONSUME(T.Cause);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.MANY(() => this.SUBRULE(this.interruptSetting, { LABEL: 'settings' }));
    this.CONSUME(T.Semicolon);
  });

  // interruptSetting := 'status' path
  //                   | 'enable' ('set' path 'clear' path | path)
  //                   | 'test' path
  //                   | 'ack' path                 (a lone w1c | w0c | w1t | rc | none is a mode)
  //                   | 'vector' NAME expr?
  interruptSetting = this.RULE('interruptSetting', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Status, { LABEL: 'keyword' });
          this.SUBRULE(this.path, { LABEL: 'target' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Enable, { LABEL: 'keyword' });
          this.OR2({
            // `enable set ims clear imc` — but `enable set;` enables through a register named `set`.
            IGNORE_AMBIGUITIES: true,
            DEF: [
              {
                GATE: () => this.LA(1).tokenType === T.Set && tokenMatcher(this.LA(2), T.Identifier),
                ALT: () => {
                  this.CONSUME(T.Set);
                  this.SUBRULE2(this.path, { LABEL: 'set' });
                  this.CONSUME(T.Clear);
                  this.SUBRULE3(this.path, { LABEL: 'clear' });
                },
              },
              { ALT: () => this.SUBRULE4(this.path, { LABEL: 'target' }) },
            ],
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Test, { LABEL: 'keyword' });
          this.SUBRULE5(this.path, { LABEL: 'target' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Ack, { LABEL: 'keyword' });
          this.SUBRULE6(this.path, { LABEL: 'target' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Vector, { LABEL: 'keyword' });
          this.CONSUME(T.Identifier, { LABEL: 'vectorKind' });
          this.OPTION({
            GATE: () => !settingKeywords.has(this.LA(1).tokenType),
            DEF: () => this.SUBRULE(this.expr, { LABEL: 'index' }),
          });
        },
      },
    ]);
  });

  // path := NAME ('[' expr ']')? ('.' NAME ('[' expr ']')?)*
  path = this.RULE('path', () => {
    this.CONSUME(T.Identifier, { LABEL: 'names' });
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.SUBRULE(this.expr, { LABEL: 'index' });
      this.CONSUME(T.RBracket, { LABEL: 'close' });
    });
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier, { LABEL: 'names' });
      this.OPTION2(() => {
        this.CONSUME2(T.LBracket);
        this.SUBRULE2(this.expr, { LABEL: 'index' });
        this.CONSUME2(T.RBracket, { LABEL: 'close' });
      });
    });
  });

  // layoutDecl := 'layout' NAME 'size' expr ('align' expr)? STRING? '{' layoutItem* '}'
  layoutDecl = this.RULE('layoutDecl', () => {
    this.CONSUME(T.Layout);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Size);
    this.SUBRULE(this.expr, { LABEL: 'size' });
    this.OPTION(() => {
      this.CONSUME(T.Align);
      this.SUBRULE2(this.expr, { LABEL: 'align' });
    });
    this.OPTION2(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.layoutItem, { LABEL: 'items' }));
    this.CONSUME(T.RCurly);
  });

  // layoutItem := registerDecl | 'done' path ';' | 'owner' path '=' expr ';' | docStmt
  layoutItem = this.RULE('layoutItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.registerDecl, { LABEL: 'word' }) },
      {
        ALT: () => {
          this.CONSUME(T.Done, { LABEL: 'done' });
          this.SUBRULE(this.path, { LABEL: 'donePath' });
          this.CONSUME(T.Semicolon);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Owner, { LABEL: 'owner' });
          this.SUBRULE2(this.path, { LABEL: 'ownerPath' });
          this.CONSUME(T.Equals);
          this.SUBRULE(this.expr, { LABEL: 'ownerValue' });
          this.CONSUME2(T.Semicolon);
        },
      },
      { ALT: () => this.SUBRULE(this.docStmt, { LABEL: 'doc' }) },
    ]);
  });

  // ringDecl := 'ring' NAME 'of' NAME STRING? '{' ringItem* '}'
  ringDecl = this.RULE('ringDecl', () => {
    this.CONSUME(T.Ring);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Of);
    this.CONSUME2(T.Identifier, { LABEL: 'layout' });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.ringItem, { LABEL: 'items' }));
    this.CONSUME(T.RCurly);
  });

  // ringItem := 'count' expr ';' | ('tail' | 'head' | 'base_lo' | 'base_hi' | 'length') path ';' | docStmt
  ringItem = this.RULE('ringItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Count, { LABEL: 'key' });
          this.SUBRULE(this.expr, { LABEL: 'count' });
          this.CONSUME(T.Semicolon);
        },
      },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.Tail, { LABEL: 'key' }) },
            { ALT: () => this.CONSUME(T.Head, { LABEL: 'key' }) },
            { ALT: () => this.CONSUME(T.BaseLo, { LABEL: 'key' }) },
            { ALT: () => this.CONSUME(T.BaseHi, { LABEL: 'key' }) },
            { ALT: () => this.CONSUME(T.Length, { LABEL: 'key' }) },
          ]);
          this.SUBRULE(this.path, { LABEL: 'target' });
          this.CONSUME2(T.Semicolon);
        },
      },
      { ALT: () => this.SUBRULE(this.docStmt, { LABEL: 'doc' }) },
    ]);
  });

  // expr    := operand (BINOP operand)*     BINOP by C precedence, loosest first: | ^ & (<< >>) (+ -) (* / %)
  // operand := ('-' | '~')* (NUMBER | NAME | '(' expr ')')
  // One CST node per expression: the operand parts land in flat lists (`unaryOps`, `numbers`, `names`,
  // `open`/`inner`/`close`) and toAst.ts rebuilds the tree by source position and precedence.
  expr = this.RULE('expr', () => {
    this.operand(1);
    this.MANY(() => {
      this.CONSUME(T.BinaryOperator, { LABEL: 'operators' });
      this.operand(2);
    });
  });

  private operand(idx: 1 | 2): void {
    this.many(idx, () =>
      this.or(idx, (this.alts[`unary${idx}`] ??= [
        { ALT: () => this.consume(idx, T.Minus, { LABEL: 'unaryOps' }) },
        { ALT: () => this.consume(idx, T.Tilde, { LABEL: 'unaryOps' }) },
      ])),
    );
    this.or(idx + 2, (this.alts[`operand${idx}`] ??= [
      { ALT: () => this.consume(idx, T.NumberLiteral, { LABEL: 'numbers' }) },
      { ALT: () => this.consume(idx, T.Identifier, { LABEL: 'names' }) },
      {
        ALT: () => {
          this.consume(idx, T.LParen, { LABEL: 'open' });
          this.subrule(idx, this.expr, { LABEL: 'inner' });
          this.consume(idx, T.RParen, { LABEL: 'close' });
        },
      },
    ]));
  }
}

/** The one parser instance: self-analysis is the expensive part, so it runs once per process. */
export const regsParser = new RegsParser();
