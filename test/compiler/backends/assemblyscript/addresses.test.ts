// Where register routines get their addresses from, in the built .wasm (bench/README.md, issue 4):
// - a register outside arrays has a constant address, the module's fixed BAR offset plus the register
//   offset: V8 then loads it with no alignment check and no base load;
// - an array register keeps its offset in the BAR as the load/store offset immediate, not in the
//   pointer: V8 then keeps the address arithmetic to a two-operand LEA.
// Expected addresses come from the IR walked here, independently of the emitter's own site list; the
// behaviour at those addresses (right register read and written) is covered by routines.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import binaryen from 'binaryen';
import type { IrDevice, IrNode } from '../../../../compiler/ir/ir.js';
import { demoIr } from '../../../fixtures/wasm/demo.js';
import { generate } from '../../../fixtures/wasm/helpers.js';

interface Expected {
  /** Offset in the BAR with every index 0. */
  readonly offset: number;
  readonly inArray: boolean;
}

/** `verb$path` → where the routine's accesses go, for the routines that access a register directly. */
function expectedSites(device: IrDevice): Map<string, Expected> {
  const out = new Map<string, Expected>();
  const types = new Map(device.blockTypes.map((t) => [t.name, t]));
  const walk = (nodes: readonly IrNode[], base: number, path: string[], inArray: boolean): void => {
    for (const n of nodes) {
      const arrayed = inArray || n.array !== undefined;
      if (n.kind === 'block') {
        walk(types.get(n.type)!.nodes, base + n.offset, [...path, n.name], arrayed);
        continue;
      }
      const name = [...path, n.name].join('$');
      const e = { offset: base + n.offset, inArray: arrayed };
      if (n.ops.read) out.set(`read$${name}`, e);
      if (n.ops.write) out.set(`write$${name}`, e);
      if (n.ops.modify) out.set(`modify$${name}`, e);
      if (n.ops.read && !n.ops.readHasSideEffect && n.volatile) out.set(`stable$${name}`, e);
    }
  };
  for (const bar of device.bars.filter((b) => b.kind === 'mmio' && b.hasRegisters)) walk(bar.nodes, 0, [], false);
  return out;
}

interface Access {
  readonly op: string;
  readonly offset: number;
  /** The address operand when it is a literal. */
  readonly constAddress?: number;
}

/** Export name → its memory accesses, read from binaryen's folded text (an access's address is its first operand). */
function accessesByExport(bytes: Uint8Array): Map<string, Access[]> {
  const mod = binaryen.readBinary(bytes);
  const text = mod.emitText();
  mod.dispose();
  const funcs = new Map<string, string>();
  for (const m of text.matchAll(/^ \(func \$(\S+)[^\n]*\n([\s\S]*?)(?=^ \(func |^\)|^ \(export )/gm)) funcs.set(m[1]!, m[2]!);
  const out = new Map<string, Access[]>();
  for (const [, name, fn] of text.matchAll(/\(export "([^"]+)" \(func \$(\S+)\)\)/g)) {
    const body = funcs.get(fn!) ?? '';
    const accesses = [...body.matchAll(/\((i(?:32|64)\.(?:atomic\.)?(?:load|store)\w*)(?: offset=(\d+))?(?: align=\d+)?\n\s*(\(i32\.const (-?\d+)\))?/g)].map((a) => ({
      op: a[1]!,
      offset: Number(a[2] ?? 0),
      ...(a[4] !== undefined ? { constAddress: Number(a[4]) >>> 0 } : {}),
    }));
    out.set(name!, accesses);
  }
  return out;
}

test('register routines: constant addresses outside arrays, the register offset as the immediate inside them', async () => {
  const g = await generate();
  const device = demoIr.devices[0]!;
  const BAR0 = 0x10000; // the demo's window layout: its one BAR with registers
  const expected = expectedSites(device);
  assert.ok([...expected.values()].filter((e) => e.inArray).length > 5, 'the demo has array registers');
  assert.ok([...expected.values()].filter((e) => !e.inArray).length > 20, 'and many plain ones');
  for (const file of ['demo.wasm', 'demo.shared.wasm']) {
    const byExport = accessesByExport(g.file(file).contents as Uint8Array);
    const bad: string[] = [];
    for (const [name, e] of expected) {
      const accesses = byExport.get(name);
      if (!accesses?.length) {
        bad.push(`${name}: no accesses found`);
        continue;
      }
      for (const a of accesses) {
        if (!e.inArray && (a.constAddress === undefined || a.constAddress + a.offset !== BAR0 + e.offset)) {
          bad.push(`${name}: ${a.op} at ${a.constAddress ?? '(computed)'} + ${a.offset}, expected the constant ${BAR0 + e.offset}`);
        }
        if (e.inArray && a.offset !== e.offset) bad.push(`${name}: ${a.op} offset immediate ${a.offset}, expected ${e.offset}`);
      }
    }
    assert.equal(bad, [], file);
  }
});

test('the text reader sees computed addresses as computed (so the test above can fail)', async () => {
  const g = await generate();
  const byExport = accessesByExport(g.file('demo.wasm').contents as Uint8Array);
  const raw = byExport.get('read32')!;
  assert.is(raw.length, 1);
  assert.is(raw[0]!.constAddress, undefined, 'read32(offset) takes its address as a parameter');
});

test.run();
