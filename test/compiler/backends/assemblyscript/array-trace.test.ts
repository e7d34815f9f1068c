// The bulk array routines touch every element exactly once per pass, in index order, with one access
// of the register's width, and nothing else of the BAR. Traced, not counted: the production .wasm
// (after wasm-opt) is run through binaryen's instrument-memory pass, which calls back before every
// load and store with its address and width, and each routine runs over a memfd-backed window. The
// expected sequences are computed here from the IR (offsets, strides, masks), not from the emitter.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import binaryen from 'binaryen';
import { assemblyscriptBackend, UNROLL_MAX_ELEMENTS } from '../../../../compiler/backends/assemblyscript/index.js';
import type { IrDevice, IrNode, IrRegister, IrSpec } from '../../../../compiler/ir/ir.js';
import { createDeviceWindow, mapInto } from '../../../../runtime/window/index.js';
import { demoIr } from '../../../fixtures/wasm/demo.js';
import { memfd, registersImport } from '../../../fixtures/wasm/helpers.js';
import { register } from '../../../fixtures/wasm/ir-builder.js';

const at = { file: 'arrays.regs', line: 1, col: 1 };

/** Every array shape the routines have: widths 8–64, stride > width, an array too long to unroll, block arrays, a read-to-clear array. */
const arraysIr: IrSpec = {
  ...demoIr,
  source: 'arrays.regs',
  files: ['arrays.regs'],
  devices: [
    {
      ...demoIr.devices[0]!,
      name: 'arrays',
      bars: [
        {
          index: 0, name: 'regs', kind: 'mmio', size: 0x4000, prefetchable: false, is64: false, doc: '', hasRegisters: true, at,
          nodes: [
            register('wide', 0x0, { width: 64, array: { count: 4, stride: 8 } }),
            register('narrow', 0x40, { width: 8, reset: 0x50n, array: { count: 6, stride: 1 }, fields: { lo: { lsb: 0, width: 4 }, hi: { lsb: 4, width: 4, sw: 'r' } } }),
            register('half', 0x50, { width: 16, array: { count: 5, stride: 4 } }),
            register('fifo', 0x80, { volatile: true, array: { count: 4, stride: 4 }, access: { sw: 'r', onRead: 'clear' } }),
            { kind: 'block', name: 'q', doc: '', offset: 0x100, array: { count: 3, stride: 0x20 }, type: 'queue', at },
            register('long', 0x1000, { array: { count: UNROLL_MAX_ELEMENTS + 476, stride: 4 } }),
          ],
        },
      ],
      blockTypes: [{ name: 'queue', doc: '', size: 0x10, at, nodes: [register('ctl', 0x0, { volatile: true }), register('cnt', 0x8, { width: 16, array: { count: 4, stride: 2 } })] }],
      layouts: [],
      rings: [],
    },
  ],
};

interface Access {
  readonly kind: 'load' | 'store';
  readonly addr: number;
  readonly bytes: number;
}

/** The instrumented module over a fresh window with the BAR mapped where the module expects it; `trace` collects accesses in execution order. */
async function traced(ir: IrSpec) {
  const device = ir.devices[0]!;
  const files = await assemblyscriptBackend.emit(ir, { version: '0.0.0-test', specName: `${device.name}.regs`, registersImport });
  const plain = files.find((f) => f.path === `${device.name}.wasm`)!.contents as Uint8Array;
  const mod = binaryen.readBinary(plain);
  mod.setFeatures(binaryen.Features.MVP | binaryen.Features.Atomics | binaryen.Features.MutableGlobals | binaryen.Features.SignExt);
  mod.runPasses(['instrument-memory']);
  const bytes = mod.emitBinary();
  mod.dispose();
  const bar = device.bars[0]!;
  const window = createDeviceWindow({ pages: 4 });
  const fd = memfd(`${device.name}-bar0`, bar.size);
  const mapping = mapInto(window, fd, window.place(bar.size), bar.size, { what: `${device.name} BAR 0` });
  const trace: Access[] = [];
  // The *_ptr callback runs before the instruction's operands that follow the pointer, the *_val one
  // right after a load or right before a store: record at *_val, so the order is the order of accesses.
  const pending = new Map<number, Access>();
  const ptr = (kind: Access['kind']) => (id: number, size: number, offset: number, p: number) => {
    pending.set(id, { kind, addr: (p >>> 0) + offset, bytes: size });
    return p;
  };
  const val = <V>(id: number, v: V): V => {
    const a = pending.get(id);
    if (!a) throw new Error(`no pointer recorded for access ${id}`);
    pending.delete(id);
    trace.push(a);
    return v;
  };
  const env = {
    memory: window.memory,
    load_ptr: ptr('load'), store_ptr: ptr('store'),
    load_val_i32: val, load_val_i64: val, load_val_f32: val, load_val_f64: val,
    store_val_i32: val, store_val_i64: val, store_val_f32: val, store_val_f64: val,
    memory_grow_pre: () => { throw new Error('memory.grow'); },
    memory_grow_post: () => { throw new Error('memory.grow'); },
  };
  const x = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)), { env }).exports as Record<string, (...a: (number | bigint)[]) => number | bigint>;
  assert.is(Number(x['barOffset']!(0)), mapping.offset, 'BAR 0 where the module expects it');
  const scratch = window.reserveScratch(0x4000, 8).offset;
  const view = new DataView(window.buffer as ArrayBuffer);
  return { device, x, trace, window, bar: mapping.offset, scratch, view };
}

interface ArraySite {
  readonly name: string;
  readonly reg: IrRegister;
  /** BAR offset of element 0 for the outer index used (the last valid one). */
  readonly first: number;
  readonly stride: number;
  readonly count: number;
  /** Outer index arguments (each the last valid index). */
  readonly outer: number[];
}

/** Every register in an array, from the IR: the innermost array is what the bulk routines walk. */
function arraySites(device: IrDevice): ArraySite[] {
  const types = new Map(device.blockTypes.map((t) => [t.name, t]));
  const out: ArraySite[] = [];
  // `off`: the container's BAR offset with outer indices at their last value and `inner` at 0.
  type Inner = { readonly count: number; readonly stride: number };
  const walk = (nodes: readonly IrNode[], path: string[], off: number, outer: number[], inner?: Inner): void => {
    // Entering another array level: the enclosing innermost one becomes an outer index, at its last value.
    const deeper = (): [number, number[]] => (inner ? [off + (inner.count - 1) * inner.stride, [...outer, inner.count - 1]] : [off, outer]);
    for (const n of nodes) {
      if (n.kind === 'block') {
        const nodes2 = types.get(n.type)!.nodes;
        if (n.array) {
          const [o, out2] = deeper();
          walk(nodes2, [...path, n.name], o + n.offset, out2, n.array);
        } else walk(nodes2, [...path, n.name], off + n.offset, outer, inner);
        continue;
      }
      const name = [...path, n.name].join('$');
      if (n.array) {
        const [o, out2] = deeper();
        out.push({ name, reg: n, first: o + n.offset, stride: n.array.stride, count: n.array.count, outer: out2 });
      } else if (inner) out.push({ name, reg: n, first: off + n.offset, stride: inner.stride, count: inner.count, outer });
    }
  };
  for (const bar of device.bars.filter((b) => b.hasRegisters)) walk(bar.nodes, [], 0, []);
  return out;
}

const loadsOf = (s: ArraySite, bar: number): Access[] => Array.from({ length: s.count }, (_, k) => ({ kind: 'load', addr: bar + s.first + k * s.stride, bytes: s.reg.width / 8 }));
const storesOf = (s: ArraySite, bar: number): Access[] => loadsOf(s, bar).map((a) => ({ ...a, kind: 'store' }));
const bufferAt = (s: ArraySite, buf: number, k: number, kind: Access['kind']): Access => ({ kind, addr: buf + k * (s.reg.width / 8), bytes: s.reg.width / 8 });
const fmt = (t: readonly Access[]): string[] => t.map((a) => `${a.kind}${a.bytes * 8}@0x${a.addr.toString(16)}`);

function elementGet(view: DataView, w: number, addr: number): bigint {
  return w === 64 ? view.getBigUint64(addr, true) : BigInt(w === 32 ? view.getUint32(addr, true) : w === 16 ? view.getUint16(addr, true) : view.getUint8(addr));
}
function elementSet(view: DataView, w: number, addr: number, v: bigint): void {
  if (w === 64) view.setBigUint64(addr, v, true);
  else if (w === 32) view.setUint32(addr, Number(v), true);
  else if (w === 16) view.setUint16(addr, Number(v), true);
  else view.setUint8(addr, Number(v));
}
const arg = (w: number, v: bigint): number | bigint => (w === 64 ? BigInt.asIntN(64, v) : Number(BigInt.asIntN(32, v)));

for (const ir of [demoIr, arraysIr]) {
  const name = ir.devices[0]!.name;
  const t = await traced(ir);
  const sites = arraySites(t.device);

  test(`${name}: every array has its bulk routines, and only the IR's (no snapshot of a read-to-clear array)`, () => {
    assert.ok(sites.length >= (name === 'arrays' ? 7 : 4), `${sites.length} array sites`);
    for (const s of sites) {
      const plainRead = s.reg.ops.read && !s.reg.ops.readHasSideEffect;
      for (const r of ['readArray', 'pollAny', 'pollAll']) assert.is(typeof t.x[`${r}$${s.name}`], plainRead ? 'function' : 'undefined', `${r}$${s.name}`);
      for (const r of ['fillArray', 'writeArray']) assert.is(typeof t.x[`${r}$${s.name}`], s.reg.ops.write ? 'function' : 'undefined', `${r}$${s.name}`);
    }
  });

  test(`${name}: readArray reads each element once, in order, each straight into its buffer slot`, () => {
    for (const s of sites.filter((x) => x.reg.ops.read && !x.reg.ops.readHasSideEffect)) {
      const w = s.reg.width;
      for (let k = 0; k < s.count; k++) elementSet(t.view, w, t.bar + s.first + k * s.stride, (BigInt(k) * 0x0101010101010101n + 7n) & ((1n << BigInt(w)) - 1n));
      t.trace.length = 0;
      assert.is(Number(t.x[`readArray$${s.name}`]!(...s.outer, t.scratch)), s.count, `readArray$${s.name} returns the count`);
      const expected = loadsOf(s, t.bar).flatMap((l, k) => [l, bufferAt(s, t.scratch, k, 'store')]);
      assert.equal(fmt(t.trace), fmt(expected), `readArray$${s.name}`);
      for (let k = 0; k < s.count; k++) assert.is(elementGet(t.view, w, t.scratch + (k * w) / 8), elementGet(t.view, w, t.bar + s.first + k * s.stride), `${s.name}[${k}] copied`);
    }
  });

  test(`${name}: fillArray and writeArray write each element once, in order, with write$'s value`, () => {
    for (const s of sites.filter((x) => x.reg.ops.write)) {
      const w = s.reg.width;
      const all = (1n << BigInt(w)) - 1n;
      const writable = BigInt(s.reg.masks.writable);
      const base = BigInt(s.reg.masks.writeBase);
      t.trace.length = 0;
      t.x[`fillArray$${s.name}`]!(...s.outer, arg(w, all), arg(w, 0xa5a5a5a5a5a5a5a5n & all));
      assert.equal(fmt(t.trace), fmt(storesOf(s, t.bar)), `fillArray$${s.name}`);
      for (let k = 0; k < s.count; k++) assert.is(elementGet(t.view, w, t.bar + s.first + k * s.stride), (base & ~writable) | (0xa5a5a5a5a5a5a5a5n & writable & all), `${s.name}[${k}] filled`);
      const values = Array.from({ length: s.count }, (_, k) => (BigInt(k + 1) * 0x1111111111111111n) & all);
      values.forEach((v, k) => elementSet(t.view, w, t.scratch + (k * w) / 8, v));
      t.trace.length = 0;
      t.x[`writeArray$${s.name}`]!(...s.outer, t.scratch);
      const expected = storesOf(s, t.bar).flatMap((st, k) => [bufferAt(s, t.scratch, k, 'load'), st]);
      assert.equal(fmt(t.trace), fmt(expected), `writeArray$${s.name}`);
      values.forEach((v, k) => assert.is(elementGet(t.view, w, t.bar + s.first + k * s.stride), (base & ~writable) | (v & writable), `${s.name}[${k}] written`));
    }
  });

  test(`${name}: pollAny and pollAll read every element once per pass, in order, and stop after the pass that satisfies them`, () => {
    for (const s of sites.filter((x) => x.reg.ops.read && !x.reg.ops.readHasSideEffect)) {
      const w = s.reg.width;
      const at = (k: number) => t.bar + s.first + k * s.stride;
      for (let k = 0; k < s.count; k++) elementSet(t.view, w, at(k), 0n);
      // Each read goes to its buffer slot before the next read.
      const pass = loadsOf(s, t.bar).flatMap((l, k) => [l, bufferAt(s, t.scratch, k, 'store')]);
      // Never satisfied: maxPasses full passes, then -1.
      t.trace.length = 0;
      assert.is(Number(t.x[`pollAny$${s.name}`]!(...s.outer, t.scratch, arg(w, 1n), arg(w, 1n), 3)), -1, `pollAny$${s.name} gives up`);
      assert.equal(fmt(t.trace), fmt([...pass, ...pass, ...pass]), `pollAny$${s.name}: three whole passes`);
      t.trace.length = 0;
      assert.is(Number(t.x[`pollAll$${s.name}`]!(...s.outer, t.scratch, arg(w, 1n), arg(w, 1n), 2)), -1, `pollAll$${s.name} gives up`);
      assert.equal(fmt(t.trace), fmt([...pass, ...pass]), `pollAll$${s.name}: two whole passes`);
      // One element (the last but one, or the only one) matches: the pass still reads every element.
      const j = Math.max(0, s.count - 2);
      elementSet(t.view, w, at(j), 1n);
      t.trace.length = 0;
      assert.is(Number(t.x[`pollAny$${s.name}`]!(...s.outer, t.scratch, arg(w, 1n), arg(w, 1n), 5)), j, `pollAny$${s.name} finds element ${j}`);
      assert.equal(fmt(t.trace), fmt(pass), `pollAny$${s.name}: one whole pass`);
      // All match: one pass. maxPasses 0: no read at all.
      for (let k = 0; k < s.count; k++) elementSet(t.view, w, at(k), 3n);
      t.trace.length = 0;
      assert.is(Number(t.x[`pollAll$${s.name}`]!(...s.outer, t.scratch, arg(w, 1n), arg(w, 1n), 5)), 1, `pollAll$${s.name} after one pass`);
      assert.equal(fmt(t.trace), fmt(pass), `pollAll$${s.name}: one whole pass`);
      t.trace.length = 0;
      assert.is(Number(t.x[`pollAll$${s.name}`]!(...s.outer, t.scratch, arg(w, 1n), arg(w, 1n), 0)), -1, `pollAll$${s.name} with maxPasses 0`);
      assert.equal(t.trace, [], 'maxPasses 0 reads nothing');
      for (let k = 0; k < s.count; k++) assert.is(elementGet(t.view, w, t.scratch + (k * w) / 8), 3n, `${s.name}[${k}] of the last pass in the buffer`);
    }
  });

  test(`${name}: an outer index out of range traps before any access`, () => {
    for (const s of sites.filter((x) => x.outer.length > 0)) {
      const routine = Object.keys(t.x).find((k) => k.endsWith(`$${s.name}`) && /^(readArray|fillArray)\$/.test(k))!;
      const bad = s.outer.map((i) => i + 1);
      t.trace.length = 0;
      assert.throws(() => t.x[routine]!(...bad, ...(routine.startsWith('readArray') ? [t.scratch] : [arg(s.reg.width, 1n), arg(s.reg.width, 1n)])), /unreachable/, routine);
      assert.equal(t.trace, [], `${routine}: no access before the trap`);
    }
  });
}

test('the array too long to unroll and the block-array register are loops; short top-level arrays are unrolled', async () => {
  const files = await assemblyscriptBackend.emit(arraysIr, { version: '0.0.0-test', specName: 'arrays.regs', registersImport });
  const src = files.find((f) => f.path === 'arrays.as.ts')!.contents as string;
  const body = (name: string): string => src.slice(src.indexOf(`export function ${name}(`), src.indexOf('\n}\n', src.indexOf(`export function ${name}(`)));
  assert.match(body('readArray$long'), /for \(let k: u32 = 0; k < 1500; k\+\+\)/);
  assert.match(body('readArray$q$cnt'), /for \(let k: u32 = 0; k < 4; k\+\+\)/);
  assert.not.match(body('readArray$wide'), /for \(/);
  assert.is(body('readArray$wide').match(/atomic\.load<u64>\(BAR0, 0x[0-9a-f]+\)/g)?.length, 4, 'one constant-address load per element');
});

test.run();
