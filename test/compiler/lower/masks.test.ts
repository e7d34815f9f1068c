// Safe-write masks and offered operations (docs/language.md "Safe writes", IrMasks/IrOps in ir.ts),
// computed directly from field access so every access type is checked on its own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computeMasks, type MaskField, type MaskReserved } from '../../../compiler/lower/masks.js';
import type { OnRead, OnWrite, Sw } from '../../../compiler/ir/ir.js';

const f = (lsb: number, width: number, sw: Sw, onWrite: OnWrite = 'none', onRead: OnRead = 'none'): MaskField => ({ lsb, width, sw, onRead, onWrite });

// The worked example: EN[0] rw, MODE[2:1] rw, DONE[3] w1c, OVF[4] w0c, KICK[5] pulse, ID[31:24] ro.
const worked = computeMasks({
  width: 32,
  reset: 0n,
  fields: [f(0, 1, 'rw'), f(1, 2, 'rw'), f(3, 1, 'rw', 'w1c'), f(4, 1, 'rw', 'w0c'), f(5, 1, 'rw', 'pulse'), f(24, 8, 'r')],
  reserved: [],
});

test('worked example: keep, w1Effect, w0Effect as in the language reference', () => {
  assert.is(worked.masks.keep, '0x7');
  assert.is(worked.masks.w1Effect, '0x28');
  assert.is(worked.masks.w0Effect, '0x10');
  assert.is(worked.masks.reserved, '0xffffc0');
  assert.is(worked.masks.readable, '0xff00003f');
  assert.is(worked.masks.writable, '0x3f');
});

test('worked example: modify(EN=1) of a read 0x5a00001e writes 0x17', () => {
  const keep = BigInt(worked.masks.keep);
  const base = BigInt(worked.masks.modifyBase);
  const read = 0x5a00001en;
  let v = (read & keep) | base;
  assert.is(v, 0x16n, 'DONE written 0, OVF written 1, KICK 0, ID ignored');
  v = (v & ~1n) | 1n;
  assert.is(v, 0x17n);
  assert.equal(worked.ops, { read: true, readHasSideEffect: false, write: true, modify: true, ackW1: 'modify', ackW0: 'modify' });
});

test('w1c-only status register: read-free ack, writes 0 to untouched bits', () => {
  const r = computeMasks({ width: 32, reset: 0n, fields: [f(0, 1, 'rw', 'w1c'), f(1, 1, 'rw', 'w1c'), f(8, 8, 'r')], reserved: [] });
  assert.is(r.masks.keep, '0x0');
  assert.is(r.masks.w1Effect, '0x3');
  assert.is(r.masks.ackBase, '0x0');
  assert.is(r.ops.ackW1, 'write');
  assert.is(r.ops.ackW0, 'none');
  assert.is(r.ops.modify, true);
});

test('w0c flags: untouched bits written 1, ack clears by writing 0', () => {
  const r = computeMasks({ width: 16, reset: 0n, fields: [f(0, 1, 'rw', 'w0c'), f(1, 1, 'rw', 'w0c')], reserved: [{ lsb: 2, width: 14, policy: 'reset' }] });
  assert.is(r.masks.w0Effect, '0x3');
  assert.is(r.masks.ackBase, '0x3');
  assert.is(r.masks.modifyBase, '0x3');
  assert.is(r.ops.ackW0, 'write');
  // ack(bit 0) = ackBase & ~bit
  assert.is(BigInt(r.masks.ackBase) & ~1n, 2n);
});

test('rc register: reading has a side effect, so no modify', () => {
  const r = computeMasks({ width: 32, reset: 0n, fields: [f(0, 32, 'r', 'none', 'clear')], reserved: [] });
  assert.is(r.masks.readEffect, '0xffffffff');
  assert.equal(r.ops, { read: true, readHasSideEffect: true, write: false, modify: false, ackW1: 'none', ackW0: 'none' });
});

test('rc w1c register: read effect and w1c ack without a read', () => {
  const r = computeMasks({ width: 32, reset: 0n, fields: [f(0, 32, 'rw', 'w1c', 'clear')], reserved: [] });
  assert.equal(r.ops, { read: true, readHasSideEffect: true, write: true, modify: false, ackW1: 'write', ackW0: 'none' });
});

test('wclr/wset: any write has an effect, so neither modify nor read-free ack', () => {
  const r = computeMasks({ width: 8, reset: 0n, fields: [f(0, 4, 'rw', 'wclr'), f(4, 1, 'rw', 'w1c')], reserved: [] });
  assert.is(r.masks.anyWriteEffect, '0xf');
  assert.equal(r.ops, { read: true, readHasSideEffect: false, write: true, modify: false, ackW1: 'none', ackW0: 'none' });
  const s = computeMasks({ width: 8, reset: 0n, fields: [f(0, 8, 'rw', 'wset')], reserved: [] });
  assert.is(s.masks.anyWriteEffect, '0xff');
  assert.is(s.ops.modify, false);
});

test('wo register: write-only bits get their reset value; nothing to read', () => {
  const r = computeMasks({ width: 32, reset: 0xabn, fields: [f(0, 8, 'w'), f(8, 1, 'w', 'pulse')], reserved: [] });
  assert.is(r.masks.writeOnly, '0xff');
  assert.is(r.masks.w1Effect, '0x100');
  assert.is(r.masks.writeBase, '0xab');
  assert.is(r.masks.modifyBase, '0xab');
  assert.equal(r.ops, { read: false, readHasSideEffect: false, write: true, modify: false, ackW1: 'none', ackW0: 'none' });
});

test('reserved policies: reset value, ones, preserve (kept in a modify)', () => {
  const reserved: MaskReserved[] = [
    { lsb: 8, width: 4, policy: 'reset' },
    { lsb: 12, width: 4, policy: 'ones' },
    { lsb: 16, width: 4, policy: 'preserve' },
  ];
  const r = computeMasks({ width: 32, reset: 0x500n, fields: [f(0, 8, 'rw')], reserved });
  assert.is(r.masks.keep, '0xf00ff');
  assert.is(r.masks.reserved, '0xffffff00', 'declared and undeclared bits');
  assert.is(r.masks.modifyBase, '0xf500');
  assert.is(r.masks.writeBase, '0xf500');
  assert.is(r.masks.ackBase, '0xf500');
});

test('w1s, w1t, w0s, w0t, na: effect masks and what untouched bits get', () => {
  const r = computeMasks({
    width: 8,
    reset: 0xc0n,
    fields: [f(0, 1, 'rw', 'w1s'), f(1, 1, 'rw', 'w1t'), f(2, 1, 'rw', 'w0s'), f(3, 1, 'rw', 'w0t'), f(6, 2, 'na')],
    reserved: [],
  });
  assert.is(r.masks.w1Effect, '0x3');
  assert.is(r.masks.w0Effect, '0xc');
  assert.is(r.masks.reserved, '0xf0', 'na bits are written like reserved bits');
  assert.is(r.masks.modifyBase, '0xcc');
  assert.is(r.ops.ackW1, 'write', 'w1t bits can be acknowledged');
});

test('64-bit register masks are exact', () => {
  const r = computeMasks({ width: 64, reset: 0n, fields: [f(0, 63, 'rw'), f(63, 1, 'rw', 'w1c')], reserved: [] });
  assert.is(r.masks.keep, '0x7fffffffffffffff');
  assert.is(r.masks.w1Effect, '0x8000000000000000');
});

test.run();
