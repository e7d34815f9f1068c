// ir/walk.ts: the one walk over block types visits every node depth first with its offset from the
// BAR (arrays not expanded), finds registers by path, and turns a broken IR into a clear error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../compiler/compile.js';
import { elementSize, registerAt, typeLookup, walkNodes } from '../../../compiler/ir/walk.js';
import { bitsOf, hex } from '../../../compiler/ir/bits.js';
import type { IrDevice } from '../../../compiler/ir/ir.js';

const text = `block q { register head @ 0 : 32; register tail @ 4 : 32; }
block pair { block a @ 0 : q; block b @ 0x10 : q; }
device d {
  bar 0 regs mmio size 0x1000 {
    register ctl @ 0 : 32;
    block rx[4] @ 0x100 stride 0x20 : pair;
  }
}
`;

async function device(): Promise<IrDevice> {
  const r = await compile({ text, file: 'w.regs' }, { emit: [] });
  assert.ok(r.ok, r.format());
  return r.ir!.devices[0]!;
}

test('walkNodes: every node depth first, offsets from the BAR with every index 0, state per level', async () => {
  const d = await device();
  const seen: string[] = [];
  walkNodes<string>(d.bars[0]!.nodes, '', {
    typeOf: typeLookup(d),
    visit: (n, offset, at) => {
      const path = at ? `${at}.${n.name}` : n.name;
      seen.push(`${path}@${hex(offset)}`);
      return path;
    },
    broken: () => {
      throw new Error('the IR is consistent');
    },
  });
  assert.equal(seen, ['ctl@0x0', 'rx@0x100', 'rx.a@0x100', 'rx.a.head@0x100', 'rx.a.tail@0x104', 'rx.b@0x110', 'rx.b.head@0x110', 'rx.b.tail@0x114']);
});

test('registerAt and elementSize', async () => {
  const d = await device();
  const typeOf = typeLookup(d);
  assert.is(registerAt(d.bars[0]!.nodes, ['rx', 'b', 'tail'], typeOf)?.name, 'tail');
  assert.is(registerAt(d.bars[0]!.nodes, ['rx', 'b'], typeOf), undefined);
  assert.is(registerAt(d.bars[0]!.nodes, ['ctl', 'x'], typeOf), undefined);
  assert.is(elementSize(d.bars[0]!.nodes[1]!, typeOf), 0x18);
  assert.is(elementSize(d.bars[0]!.nodes[0]!, typeOf), 4);
});

test('a block of a type the IR does not define is reported to the caller', async () => {
  const d = await device();
  let why = '';
  assert.throws(() =>
    walkNodes(d.bars[0]!.nodes, 0, {
      typeOf: () => undefined,
      visit: () => 0,
      broken: (b, _s, w) => {
        why = `${b.name}: ${w}`;
        throw new Error(why);
      },
    }),
  );
  assert.is(why, 'rx: unknown type');
});

test('bits: masks and hex', () => {
  assert.is(bitsOf(4, 4), 0xf0n);
  assert.is(bitsOf(0, 64), 0xffffffffffffffffn);
  assert.is(hex(bitsOf(63, 1)), '0x8000000000000000');
  assert.is(hex(255), '0xff');
});

test.run();
