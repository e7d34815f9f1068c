// The generated composers (compose.ts) against the run-time compose() they replace: the same value for
// every field value a register's writable fields take, the same errors for the rest, and one composer
// per field shape.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RegisterLayout } from '../../../../runtime/registers/register.js';
import { TypedArrayMmio } from '../../../../runtime/registers/mmio.js';
import { RecordingMmio } from '../../../runtime/registers/recording-mmio.js';
import { goldenDir, fixture, load } from './emit.js';

/**
 * The run-time compose() (register.ts), over the layout's own Field objects: the generated module
 * loads the core through another URL, so the core's compose() would not recognise its fields.
 */
function compose(l: RegisterLayout, base: number, values: Record<string, unknown>): number {
  let v = base;
  for (const name in values) {
    const f = l.list.find((x) => x.name === name);
    if (f === undefined) throw new RangeError(`register ${l.name} has no field '${name}'`);
    if (!f.writable) throw new RangeError(`${l.name}.${name} is not writable`);
    v = ((v & ~f.mask) | f.encode(values[name], l.name)) >>> 0;
  }
  return v;
}

type Demo = typeof import('./golden/demo.js');
const m = await load<Demo>(fixture('registers'), 'demo');
const regs = new m.DemoRegs(new TypedArrayMmio(new ArrayBuffer(0x4000)));

/** Every ≤32-bit register layout reachable from the BAR class (blocks included). */
function layouts(node: object, out = new Set<RegisterLayout>()): Set<RegisterLayout> {
  for (const v of Object.values(node)) {
    if (v === null || typeof v !== 'object') continue;
    const l = (v as { layout?: RegisterLayout }).layout;
    if (l !== undefined && l.width !== (64 as number)) out.add(l);
    else if (!('read32' in v)) layouts(v, out);
  }
  return out;
}

let seed = 12345;
const rand = (): number => (seed = (seed * 1103515245 + 12345) >>> 0);

test('generated composers give what compose() gives, over random field values', () => {
  const ls = layouts(regs);
  assert.ok(ls.size >= 5, `found ${ls.size} layouts`);
  for (const l of ls.values()) {
    assert.is.not(l.compose.name, 'composeByName', `${l.name} has a generated composer`);
    for (let k = 0; k < 200; k++) {
      const values: Record<string, unknown> = {};
      for (const f of l.list) {
        if (!f.writable || rand() % 3 === 0) continue;
        const max = f.width >= 32 ? 0xffffffff : 2 ** f.width - 1;
        values[f.name] = f.width === 1 ? rand() % 2 === 0 : f.values !== undefined && rand() % 2 === 0 ? 0 : rand() % (max + 1);
      }
      const base = rand();
      assert.is(l.compose(base, values, l), compose(l, base, values), `${l.name} ${JSON.stringify(values)}`);
    }
  }
});

test('values off the inline path: names, 0/1 flags, errors like compose()', () => {
  const l = (regs.ctrl as unknown as { layout: RegisterLayout }).layout;
  for (const values of [{ mode: 'blink' }, { en: 1 }, { en: 0, kick: 1 }, { mode: m.CtrlMode.breathe }]) {
    assert.is(l.compose(0x5a000000, values, l), compose(l, 0x5a000000, values));
  }
  for (const [values, msg] of [
    [{ mode: 'fast' }, /ctrl\.mode: unknown value name 'fast'/],
    [{ mode: 4 }, /ctrl\.mode: 4 is not a 2-bit unsigned value/],
    [{ mode: 1.5 }, /ctrl\.mode: 1\.5 is not a 2-bit unsigned value/],
    [{ mode: -1 }, /ctrl\.mode: -1 is not a 2-bit unsigned value/],
    [{ en: 2 }, /ctrl\.en: 2 is not a 1-bit unsigned value/],
    [{ id: 1 }, /ctrl\.id is not writable/],
  ] as const) {
    assert.throws(() => l.compose(0, values, l), msg);
    assert.throws(() => compose(l, 0, values), msg);
  }
});

test('registers with the same field shapes share one composer', () => {
  const text = readFileSync(path.join(goldenDir, 'demo.ts'), 'utf8');
  const defined = [...text.matchAll(/^function (compose\w+)\(/gm)].map((x) => x[1]!);
  const used = [...text.matchAll(/compose: (compose\w+)[,\s}]/g)].map((x) => x[1]!);
  assert.equal(new Set(defined).size, defined.length);
  assert.ok(used.length > defined.length, `${used.length} layouts, ${defined.length} composers`);
  for (const u of used) assert.ok(defined.includes(u), u);
});

/** The generic modify (register.ts) over `io`: one read, the kept bits, compose(), one write. */
function genericModify(io: RecordingMmio, o: number, l: RegisterLayout, values: Record<string, unknown>): void {
  const r = l.width === 32 ? io.read32(o) : l.width === 16 ? io.read16(o) : io.read8(o);
  const x = compose(l, ((r & l.keep) | l.modifyBase) >>> 0, values);
  if (l.width === 32) io.write32(o, x);
  else if (l.width === 16) io.write16(o, x);
  else io.write8(o, x);
}

test('generated modify routines make the bus accesses and values the generic modify makes', () => {
  const ls = [...layouts(regs)].filter((l) => l.modify !== undefined);
  assert.ok(ls.length >= 5, `found ${ls.length} layouts with a modify routine`);
  for (const l of ls) {
    assert.is(l.readEffect, false, `${l.name}: no modify routine for a register whose read has side effects`);
    for (let k = 0; k < 100; k++) {
      const values: Record<string, unknown> = {};
      for (const f of l.list) {
        if (!f.writable || rand() % 3 === 0) continue;
        const max = f.width >= 32 ? 0xffffffff : 2 ** f.width - 1;
        values[f.name] = f.width === 1 ? rand() % 2 === 0 : f.values !== undefined && rand() % 2 === 0 ? 0 : rand() % (max + 1);
      }
      const before = rand() & (l.width === 32 ? 0xffffffff : 2 ** l.width - 1);
      const a = RecordingMmio.over(16);
      const b = RecordingMmio.over(16);
      for (const io of [a, b]) l.width === 32 ? io.inner.write32(4, before >>> 0) : l.width === 16 ? io.inner.write16(4, before) : io.inner.write8(4, before);
      l.modify!(a, 4, values, l);
      genericModify(b, 4, l, values);
      assert.equal(a.take(), b.take(), `${l.name} over 0x${(before >>> 0).toString(16)}: ${JSON.stringify(values)}`);
    }
  }
});

test('a modify routine refuses what compose() refuses, before writing', () => {
  const l = (regs.ctrl as unknown as { layout: RegisterLayout }).layout;
  for (const [values, msg] of [
    [{ mode: 'fast' }, /ctrl\.mode: unknown value name 'fast'/],
    [{ mode: 4 }, /ctrl\.mode: 4 is not a 2-bit unsigned value/],
    [{ id: 1 }, /ctrl\.id is not writable/],
  ] as const) {
    const io = RecordingMmio.over(16);
    assert.throws(() => l.modify!(io, 0, values, l), msg);
    assert.equal(io.take().filter((a) => a.startsWith('w')), []);
  }
});

test('registers with the same field shapes and masks share one modify routine', () => {
  const text = readFileSync(path.join(goldenDir, 'demo.ts'), 'utf8');
  const defined = [...text.matchAll(/^function (modify\w+)\(/gm)].map((x) => x[1]!);
  const used = [...text.matchAll(/modify: (modify\w+)[,\s}]/g)].map((x) => x[1]!);
  assert.equal(new Set(defined).size, defined.length);
  assert.ok(used.length >= defined.length && defined.length > 0, `${used.length} layouts, ${defined.length} modify routines`);
  for (const u of used) assert.ok(defined.includes(u), u);
});

test.run();
