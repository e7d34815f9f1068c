// Constant expressions: C precedence and left associativity, unary operators, parentheses, spans.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Expr } from '../../../compiler/syntax/ast.js';
import { clean, spanText } from './helpers.js';

function exprOf(text: string): Expr {
  const item = clean(`const X = ${text};`).items[0];
  if (item?.kind !== 'const') throw new Error('not a const');
  return item.value;
}

/** Fully parenthesised form, so the tree's shape is visible at a glance. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'number': return String(e.value);
    case 'name': return e.name;
    case 'field': return e.path.parts.map((x) => x.name).join('.');
    case 'unary': return `(${e.op}${show(e.operand)})`;
    case 'binary': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
  }
}

const p = (text: string): string => show(exprOf(text));

test('C precedence: * / % over + - over << >> over & over ^ over |', () => {
  assert.is(p('1 + 2 * 3'), '(1 + (2 * 3))');
  assert.is(p('1 * 2 + 3'), '((1 * 2) + 3)');
  assert.is(p('1 << 2 + 3'), '(1 << (2 + 3))');
  assert.is(p('1 & 2 << 3'), '(1 & (2 << 3))');
  assert.is(p('1 ^ 2 & 3'), '(1 ^ (2 & 3))');
  assert.is(p('1 | 2 ^ 3'), '(1 | (2 ^ 3))');
  assert.is(p('a | b ^ c & d << e + f * g'), '(a | (b ^ (c & (d << (e + (f * g))))))');
  assert.is(p('a * b + c << d & e ^ f | g'), '((((((a * b) + c) << d) & e) ^ f) | g)');
  assert.is(p('10 % 4 / 2'), '((10 % 4) / 2)');
});

test('a dotted name is a register field (a run-time stride or bound)', () => {
  assert.is(p('4 << cap.dstrd'), '(4 << cap.dstrd)');
  assert.is(p('regs.cap.mqes + 1'), '(regs.cap.mqes + 1)');
});

test('binary operators are left-associative', () => {
  assert.is(p('1 - 2 - 3'), '((1 - 2) - 3)');
  assert.is(p('8 / 4 / 2'), '((8 / 4) / 2)');
  assert.is(p('1 << 2 >> 3'), '((1 << 2) >> 3)');
});

test('unary minus and complement bind tighter than any binary operator, and nest', () => {
  assert.is(p('-1'), '(-1)');
  assert.is(p('~0 & 0xff'), '((~0) & 255)');
  assert.is(p('- -x'), '(-(-x))');
  assert.is(p('-~x * 2'), '((-(~x)) * 2)');
  assert.is(p('2 - -3'), '(2 - (-3))');
  assert.is(p('a * -b + ~c'), '((a * (-b)) + (~c))');
});

test('parentheses override precedence and may nest', () => {
  assert.is(p('(1 + 2) * 3'), '((1 + 2) * 3)');
  assert.is(p('((1))'), '1');
  assert.is(p('-(a + b) << (c | d)'), '((-(a + b)) << (c | d))');
  assert.is(p('QUEUE_STRIDE * (QUEUES - 1) + RX_BASE'), '((QUEUE_STRIDE * (QUEUES - 1)) + RX_BASE)');
});

test('spans: a binary node spans both operands; parentheses are part of the span', () => {
  const src = '(1 + 2) * -x';
  const e = exprOf(src);
  if (e.kind !== 'binary') throw new Error('binary');
  const start = 'const X = '.length;
  const rel = (s: { start: number; end: number }) => spanText(src, { start: s.start - start, end: s.end - start });
  assert.is(rel(e.span), '(1 + 2) * -x');
  assert.is(rel(e.left.span), '(1 + 2)');
  assert.is(rel(e.right.span), '-x');
  if (e.right.kind !== 'unary') throw new Error('unary');
  assert.is(rel(e.right.operand.span), 'x');
});

test('expressions everywhere a number goes: offsets, widths, counts, strides, bits, resets, indexes', () => {
  const ast = clean(`device d { bar 0 r mmio size 4 * 1K {
    register q[N + 1] @ BASE + 4 * 2 stride W / 8 : W reset ~0 & 0xff { field f [W - 1:W / 2]; }
  } interrupts i { status r[N - 1].x; vector msix N << 1; } }`);
  const d = ast.items[0]!;
  if (d.kind !== 'device') throw new Error('device');
  const bar = d.bars[0]!;
  assert.is(show(bar.size), '(4 * 1024)');
  const r = bar.items![0]!;
  if (r.kind !== 'register') throw new Error('register');
  assert.is(show(r.array!.count), '(N + 1)');
  assert.is(show(r.offset), '(BASE + (4 * 2))');
  assert.is(show(r.array!.stride!), '(W / 8)');
  assert.is(show(r.width), 'W');
  assert.is(show(r.reset!), '((~0) & 255)');
  const f = r.fields[0]!;
  assert.is(show(f.bits.msb), '(W - 1)');
  assert.is(show(f.bits.lsb!), '(W / 2)');
  assert.is(show(d.interrupts[0]!.status!.parts[0]!.index!), '(N - 1)');
  assert.is(show(d.interrupts[0]!.vector!.index!), '(N << 1)');
});

test.run();
