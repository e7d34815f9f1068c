// The ack masks in IrMasks: computed once when lowering, and the exact bits the TypeScript layout
// (ack1/ack0) and the C header (ACK_BITS/CLEAR_BITS) emit, so neither back end recomputes them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computeMasks, type MaskField } from '../../../compiler/lower/masks.js';
import type { OnWrite } from '../../../compiler/ir/ir.js';
import { compile } from '../../../compiler/compile.js';

const f = (lsb: number, width: number, onWrite: OnWrite): MaskField => ({ lsb, width, sw: 'rw', onRead: 'none', onWrite });

test('ackW1 has the w1c and w1t bits, ackW0 the w0c bits; w1s, pulse and w0s are in neither', () => {
  const { masks } = computeMasks({ width: 32, reset: 0n, fields: [f(0, 1, 'w1c'), f(1, 2, 'w1t'), f(3, 1, 'w0c'), f(4, 1, 'w1s'), f(5, 1, 'pulse'), f(6, 1, 'w0s')], reserved: [] });
  assert.is(masks.ackW1, '0x7');
  assert.is(masks.ackW0, '0x8');
});

test('a register without ack bits has zero ack masks', () => {
  const { masks } = computeMasks({ width: 64, reset: 0n, fields: [f(0, 64, 'none')], reserved: [] });
  assert.equal([masks.ackW1, masks.ackW0], ['0x0', '0x0']);
});

test('both back ends emit the IR ack masks', async () => {
  const text = 'device d {\n  bar 0 regs mmio size 0x100 {\n    register st @ 0 : 32 { field done [0] w1c; field err [9:8] w1t; field ovf [4] w0c; field en [16]; }\n  }\n}\n';
  const r = await compile({ text, file: 'd.regs' }, { emit: ['ts', 'c', 'ir'] });
  assert.ok(r.ok, r.format());
  const st = r.ir!.devices[0]!.bars[0]!.nodes[0]!;
  assert.ok(st.kind === 'register');
  assert.equal([st.masks.ackW1, st.masks.ackW0], ['0x301', '0x10']);
  const file = (end: string): string => String(r.files.find((x) => x.path.endsWith(end))!.contents);
  assert.match(file('.ts'), /ack1: 0x301,/);
  assert.match(file('.ts'), /ack0: 0x10,/);
  assert.match(file('.h'), /ST_ACK_BITS\s+0x301u/);
  assert.match(file('.h'), /ST_CLEAR_BITS\s+0x10u/);
});

test.run();
