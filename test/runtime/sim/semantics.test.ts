// Every access type through the simulated device's Mmio, table-driven: a 4-bit field at bits [7:4] of
// a 32-bit register whose other bits are reserved with reset value 0xa00000_0 (they must never change).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSimDevice } from '../../../runtime/sim/index.js';
import { bar, device, field, reg, type Access } from './ir-builder.js';

const RESERVED = 0xa0000000;

interface Row {
  readonly access: Access;
  /** field value before the write (set by the hardware side) */
  readonly start: number;
  readonly write: number;
  /** what two successive reads return after the write (field value) */
  readonly reads: readonly [number, number];
  /** stored field value at the end (peek, no side effects) */
  readonly stored: number;
}

const rows: Row[] = [
  { access: 'rw', start: 0b1100, write: 0b0110, reads: [0b0110, 0b0110], stored: 0b0110 },
  { access: 'ro', start: 0b1100, write: 0b0110, reads: [0b1100, 0b1100], stored: 0b1100 },
  { access: 'wo', start: 0b1100, write: 0b0110, reads: [0, 0], stored: 0b0110 },
  { access: 'na', start: 0b1100, write: 0b0110, reads: [0, 0], stored: 0b1100 },
  { access: 'rc', start: 0b1100, write: 0b0110, reads: [0b1100, 0], stored: 0 },
  { access: 'rs', start: 0b1100, write: 0b0110, reads: [0b1100, 0b1111], stored: 0b1111 },
  { access: 'w1c', start: 0b1100, write: 0b0110, reads: [0b1000, 0b1000], stored: 0b1000 },
  { access: 'w1s', start: 0b1100, write: 0b0110, reads: [0b1110, 0b1110], stored: 0b1110 },
  { access: 'w1t', start: 0b1100, write: 0b0110, reads: [0b1010, 0b1010], stored: 0b1010 },
  { access: 'w0c', start: 0b1100, write: 0b0110, reads: [0b0100, 0b0100], stored: 0b0100 },
  { access: 'w0s', start: 0b1100, write: 0b0110, reads: [0b1101, 0b1101], stored: 0b1101 },
  { access: 'w0t', start: 0b1100, write: 0b0110, reads: [0b0101, 0b0101], stored: 0b0101 },
  { access: 'wclr', start: 0b1100, write: 0b0110, reads: [0, 0], stored: 0 },
  { access: 'wset', start: 0b1100, write: 0b0000, reads: [0b1111, 0b1111], stored: 0b1111 },
  { access: 'pulse', start: 0b0000, write: 0b0110, reads: [0, 0], stored: 0 },
  { access: 'rc w1c', start: 0b1100, write: 0b0100, reads: [0b1000, 0], stored: 0 },
];

for (const row of rows) {
  test(`${row.access}: start ${row.start.toString(2)}, write ${row.write.toString(2)} → reads ${row.reads.map((r) => r.toString(2)).join(', ')}`, () => {
    const r = reg('r', 0x10, 32, [field('f', 4, 4, row.access)], { reset: RESERVED });
    const sim = createSimDevice(device('d', [bar(0, 'regs', 0x100, [r])]));
    sim.poke('r', row.start << 4, 0xf0);
    let pulsed = -1n;
    sim.onWrite('r', (ctx) => (pulsed = ctx.pulsed));
    const io = sim.bar(0);
    io.write32(0x10, (row.write << 4) | 0x0500000f); // also writes reserved and undeclared bits: ignored
    const reads = [io.read32(0x10), io.read32(0x10)];
    for (let i = 0; i < 2; i++) {
      assert.is((reads[i]! >>> 4) & 0xf, row.reads[i], `read ${i + 1}`);
      assert.is(reads[i]! & ~0xf0, RESERVED | 0, 'reserved bits read their reset value');
    }
    assert.is(Number((sim.peek('r') >> 4n) & 0xfn), row.stored, 'stored');
    assert.is(Number(sim.peek('r') & ~0xf0n), RESERVED, 'reserved bits never change');
    assert.is(pulsed, row.access === 'pulse' ? BigInt(row.write << 4) : 0n, 'pulsed bits');
    sim.close();
  });
}

test('reset values: register reset, field resets, 64-bit register as bigint', () => {
  const a = reg('a', 0x0, 32, 'ro', { reset: 0x010000ed });
  const b = reg('b', 0x4, 32, [field('lo', 0, 8, 'rw', 0x34), field('hi', 24, 8, 'ro', 0x12)]);
  const c = reg('c', 0x8, 64, 'rw', { reset: 0xfedcba9876543210n });
  const sim = createSimDevice(device('d', [bar(0, 'regs', 0x100, [a, b, c])]));
  const io = sim.bar(0);
  assert.is(io.read32(0), 0x010000ed);
  assert.is(io.read32(4), 0x12000034);
  assert.is(io.read64(8), 0xfedcba9876543210n);
  io.write64(8, 0xffff_ffff_ffff_ffffn);
  assert.is(io.read64(8), 0xffff_ffff_ffff_ffffn);
  io.write32(0, 0);
  assert.is(io.read32(0), 0x010000ed, 'ro ignores writes');
  sim.close();
});

test('8- and 16-bit registers; a value that does not fit the width is refused, not truncated (docs/runtime.md)', () => {
  const sim = createSimDevice(device('d', [bar(0, 'regs', 0x10, [reg('b', 0, 8), reg('h', 2, 16)])]));
  const io = sim.bar(0);
  io.write8(0, 0xff);
  io.write16(2, 0xffff);
  assert.throws(() => io.write8(0, 0x1ff), /write8 at 0x0 in the simulated device: 511 is not an 8-bit value/);
  assert.throws(() => io.write16(2, -1), /write16 at 0x2 in the simulated device: -1 is not a 16-bit value/);
  assert.is(io.read8(0), 0xff);
  assert.is(io.read16(2), 0xffff);
  sim.close();
});

test.run();
