// The .regs grammar as a chevrotain CstParser, built once per process. Each rule is headed by its EBNF
// production; NAME is any Identifier, keywords included (they are in the Identifier category), so
// the grammar never needs to reserve a word. Error recovery is on: one run reports every syntax error
// it can, and partial CST nodes come back marked `recoveredNode` (toAst.ts drops them).
// Where a keyword could also be a name (`enable set …`, access lists, vector indexes) a GATE decides.
import { CstParser, tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.js';
import { errorMessages } from './messages.js';

/** A cause's settings run up to its `;`, so a setting keyword there ends the previous setting. */
const settingKeywords: readonly TokenType[] = [T.Status, T.Enable, T.Test, T.Ack, T.Vector];

function isOneOf(token: IToken, types: readonly TokenType[]): boolean {
  for (const t of types) if (token.tokenType === t) return true;
  return false;
}

export class RegsParser extends CstParser {
  constructor() {
    super(T.allTokens as TokenType[], {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
  }

  // file := topItem* EOF
  file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.topItem));
  });

  // topItem := importDecl | constDecl | enumDecl | blockDecl | layoutDecl | deviceDecl
  topItem = this.RULE('topItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.blockDecl) },
      { ALT: () => this.SUBRULE(this.layoutDecl) },
      { ALT: () => this.SUBRULE(this.deviceDecl) },
    ]);
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

  // blockDecl := 'block' NAME STRING? '{' blockItem* '}'
  blockDecl = this.RULE('blockDecl', () => {
    this.CONSUME(T.Block);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.blockItem, { LABEL: 'items' }));
    this.CONSUME(T.RCurly);
  });

  // blockItem := registerDecl | blockInstance | docStmt
  blockItem = this.RULE('blockItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.registerDecl) },
      { ALT: () => this.SUBRULE(this.blockInstance) },
      { ALT: () => this.SUBRULE(this.docStmt) },
    ]);
  });

  // blockInstance := 'block' NAME arraySpec? '@' expr ('stride' expr)?
  //                  ( ':' NAME STRING? ';' | STRING? '{' blockItem* '}' )
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
          this.CONSUME(T.LCurly);
          this.MANY(() => this.SUBRULE(this.blockItem, { LABEL: 'items' }));
          this.CONSUME(T.RCurly);
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
  //                 accessItem* 'volatile'? ('reset' expr)? STRING? ( ';' | '{' registerItem* '}' )
  registerDecl = this.RULE('registerDecl', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Register, { LABEL: 'keyword' }) }, { ALT: () => this.CONSUME(T.Word, { LABEL: 'keyword' }) }]);
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
    this.SUBRULE(this.accessList, { LABEL: 'access' });
    this.OPTION3(() => this.CONSUME(T.Volatile, { LABEL: 'volatile' }));
    this.OPTION4(() => {
      this.CONSUME(T.Reset);
      this.SUBRULE4(this.expr, { LABEL: 'reset' });
    });
    this.OPTION5(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.OR2([
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly, { LABEL: 'body' });
          this.MANY(() => this.SUBRULE(this.registerItem, { LABEL: 'items' }));
          this.CONSUME(T.RCurly);
        },
      },
    ]);
  });

  // accessList := accessItem*        (stops at 'volatile', 'reset', 'enum', STRING, ';', '{')
  // accessItem := ('sw=' | 'onread=' | 'onwrite=') NAME | NAME
  accessList = this.RULE('accessList', () => {
    this.MANY({
      GATE: () => !isOneOf(this.LA(1), [T.Volatile, T.Reset, T.Enum]),
      DEF: () => {
        this.OR([
          {
            ALT: () => {
              this.OR2([
                { ALT: () => this.CONSUME(T.SwEq, { LABEL: 'key' }) },
                { ALT: () => this.CONSUME(T.OnReadEq, { LABEL: 'key' }) },
                { ALT: () => this.CONSUME(T.OnWriteEq, { LABEL: 'key' }) },
              ]);
              this.CONSUME(T.Identifier, { LABEL: 'value' });
            },
          },
          { ALT: () => this.CONSUME2(T.Identifier, { LABEL: 'value' }) },
        ]);
      },
    });
  });

  // registerItem := fieldDecl | reservedDecl | docStmt
  registerItem = this.RULE('registerItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.fieldDecl) },
      { ALT: () => this.SUBRULE(this.reservedDecl) },
      { ALT: () => this.SUBRULE(this.docStmt) },
    ]);
  });

  // fieldDecl := 'field' NAME bitRange accessItem* 'volatile'? ('reset' expr)?
  //              ('enum' (NAME | enumBody))? STRING? ';'
  fieldDecl = this.RULE('fieldDecl', () => {
    this.CONSUME(T.Field);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.SUBRULE(this.bitRange, { LABEL: 'bits' });
    this.SUBRULE(this.accessList, { LABEL: 'access' });
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

  // deviceDecl := 'device' NAME STRING? '{' deviceItem* '}'
  deviceDecl = this.RULE('deviceDecl', () => {
    this.CONSUME(T.Device);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'doc' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.deviceItem, { LABEL: 'items' }));
    this.CONSUME(T.RCurly);
  });

  // deviceItem := pciDecl | docStmt | barDecl | interruptsDecl | layoutDecl | ringDecl
  deviceItem = this.RULE('deviceItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.pciDecl) },
      { ALT: () => this.SUBRULE(this.docStmt) },
      { ALT: () => this.SUBRULE(this.barDecl) },
      { ALT: () => this.SUBRULE(this.interruptsDecl) },
      { ALT: () => this.SUBRULE(this.layoutDecl) },
      { ALT: () => this.SUBRULE(this.ringDecl) },
    ]);
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

  // barDecl := 'bar' expr NAME NAME 'size' expr ('64bit' | NAME)* STRING? ( ';' | '{' blockItem* '}' )
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
    this.OR2([
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly, { LABEL: 'body' });
          this.MANY2(() => this.SUBRULE(this.blockItem, { LABEL: 'items' }));
          this.CONSUME(T.RCurly);
        },
      },
    ]);
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
            GATE: () => !isOneOf(this.LA(1), settingKeywords),
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
      this.CONSUME(T.LBracket, { LABEL: 'open' });
      this.SUBRULE(this.expr, { LABEL: 'index' });
      this.CONSUME(T.RBracket);
    });
    this.MANY(() => {
      this.CONSUME(T.Dot, { LABEL: 'dots' });
      this.CONSUME2(T.Identifier, { LABEL: 'names' });
      this.OPTION2(() => {
        this.CONSUME2(T.LBracket, { LABEL: 'open' });
        this.SUBRULE2(this.expr, { LABEL: 'index' });
        this.CONSUME2(T.RBracket);
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
          this.CONSUME2(T.Semicolon, { LABEL: 'ownerEnd' });
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

  // expr := unary (BINOP unary)*          BINOP by C precedence, lowest first: | ^ & (<< >>) (+ -) (* / %)
  // The CST keeps the flat operand/operator list; toAst.ts builds the tree by precedence climbing,
  // which keeps the parser to one rule call per operand.
  expr = this.RULE('expr', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.BinaryOperator, { LABEL: 'operators' });
      this.SUBRULE2(this.unary, { LABEL: 'operands' });
    });
  });

  // unary := ('-' | '~')* primary
  unary = this.RULE('unary', () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Minus, { LABEL: 'ops' }) }, { ALT: () => this.CONSUME(T.Tilde, { LABEL: 'ops' }) }]);
    });
    this.SUBRULE(this.primary, { LABEL: 'primary' });
  });

  // primary := NUMBER | NAME | '(' expr ')'
  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'number' }) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) },
      {
        ALT: () => {
          this.CONSUME(T.LParen, { LABEL: 'open' });
          this.SUBRULE(this.expr, { LABEL: 'inner' });
          this.CONSUME(T.RParen, { LABEL: 'close' });
        },
      },
    ]);
  });
}

/** The one parser instance: self-analysis is the expensive part, so it runs once per process. */
export const regsParser = new RegsParser();
