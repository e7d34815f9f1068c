// Human wording for chevrotain's syntax errors: "expected ';' after register declaration, found
// 'field'" instead of its default token dump. parse.ts picks the span and code; this file only words.
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { chevrotain } from './chevrotain.js';
import * as T from './tokens.js';

const { EOF, tokenMatcher } = chevrotain;

/** What each grammar rule is called in a message. */
const ruleNames: Readonly<Record<string, string>> = {
  file: 'file',
  importDecl: 'import',
  constDecl: 'constant declaration',
  enumDecl: 'enum declaration',
  enumBody: 'enum values',
  enumValue: 'enum value',
  docStmt: 'doc statement',
  allowStmt: 'allow',
  blockDecl: 'block declaration',
  blockInstance: 'block instance',
  arraySpec: 'array size',
  registerDecl: 'register declaration',
  fieldDecl: 'field declaration',
  reservedDecl: 'reserved bits',
  bitRange: 'bit range',
  deviceDecl: 'device declaration',
  pciDecl: 'pci block',
  pciProperty: 'pci property',
  barDecl: 'BAR declaration',
  interruptsDecl: 'interrupts group',
  groupSetting: 'interrupt setting',
  causeDecl: 'cause',
  interruptSetting: 'interrupt setting',
  path: 'path',
  layoutDecl: 'layout declaration',
  layoutItem: 'layout body',
  ringDecl: 'ring declaration',
  ringItem: 'ring body',
  expr: 'expression',
};

/** Where a rule's body is, and what may start an item there, for "expected … or '}'" after a stray token. */
const bodies: Readonly<Record<string, { where: string; items: string }>> = {
  file: { where: 'file', items: "'import', 'const', 'enum', 'block', 'layout' or 'device'" },
  blockDecl: { where: 'block body', items: "'register', 'block', 'doc', 'allow' or '}'" },
  blockInstance: { where: 'block body', items: "'register', 'block', 'doc', 'allow' or '}'" },
  barDecl: { where: 'BAR body', items: "'register', 'block', 'doc', 'allow' or '}'" },
  registerDecl: { where: 'register body', items: "'field', 'reserved', 'doc', 'allow' or '}'" },
  fieldDecl: { where: 'field body', items: "'allow' or '}'" },
  deviceDecl: { where: 'device body', items: "'pci', 'doc', 'bar', 'interrupts', 'layout', 'ring', 'allow' or '}'" },
  pciDecl: { where: 'pci block', items: "a property name or '}'" },
  interruptsDecl: { where: 'interrupts group', items: "'status', 'enable', 'test', 'ack', 'vector', 'cause', 'doc' or '}'" },
  causeDecl: { where: 'cause', items: "'status', 'enable', 'test', 'ack', 'vector' or ';'" },
  layoutDecl: { where: 'layout body', items: "'word', 'done', 'owner', 'doc' or '}'" },
  ringDecl: { where: 'ring body', items: "'count', 'tail', 'head', 'base_lo', 'base_hi', 'length', 'doc' or '}'" },
  enumBody: { where: 'enum values', items: "a value name or '}'" },
};

function ruleName(fullName: string): string {
  return ruleNames[fullName] ?? fullName;
}

/** How an expected token type reads in a message. */
export function describeExpected(type: TokenType): string {
  if (type === T.Identifier) return 'a name';
  if (type === T.NumberLiteral) return 'a number';
  if (type === T.StringLiteral) return 'a string';
  if (type === EOF) return 'end of file';
  return type.LABEL ?? type.name;
}

/** How the token actually found reads in a message (long images are cut). */
export function describeFound(token: IToken): string {
  if (token.tokenType === EOF) return 'end of file';
  if (token.tokenType === T.StringLiteral || token.tokenType === T.UnterminatedString) return 'a string';
  const image = token.image.length > 24 ? `${token.image.slice(0, 24)}…` : token.image;
  return `'${image}'`;
}

function oneOf(items: readonly string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

function isBodyEnd(type: TokenType): boolean {
  return type === T.RCurly || type === EOF;
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName: rule }) {
    const found = describeFound(actual);
    // A stray token inside a body: chevrotain skips it while "expecting" the closing brace.
    const body = bodies[rule];
    if (isBodyEnd(expected) && body && !tokenMatcher(actual, expected)) return `expected ${body.items} in ${body.where}, found ${found}`;
    if (expected === T.Semicolon) return `expected ';' after ${ruleName(rule)}, found ${found}`;
    return `expected ${describeExpected(expected)} in ${ruleName(rule)}, found ${found}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected ${bodies['file']!.items}, found ${describeFound(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName: rule }) {
    const found = describeFound(actual[0]!);
    if (rule === 'expr') return `expected an expression, found ${found}`;
    const firsts: string[] = [];
    let endsHere = false;
    for (const alt of expectedPathsPerAlt) {
      for (const path of alt) {
        if (path[0]) firsts.push(describeExpected(path[0]));
        if (path[0] === T.Semicolon) endsHere = true;
      }
    }
    // `( ';' | '{' … '}' )` at the end of a declaration: a forgotten ';' is by far the likeliest.
    if (endsHere) return `expected ';' after ${ruleName(rule)}, found ${found}`;
    return `expected ${oneOf(firsts)} in ${ruleName(rule)}, found ${found}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName: rule }) {
    const firsts = expectedIterationPaths.map((p) => (p[0] ? describeExpected(p[0]) : 'something'));
    return `expected ${oneOf(firsts)} in ${ruleName(rule)}, found ${describeFound(actual[0]!)}`;
  },
};
