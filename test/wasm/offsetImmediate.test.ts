// Register routines carry the register's offset in the BAR as the load/store offset immediate, not in
// the pointer: V8 then keeps the address arithmetic to a two-operand LEA (bench/README.md, issue 4).
// Expected offsets come from the IR walked here, independently of the emitter's own site list; the
// behaviour at those offsets (right register read and written) is covered by routines.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { IrDevice, IrNode } from '../../compiler/ir/ir.js';
import { decodeWasm } from '../../runtime/window/index.js';
import { demoIr } from './fixtures/demo.js';
import { generate } from './helpers.js';

/** `verb$path` → offset in the BAR with every index 0, for the routines that access a register directly. */
function expectedOffsets(device: IrDevice): Map<string, number> {
  const out = new Map<string, number>();
  const types = new Map(device.blockTypes.map((t) => [t.name, t]));
  const walk = (nodes: readonly IrNode[], base: number, path: string[]): void => {
    for (const n of nodes) {
      if (n.kind === 'block') {
        walk(types.get(n.type)!.nodes, base + n.offset, [...path, n.name]);
        continue;
      }
      const name = [...path, n.name].join('$');
      const at = base + n.offset;
      if (n.ops.read) out.set(`read$${name}`, at);
      if (n.ops.write) out.set(`write$${name}`, at);
      if (n.ops.modify) out.set(`modify$${name}`, at);
      if (n.ops.read && !n.ops.readHasSideEffect && n.volatile) out.set(`stable$${name}`, at);
    }
  };
  for (const bar of device.bars.filter((b) => b.kind === 'mmio' && b.hasRegisters)) walk(bar.nodes, 0, []);
  return out;
}

test('every register access of read/write/modify/stable routines has the register offset as its immediate', async () => {
  const g = await generate();
  const device = demoIr.devices[0]!;
  const expected = expectedOffsets(device);
  assert.ok(expected.size > 20, 'the demo has many register routines');
  for (const file of ['demo.wasm', 'demo.shared.wasm']) {
    const info = decodeWasm(g.file(file).contents as Uint8Array);
    const bad: string[] = [];
    for (const [name, offset] of expected) {
      const e = info.exports.find((x) => x.kind === 'func' && x.name === name);
      if (!e) {
        bad.push(`${name}: not exported`);
        continue;
      }
      const fn = info.functions.find((f) => f.index === e.index)!;
      const offsets = fn.accesses.map((a) => a.offset);
      if (offsets.length === 0 || offsets.some((o) => o !== offset)) bad.push(`${name}: offsets ${JSON.stringify(offsets)}, expected ${offset}`);
    }
    assert.equal(bad, [], file);
  }
});

test.run();
