// The token table: keywords that stay usable as names, numbers in every notation, `64bit`, strings,
// comments and the `sw=` family.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { regsLexer } from '../../../compiler/syntax/tokens.js';
import { chevrotain } from '../../../compiler/syntax/chevrotain.js';
import { clean } from './helpers.js';

function lex(text: string): string[] {
  const r = regsLexer.tokenize(text);
  assert.equal(r.errors, [], 'no lexer errors');
  return r.tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

/** The value of `const X = <expr>;` */
function value(expr: string): bigint {
  const item = clean(`const X = ${expr};`).items[0];
  if (item?.kind !== 'const' || item.value.kind !== 'number') throw new Error('not a number constant');
  return item.value.value;
}

test('keywords lex as keywords, and a longer name as a name', () => {
  assert.equal(lex('register status statusx registers _field 64bit'), [
    'Register:register',
    'Status:status',
    'Identifier:statusx',
    'Identifier:registers',
    'Identifier:_field',
    'Flag64:64bit',
  ]);
});

test('numbers: decimal, hex, binary, separators and K/M/G suffixes', () => {
  assert.is(value('42'), 42n);
  assert.is(value('0x2a'), 42n);
  assert.is(value('0X2A'), 42n);
  assert.is(value('0b101010'), 42n);
  assert.is(value('0xffff_0000'), 0xffff0000n);
  assert.is(value('1_000_000'), 1000000n);
  assert.is(value('4K'), 4096n);
  assert.is(value('1M'), 1048576n);
  assert.is(value('2G'), 2147483648n);
  assert.is(value('0xffff_ffff_ffff_ffff_ffff'), 0xffffffffffffffffffffn, 'arbitrary precision');
});

test('64bit lexes before numbers; 64bits is one (bad) number', () => {
  assert.equal(lex('64 64bit 64bits'), ['NumberLiteral:64', 'Flag64:64bit', 'NumberLiteral:64bits']);
});

test('strings with \\" \\\\ and \\n escapes', () => {
  assert.equal(lex('"a\\"b"'), ['StringLiteral:"a\\"b"']);
  const item = clean('const X = 1 "say \\"hi\\"\\\\ back\\nline 2";').items[0];
  assert.is(item?.kind === 'const' ? item.doc : undefined, 'say "hi"\\ back\nline 2');
});

test('line and block comments are skipped', () => {
  assert.equal(lex('a // b c\n/* d\n e */ f /**/ g'), ['Identifier:a', 'Identifier:f', 'Identifier:g']);
});

test('access properties are single tokens, with or without blanks before =', () => {
  assert.equal(lex('sw=rw onread=clear onwrite = w1c swx'), [
    'SwEq:sw=',
    'Identifier:rw',
    'OnReadEq:onread=',
    'Clear:clear',
    'OnWriteEq:onwrite =',
    'Identifier:w1c',
    'Identifier:swx',
  ]);
});

test('operators: << and >> are one token each', () => {
  assert.equal(lex('1<<2>>3'), ['NumberLiteral:1', 'ShiftLeft:<<', 'NumberLiteral:2', 'ShiftRight:>>', 'NumberLiteral:3']);
});

test('chevrotain is loaded from its one-file bundle (fast start), same release as the package entry', async () => {
  const entry = await import('chevrotain');
  assert.is.not(chevrotain.createToken, entry.createToken, 'not the multi-module entry');
  assert.is(chevrotain.VERSION, entry.VERSION);
});

test.run();
