// Access shorthands and properties → {sw, onRead, onWrite} (docs/language.md "Access").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_ACCESS, resolveAccess } from '../../../compiler/resolve/access.js';
import { Reporter } from '../../../compiler/diagnostics/reporter.js';
import type { AccessItem } from '../../../compiler/syntax/ast.js';

const sp = { file: 'a.regs', start: 0, end: 1 };
function items(text: string): AccessItem[] {
  return text.split(' ').map((t): AccessItem => {
    const m = /^(sw|onread|onwrite)=(.*)$/.exec(t);
    if (m) return { kind: 'property', key: m[1] as 'sw', value: { name: m[2]!, span: sp }, span: sp };
    return { kind: 'shorthand', name: t, span: sp };
  });
}
function resolve(text: string) {
  const r = new Reporter();
  const a = resolveAccess(items(text), DEFAULT_ACCESS, r);
  return { a: `${a.sw} ${a.onRead} ${a.onWrite}`, errors: r.items.map((d) => `${d.code} ${d.message}`) };
}

const table: [string, string][] = [
  ['rw', 'rw none none'],
  ['ro', 'r none none'],
  ['r', 'r none none'],
  ['wo', 'w none none'],
  ['w', 'w none none'],
  ['na', 'na none none'],
  ['rc', 'r clear none'],
  ['rs', 'r set none'],
  ['w1c', 'rw none w1c'],
  ['w1s', 'rw none w1s'],
  ['w1t', 'rw none w1t'],
  ['w0c', 'rw none w0c'],
  ['w0s', 'rw none w0s'],
  ['w0t', 'rw none w0t'],
  ['wclr', 'rw none wclr'],
  ['wset', 'rw none wset'],
  ['pulse', 'rw none pulse'],
  ['rc w1c', 'rw clear w1c'],
  ['wo pulse', 'w none pulse'],
  ['rw rc', 'rw clear none'],
  ['sw=rw onwrite=w1c', 'rw none w1c'],
  ['ro sw=rw', 'rw none none'],
  ['w1c onwrite=w1s', 'rw none w1s'],
];

for (const [text, expected] of table) {
  test(`'${text}' → ${expected}`, () => {
    const r = resolve(text);
    assert.equal(r.errors, []);
    assert.is(r.a, expected);
  });
}

test('no items: the inherited access', () => {
  const r = new Reporter();
  const inherited = { sw: 'r', onRead: 'clear', onWrite: 'none' } as const;
  assert.equal(resolveAccess([], inherited, r), inherited);
});

test('contradictions are reported and the result stays usable', () => {
  assert.equal(resolve('ro w1c').errors, ["RM0402 contradictory access: 'ro' forbids writing but 'w1c' is a write effect; drop 'ro'"]);
  assert.equal(resolve('w1c w1s').errors, ["RM0402 contradictory access: 'w1c' and 'w1s' are both write effects; a field has at most one"]);
  assert.equal(resolve('rc rs').errors, ["RM0402 contradictory access: 'rc' and 'rs' are both read effects; a field has at most one"]);
  assert.equal(resolve('na rc').errors, ["RM0402 contradictory access: 'na' forbids reading but 'rc' is a read effect; drop 'na'"]);
  assert.equal(resolve('sw=w onread=clear').errors, ['RM0402 contradictory access: sw=w cannot be read, so onread=clear can never happen; use sw=rw or sw=r']);
  assert.equal(resolve('sw=r sw=w').errors, ["RM0402 contradictory access: 'sw=r' and 'sw=w'; give sw once"]);
});

test('unknown names and values', () => {
  assert.equal(resolve('onwrite=w2c').errors, ['RM0401 unknown onwrite value \'w2c\'; expected one of none, w1c, w1s, w1t, w0c, w0s, w0t, wclr, wset, pulse']);
  assert.is(resolve('wc').errors.length, 1);
  assert.match(resolve('rw1c').errors[0]!, "unknown access 'rw1c'; did you mean 'w1c'?");
  assert.match(resolve('W1C').errors[0]!, "unknown access 'W1C'; did you mean 'w1c'?");
});

test.run();
