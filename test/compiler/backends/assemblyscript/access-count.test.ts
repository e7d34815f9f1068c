// Every register access the IR implies is in the .wasm exactly once per routine, with the right width
// and kind (atomic loads for device reads, plain stores for writes), and nothing else touches memory.
// Expectations are derived from the IR here, independently of the emitter; the control shows the same
// source built with asc -O3 loses a load, so this test can fail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm } from '../../../../compiler/backends/assemblyscript/index.js';
import { compile } from '../../../../compiler/compile.js';
import type { IrDevice, IrExpr, IrNode, IrRegister } from '../../../../compiler/ir/ir.js';
import { decodeWasm, reachable } from '../../../../runtime/window/index.js';
import { demoIr } from '../../../fixtures/wasm/demo.js';
import { generate } from '../../../fixtures/wasm/helpers.js';

type W = 8 | 16 | 32 | 64;
const atomicLoad = (w: W): string => (w === 64 ? 'i64.atomic.load' : w === 32 ? 'i32.atomic.load' : `i32.atomic.load${w}_u`);
const plainLoad = (w: W): string => (w === 64 ? 'i64.load' : w === 32 ? 'i32.load' : `i32.load${w}_u`);
const store = (w: W): string => (w === 64 ? 'i64.store' : w === 32 ? 'i32.store' : `i32.store${w}`);
const FENCE = 'i32.atomic.rmw.add';

/**
 * Export name → the sorted memory instructions it must contain, from the IR alone. A bulk array routine
 * holds its per-element accesses either once (a loop) or once per element (unrolled): both are listed,
 * and the trace test (array-trace.test.ts) checks what runs, element by element.
 */
function expectedAccesses(device: IrDevice, set: 'loops' | 'all' = 'all'): Map<string, string[] | string[][]> {
  const out = new Map<string, string[] | string[][]>();
  const put = (name: string, ops: string[]): void => void out.set(name, [...ops].sort());
  const bulk = (name: string, perElement: string[], count: number): void =>
    void out.set(name, [perElement, Array.from({ length: count }, () => perElement).flat()].map((ops) => [...ops].sort()));
  const all = set === 'all';
  // Registers a run-time stride reads (`4 << cap.dstrd`) keep read$: the wrapper reads the stride with it.
  const strideReads = new Set<string>();
  const visit = (e: IrExpr): void => {
    if (e.kind === 'field') strideReads.add(e.ref.path.join('$'));
    else if (e.kind === 'unary') visit(e.operand);
    else if (e.kind === 'binary') {
      visit(e.left);
      visit(e.right);
    }
  };
  for (const bar of device.bars) for (const n of bar.nodes) if (n.kind === 'register' && n.array?.strideExpr) visit(n.array.strideExpr);
  put('barOffset', []);
  for (const w of [8, 16, 32, 64] as const) {
    put(`read${w}`, [atomicLoad(w)]);
    put(`write${w}`, [store(w)]);
  }
  const types = new Map(device.blockTypes.map((t) => [t.name, t]));
  for (const bar of device.bars.filter((b) => b.kind === 'mmio' && b.hasRegisters)) {
    const snapshot: string[] = [];
    const restore: string[] = [];
    // `count`: elements of the innermost array the register is in (0 outside arrays).
    const walk = (nodes: readonly IrNode[], path: string[], count: number): void => {
      for (const n of nodes) {
        if (n.kind === 'block') {
          walk(types.get(n.type)!.nodes, [...path, n.name], n.array?.count ?? count);
          continue;
        }
        const name = [...path, n.name].join('$');
        const { ops, width: w } = n;
        const plainRead = ops.read && !ops.readHasSideEffect;
        // A `split` 64-bit register is two 32-bit accesses on the bus (IrRegister.split).
        // Its two reads have a fence between them (wasm-opt would reorder two atomic loads).
        const load = n.split ? [atomicLoad(32), FENCE, atomicLoad(32)] : [atomicLoad(w)];
        const put1 = n.split ? [store(32), store(32)] : [store(w)];
        if ((all || strideReads.has(name)) && ops.read) put(`read$${name}`, load);
        if (all && ops.write) put(`write$${name}`, put1);
        if (all && ops.modify) put(`modify$${name}`, [...load, ...put1]);
        if (all && [ops.ackW1, ops.ackW0].includes('write') && ![ops.ackW1, ops.ackW0].includes('modify')) put(`ack$${name}`, put1);
        if (plainRead && (all || n.volatile || n.fields.some((f) => f.volatile))) put(`pollUntil$${name}`, load);
        if (plainRead && n.volatile) put(`stable$${name}`, [...load, ...load, ...load]);
        // A run-time-stride array is always a loop (its element count is bound at run time).
        const elements = n.array?.count ?? count;
        if (elements > 0 && plainRead) {
          bulk(`readArray$${name}`, [...load, store(w)], elements);
          bulk(`pollAny$${name}`, [...load, store(w)], elements);
          bulk(`pollAll$${name}`, [...load, store(w)], elements);
        }
        if (elements > 0 && ops.write) {
          bulk(`fillArray$${name}`, put1, elements);
          bulk(`writeArray$${name}`, [plainLoad(w), ...put1], elements);
        }
        if (plainRead) snapshot.push(...load, store(w));
        if (ops.modify) restore.push(plainLoad(w), ...put1);
      }
    };
    walk(bar.nodes, [], 0);
    put(`snapshot$${bar.name}`, snapshot);
    put(`restore$${bar.name}`, restore);
  }
  for (const bar of device.bars) {
    for (const n of bar.nodes) if (n.kind === 'register' && n.array?.strideExpr) put(`bindStride$${n.name}`, []); // globals only
  }
  for (const ring of device.rings) {
    const layout = device.layouts.find((l) => l.name === ring.layout)!;
    if (ring.phase) {
      // A phase-tag ring: the tag word read in the scan, one store of the new head doorbell.
      const word = layout.words.find((w) => w.name === ring.phase!.word)!;
      put(`reap$${ring.name}`, [atomicLoad(word.width), ...(ring.head ? [store(ring.head.width)] : [])].sort());
      // reapBatch$: every word of a plain ≤ 32-bit entry read once and stored once in its column.
      if (layout.words.every((w) => !w.array && w.width <= 32)) {
        put(`reapBatch$${ring.name}`, [...layout.words.flatMap((w) => [atomicLoad(w.width as W), 'i32.store']), ...(ring.head ? [store(ring.head.width)] : [])].sort());
      }
      continue;
    }
    // submitBatch$ of the layout and of each variant (common words + the variant's): per written word one
    // store of its width, per field it has software write one column load (f64 for a whole 64-bit word),
    // one fence, the tail doorbell. Only for layouts with no owner/done, no array words, no split 64-bit fields.
    if (!layout.owner && !layout.done) {
      const forms = [{ suffix: '', words: layout.words }, ...(layout.variants ?? []).map((v) => ({ suffix: `$${v.name}`, words: [...layout.words, ...v.words] }))];
      for (const f of forms) {
        const written = f.words.filter((word: IrRegister) => !word.fields.every((x) => x.sw === 'r'));
        const fieldsOf = (word: IrRegister) => word.fields.filter((x) => x.sw === 'w' || x.sw === 'rw');
        const ok = written.length > 0 && written.every((w) => !w.array && (w.width < 64 || (fieldsOf(w).length === 1 && fieldsOf(w)[0]!.width === 64)));
        if (!ok) continue;
        const loads = written.flatMap((w) => (w.width === 64 ? ['f64.load'] : fieldsOf(w).map(() => 'i32.load')));
        put(`submitBatch$${ring.name}${f.suffix}`, [...loads, ...written.map((w) => store(w.width as W)), FENCE, ...(ring.tail ? [store(ring.tail.width)] : [])].sort());
      }
    }
    const lastWord = layout.owner?.word ?? layout.done?.word;
    const fences = lastWord ? [FENCE, FENCE] : [FENCE];
    // The common words (submit$RING), and per variant the common words and the variant's (submit$RING$VARIANT).
    const forms: [string, readonly IrRegister[]][] = [[`submit$${ring.name}`, layout.words], ...(layout.variants ?? []).map((v): [string, readonly IrRegister[]] => [`submit$${ring.name}$${v.name}`, [...layout.words, ...v.words]])];
    for (const [name, words] of forms) {
      // Device-written (ro) words are never copied; an all-ro layout has no submit.
      const written = words.filter((word: IrRegister) => !word.fields.every((f) => f.sw === 'r'));
      const copies = written.flatMap((word: IrRegister) => [plainLoad(word.width), store(word.width)]);
      if (written.length > 0) put(name, [...copies, ...fences, ...(ring.tail ? [store(ring.tail.width)] : [])]);
    }
    if (layout.done) {
      const word = layout.words.find((w) => w.name === layout.done!.word)!;
      put(`reap$${ring.name}`, [atomicLoad(word.width)]);
    }
  }
  for (const g of device.interrupts) {
    // A cause's vector number: no access. A mask: one store of the bit (mask/unmask), one load (masked).
    for (const c of g.causes) put(`vector$${g.name}$${c.name}`, []);
    if (g.mask) {
      put(`mask$${g.name}`, [store(g.mask.set.width)]);
      put(`unmask$${g.name}`, [store(g.mask.clear.width)]);
      put(`masked$${g.name}`, [atomicLoad(g.mask.set.width)]);
    }
  }
  return out;
}

/** Export name → sorted memory instructions in the function and everything it calls. */
function actualAccesses(bytes: Uint8Array): { accesses: Map<string, string[]>; otherOps: string[] } {
  const info = decodeWasm(bytes);
  const accesses = new Map<string, string[]>();
  const otherOps: string[] = [];
  for (const e of info.exports.filter((x) => x.kind === 'func')) {
    const fns = reachable(info, e.index);
    // wasm-opt folds a zero-extension into the access (`<u64>atomic.load<u32>` → i64.atomic.load32_u,
    // `store<u32>(<u32>v)` → i64.store32): the same 32-bit bus access.
    const same: Record<string, string> = { 'i64.atomic.load32_u': 'i32.atomic.load', 'i64.store32': 'i32.store' };
    accesses.set(e.name, fns.flatMap((f) => f.accesses.map((a) => same[a.op] ?? a.op)).sort());
    otherOps.push(...fns.flatMap((f) => f.memoryOps));
  }
  return { accesses, otherOps };
}

function mismatches(expected: Map<string, string[] | string[][]>, actual: Map<string, string[]>): string[] {
  const bad: string[] = [];
  for (const name of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(name);
    const a = actual.get(name);
    const forms = e && Array.isArray(e[0]) ? (e as string[][]) : [e];
    if (!forms.some((f) => JSON.stringify(f) === JSON.stringify(a))) bad.push(`${name}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`);
  }
  return bad;
}

const device = demoIr.devices[0]!;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

test('every routine of the production build has exactly the accesses the IR implies', async () => {
  const g = await generate();
  for (const file of ['demo.wasm', 'demo.shared.wasm']) {
    const { accesses, otherOps } = actualAccesses(g.file(file).contents as Uint8Array);
    const expected = expectedAccesses(device);
    assert.ok(expected.size > 60, 'the demo exercises many routines');
    assert.equal(mismatches(expected, accesses), [], file);
    assert.equal(otherOps, [], `${file}: no memory.grow/size/copy/fill, no atomic.fence`);
  }
});

test('loops keep their load: pollUntil and reap read inside the loop body', async () => {
  const g = await generate();
  const info = decodeWasm(g.file('demo.wasm').contents as Uint8Array);
  for (const name of ['pollUntil$status', 'reap$tx', 'pollUntil$tsc']) {
    const fn = info.functions.find((f) => f.index === info.exports.find((e) => e.name === name)!.index)!;
    assert.is(fn.calls.length, 0, `${name} is self-contained after wasm-opt (inlined helpers)`);
    assert.is(fn.accesses.filter((a) => a.kind === 'load').length, 1, name);
  }
});

for (const set of ['loops', 'all'] as const) {
  test(`the specs in specs/ build, and every routine keeps its accesses (--wasm-routines ${set})`, async () => {
    const dir = path.join(root, 'specs');
    let rings = 0;
    for (const spec of readdirSync(dir).filter((f) => f.endsWith('.regs')).sort()) {
      const r = await compile({ path: path.join(dir, spec) }, { emit: ['wasm'], wasmRoutines: set });
      assert.ok(r.ok, `${spec}:\n${r.format()}`);
      for (const device of r.ir!.devices) {
        rings += device.rings.length;
        const wasm = r.files.find((f) => f.path === `${device.name}.wasm`)!;
        assert.equal(mismatches(expectedAccesses(device, set), actualAccesses(wasm.contents as Uint8Array).accesses), [], `${spec}: ${device.name}`);
      }
    }
    assert.ok(rings > 0, 'at least one spec has a descriptor ring');
  });
}

test('control: the same source built with asc -O3 drops a load, and this check notices', async () => {
  const g = await generate();
  const files = new Map(g.files.filter((f) => f.path.endsWith('.as.ts')).map((f) => [f.path, f.contents as string]));
  const o3 = await buildWasm(files, 'demo.as.ts', { optimize: 'asc-O3' });
  const bad = mismatches(expectedAccesses(device), actualAccesses(o3).accesses);
  assert.ok(bad.length > 0, 'asc -O3 must lose at least one access');
  assert.ok(
    bad.some((m) => m.startsWith('stable$status:')),
    `local-cse merges the two back-to-back reads of stable$status; mismatches: ${bad.join('; ')}`,
  );
});

test.run();
