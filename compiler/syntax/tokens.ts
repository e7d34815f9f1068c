// The token table of the .regs language. Order matters: chevrotain tries patterns first to last, so
// comments come before `/`, `sw=` before names, `64bit` before numbers, keywords before Identifier.
// Keywords are reserved only where the grammar expects them: each is in the Identifier category (so
// `CONSUME(Identifier)` accepts it as a name) and yields to a longer Identifier (`statusx`).
import type { TokenType } from 'chevrotain';
import { chevrotain } from './chevrotain.js';

const { createToken, Lexer } = chevrotain;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });
/** A `/*` with no `*\/` before the end of the file: reported as RM0103 and dropped by parse.ts. */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/ });

/** Strings stay on one line, so a missing quote damages one line only. */
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/ });
/** A string cut off by the end of its line: reported as RM0102, then parsed as if it were closed. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/ });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

// Access properties are single tokens so that `sw=rw` cannot be mistaken for a name and an `=`.
export const SwEq = createToken({ name: 'SwEq', pattern: /sw[ \t]*=/, label: "'sw='" });
export const OnReadEq = createToken({ name: 'OnReadEq', pattern: /onread[ \t]*=/, label: "'onread='" });
export const OnWriteEq = createToken({ name: 'OnWriteEq', pattern: /onwrite[ \t]*=/, label: "'onwrite='" });

/**
 * Any run of letters and digits that starts with a digit; toAst.ts checks its shape (RM0104), so `0x1g`
 * is one bad number rather than a number followed by a name.
 */
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /[0-9][0-9A-Za-z_]*/ });
/** The BAR flag `64bit` looks like a number, so it is matched first (and yields to `64bits`, a bad number). */
export const Flag64 = createToken({ name: 'Flag64', pattern: /64bit/, longer_alt: NumberLiteral, label: "'64bit'" });

function keyword(word: string): TokenType {
  const name = word.charAt(0).toUpperCase() + word.slice(1).replace(/_(.)/g, (_m, c: string) => c.toUpperCase());
  return createToken({ name, pattern: new RegExp(word), categories: [Identifier], longer_alt: Identifier, label: `'${word}'` });
}

export const Import = keyword('import');
export const Const = keyword('const');
export const Enum = keyword('enum');
export const Block = keyword('block');
export const Layout = keyword('layout');
export const Device = keyword('device');
export const Pci = keyword('pci');
export const Doc = keyword('doc');
export const Bar = keyword('bar');
export const Size = keyword('size');
export const Register = keyword('register');
export const Word = keyword('word');
export const Stride = keyword('stride');
export const Volatile = keyword('volatile');
export const Reset = keyword('reset');
export const Field = keyword('field');
export const Reserved = keyword('reserved');
export const Interrupts = keyword('interrupts');
export const Cause = keyword('cause');
export const Status = keyword('status');
export const Enable = keyword('enable');
export const Set = keyword('set');
export const Clear = keyword('clear');
export const Test = keyword('test');
export const Ack = keyword('ack');
export const Vector = keyword('vector');
export const Align = keyword('align');
export const Done = keyword('done');
export const Owner = keyword('owner');
export const Ring = keyword('ring');
export const Of = keyword('of');
export const Count = keyword('count');
export const Tail = keyword('tail');
export const Head = keyword('head');
export const BaseLo = keyword('base_lo');
export const BaseHi = keyword('base_hi');
export const Length = keyword('length');
export const Allow = keyword('allow');
export const Split = keyword('split');
export const Shares = keyword('shares');
export const Variant = keyword('variant');
export const Mask = keyword('mask');

export const LCurly = createToken({ name: 'LCurly', pattern: '{', label: "'{'" });
export const RCurly = createToken({ name: 'RCurly', pattern: '}', label: "'}'" });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'" });
export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" });
export const Semicolon = createToken({ name: 'Semicolon', pattern: ';', label: "';'" });
export const Colon = createToken({ name: 'Colon', pattern: ':', label: "':'" });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: "','" });
export const Dot = createToken({ name: 'Dot', pattern: '.', label: "'.'" });
export const At = createToken({ name: 'At', pattern: '@', label: "'@'" });
export const Equals = createToken({ name: 'Equals', pattern: '=', label: "'='" });
/** Every binary operator (toAst.ts gives each its C precedence); `-` is also unary. */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA, label: 'an operator' });
export const ShiftLeft = createToken({ name: 'ShiftLeft', pattern: '<<', label: "'<<'", categories: [BinaryOperator] });
export const ShiftRight = createToken({ name: 'ShiftRight', pattern: '>>', label: "'>>'", categories: [BinaryOperator] });
export const Plus = createToken({ name: 'Plus', pattern: '+', label: "'+'", categories: [BinaryOperator] });
export const Minus = createToken({ name: 'Minus', pattern: '-', label: "'-'", categories: [BinaryOperator] });
export const Star = createToken({ name: 'Star', pattern: '*', label: "'*'", categories: [BinaryOperator] });
export const Slash = createToken({ name: 'Slash', pattern: '/', label: "'/'", categories: [BinaryOperator] });
export const Percent = createToken({ name: 'Percent', pattern: '%', label: "'%'", categories: [BinaryOperator] });
export const Amp = createToken({ name: 'Amp', pattern: '&', label: "'&'", categories: [BinaryOperator] });
export const Pipe = createToken({ name: 'Pipe', pattern: '|', label: "'|'", categories: [BinaryOperator] });
export const Caret = createToken({ name: 'Caret', pattern: '^', label: "'^'", categories: [BinaryOperator] });
export const Tilde = createToken({ name: 'Tilde', pattern: '~', label: "'~'" });

/** Keywords the parser looks for by type; every one of them also works as a name. */
export const keywords: readonly TokenType[] = [
  Import, Const, Enum, Block, Layout, Device, Pci, Doc, Bar, Size, Register, Word, Stride, Volatile, Reset,
  Field, Reserved, Interrupts, Cause, Status, Enable, Set, Clear, Test, Ack, Vector, Align, Done, Owner,
  Ring, Of, Count, Tail, Head, BaseLo, BaseHi, Length, Allow, Split, Shares, Variant, Mask,
];

export const allTokens: readonly TokenType[] = [
  WhiteSpace, LineComment, BlockComment, UnterminatedComment, StringLiteral, UnterminatedString,
  SwEq, OnReadEq, OnWriteEq, Flag64, NumberLiteral,
  ...keywords, Identifier,
  LCurly, RCurly, LBracket, RBracket, LParen, RParen, Semicolon, Colon, Comma, Dot, At, Equals,
  BinaryOperator, ShiftLeft, ShiftRight, Plus, Minus, Star, Slash, Percent, Amp, Pipe, Caret, Tilde,
];

/** Built once: chevrotain's lexer construction analyses every pattern. */
export const regsLexer = new Lexer(allTokens as TokenType[], {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
});
