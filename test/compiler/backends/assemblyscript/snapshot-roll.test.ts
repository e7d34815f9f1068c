// A BAR of more than ROLL_MIN_SITES registers outside arrays: snapshot$/restore$ roll repeating runs
// into loops (snapshot.ts). The rolled routines must do what the straight-line ones do: snapshot copies
// exactly the readable registers without a read side effect, restore writes (stored & keep) |
// modifyBase to exactly the modifiable ones, each once. Expectations come from the IR, run on a plain
// wasm memory standing in for the window (BAR 0 at WINDOW_RESERVED).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../../compiler/compile.js';
import { ROLL_MIN_SITES } from '../../../../compiler/backends/assemblyscript/snapshot.js';
import { WINDOW_RESERVED } from '../../../../compiler/backends/assemblyscript/index.js';
import type { IrRegister } from '../../../../compiler/ir/ir.js';

const BLOCKS = Math.ceil((ROLL_MIN_SITES + 300) / 100);

/**
 * Blocks of 100 registers cycling through 3 field shapes, an rc register and a wo one in each. `reset`
 * gives register r's reset value: by shape (restore repeats within a block too), or distinct for every
 * register of a block (the bench's specDistinct: only the blocks repeat, so restore rolls as a loop over
 * blocks around one block's accesses).
 */
function spec(reset: (r: number) => number): string {
  const shapes = [
    'field irq [1] w1c; field st [8] ro; field cnt [31:16] ro;',
    'field go [0] pulse; field mode [3:1] enum { a = 0, b = 1, c = 2 }; field val [31:16];',
    'field en [0]; field mode [3:1]; field st [8] ro; field val [31:16];',
  ];
  const out: string[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    out.push(`block blk${b} {`);
    for (let r = 0; r < 98; r++) out.push(`  register r${r} @ 0x${(r * 4).toString(16)} : 32 rw reset 0x${reset(r).toString(16)} { ${shapes[r % 3]} }`);
    out.push('  register icr @ 0x188 : 32 rc { field cause [7:0]; }', '  register bell @ 0x18c : 32 wo;', '}');
  }
  out.push('device big {', '  bar 0 regs mmio size 0x10000 {');
  for (let b = 0; b < BLOCKS; b++) out.push(`    block b${b} @ 0x${(b * 0x400).toString(16)} : blk${b};`);
  out.push('  }', '}');
  return out.join('\n') + '\n';
}

interface Big {
  readonly source: string;
  readonly wasm: Uint8Array;
  readonly regs: { offset: number; reg: IrRegister }[];
}

async function big(text: string): Promise<Big> {
  const c = await compile({ text, file: 'roll.regs' }, { emit: ['wasm'] });
  if (!c.ok) throw new Error(c.format());
  const source = c.files.find((f) => f.path === 'big.as.ts')!.contents as string;
  const wasm = c.files.find((f) => f.path === 'big.wasm')!.contents as Uint8Array;
  const regs: { offset: number; reg: IrRegister }[] = [];
  const bar = c.ir!.devices[0]!.bars[0]!;
  for (const n of bar.nodes) {
    if (n.kind !== 'block') continue;
    const type = c.ir!.devices[0]!.blockTypes.find((t) => t.name === n.type)!;
    for (const r of type.nodes) if (r.kind === 'register') regs.push({ offset: n.offset + r.offset, reg: r });
  }
  return { source, wasm, regs };
}

const cases: [string, Big][] = [
  ['reset by shape', await big(spec((r) => (r % 3) * 7))],
  ['a distinct reset per register (only blocks repeat)', await big(spec((r) => r * 7))],
];
const routine = (source: string, name: string): string => source.slice(source.indexOf(`export function ${name}`), source.indexOf('\n}\n', source.indexOf(`export function ${name}`)));

for (const [what, { source, regs }] of cases) {
  test(`${what}: the big BAR is rolled into loops, in both routines`, () => {
    for (const name of ['snapshot$regs', 'restore$regs']) {
      const body = routine(source, name);
      assert.ok(/for \(r = 0; r < 0x[0-9a-f]+; r \+= 0x[0-9a-f]+\)/.test(body), `${name} has a rolled loop`);
      // Far fewer statements than registers: code proportional to the shapes, not to every register.
      assert.ok(body.split('\n').length < regs.length / 4, `${name}: ${body.split('\n').length} lines`);
    }
  });
}

test('a distinct reset per register: restore$ is one loop over the blocks, the snapshot$ unit rolled again inside', () => {
  const { source, regs } = cases[1]![1];
  const restore = routine(source, 'restore$regs');
  assert.match(restore, `for (r = 0; r < 0x${(BLOCKS * 0x400).toString(16)}; r += 0x400)`);
  // One block's modifiable registers (the 98 rw ones), each once.
  assert.is(restore.split('\n').filter((l) => l.includes('BAR0 + r, ')).length, regs.filter((r) => r.reg.ops.modify).length / BLOCKS);
  assert.match(routine(source, 'snapshot$regs'), /for \(r1 = 0; r1 < 0x[0-9a-f]+; r1 \+= 0x4\)/);
});

for (const [what, { wasm, regs }] of cases) {
  test(`${what}: rolled snapshot$ and restore$ touch exactly the registers the IR says, with the IR masks`, () => {
    const memory = new WebAssembly.Memory({ initial: 4 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(wasm)), { env: { memory } });
    const ex = instance.exports as Record<string, (...a: number[]) => number>;
    const u32 = new Uint32Array(memory.buffer);
    const BAR = WINDOW_RESERVED / 4;
    const BUF = (WINDOW_RESERVED + 0x10000) / 4; // right after the BAR
    for (let i = 0; i < 0x10000 / 4; i++) u32[BAR + i] = (Math.imul(i + 1, 0x9e3779b1) >>> 0) | 1;
    const device = Uint32Array.from(u32.subarray(BAR, BAR + 0x10000 / 4));
    u32.fill(0, BUF, BUF + 0x10000 / 4);
    const readable = regs.filter((r) => r.reg.ops.read && !r.reg.ops.readHasSideEffect);
    assert.is(ex['snapshot$regs']!(BUF * 4), readable.length);
    const copied = new Set(readable.map((r) => r.offset / 4));
    for (let i = 0; i < 0x10000 / 4; i++) assert.is(u32[BUF + i], copied.has(i) ? device[i] : 0, `buffer word ${i}`);

    u32.fill(0, BAR, BAR + 0x10000 / 4);
    const modifiable = regs.filter((r) => r.reg.ops.modify);
    assert.is(ex['restore$regs']!(BUF * 4), modifiable.length);
    const want = new Map(modifiable.map((r) => [r.offset / 4, Number((BigInt(u32[BUF + r.offset / 4]!) & BigInt(r.reg.masks.keep)) | BigInt(r.reg.masks.modifyBase))]));
    for (let i = 0; i < 0x10000 / 4; i++) assert.is(u32[BAR + i], want.get(i) ?? 0, `BAR word ${i}`);
  });
}

/** 12 blocks of 30 × (16-bit, 8-bit, split 64-bit, 64-bit) registers: every width rolled, 1,440 registers. */
function mixedSpec(): string {
  const out: string[] = [];
  for (let b = 0; b < 12; b++) {
    out.push(`block blk${b} {`);
    for (let r = 0, off = 0; r < 30; r++, off += 0x18) {
      out.push(
        `  register a${r} @ 0x${off.toString(16)} : 16 rw reset 0x3 { field x [3:0]; field y [15:8] ro; }`,
        `  register b${r} @ 0x${(off + 2).toString(16)} : 8 rw { field z [0] w1c; field q [7:4]; }`,
        `  register c${r} @ 0x${(off + 8).toString(16)} : 64 rw split lo_hi { field lo [31:0]; field hi [63:40]; }`,
        `  register d${r} @ 0x${(off + 16).toString(16)} : 64 rw { field v [62:0]; }`,
      );
    }
    out.push('}');
  }
  out.push('device mix {', '  bar 0 regs mmio size 0x4000 {', ...Array.from({ length: 12 }, (_, b) => `    block b${b} @ 0x${(b * 0x400).toString(16)} : blk${b};`), '  }', '}');
  return out.join('\n') + '\n';
}

test('every width rolled (8, 16, 64, split 64): the same bytes as the IR says', async () => {
  const m = await compile({ text: mixedSpec(), file: 'mix.regs' }, { emit: ['wasm'] });
  assert.ok(m.ok, m.format());
  const src = m.files.find((f) => f.path === 'mix.as.ts')!.contents as string;
  assert.ok(/vwrite64\$lo_hi\(BAR0 \+ r( \+ r\d+)* \+ 0x8/.test(src), 'the split register is in a rolled loop');
  const device = m.ir!.devices[0]!;
  const sites: { offset: number; reg: IrRegister }[] = [];
  for (const n of device.bars[0]!.nodes) {
    if (n.kind !== 'block') continue;
    for (const r of device.blockTypes.find((t) => t.name === n.type)!.nodes) if (r.kind === 'register') sites.push({ offset: n.offset + r.offset, reg: r });
  }
  const memory = new WebAssembly.Memory({ initial: 2 });
  const ex = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(m.files.find((f) => f.path === 'mix.wasm')!.contents as Uint8Array)), { env: { memory } }).exports as Record<string, (a: number) => number>;
  const bytes = new Uint8Array(memory.buffer);
  const BAR = WINDOW_RESERVED;
  const BUF = WINDOW_RESERVED + 0x4000;
  for (let i = 0; i < 0x4000; i++) bytes[BAR + i] = (i * 37 + 11) & 0xff;
  const device0 = bytes.slice(BAR, BAR + 0x4000);
  const get = (at: number, w: number): bigint => { let v = 0n; for (let k = w / 8 - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[at + k]!); return v; };
  assert.is(ex['snapshot$regs']!(BUF), sites.length);
  const want = new Uint8Array(0x4000);
  for (const s of sites) want.set(device0.subarray(s.offset, s.offset + s.reg.width / 8), s.offset);
  assert.equal(bytes.slice(BUF, BUF + 0x4000), want);
  bytes.fill(0, BAR, BAR + 0x4000);
  assert.is(ex['restore$regs']!(BUF), sites.length);
  for (const s of sites) {
    const v = (get(BUF + s.offset, s.reg.width) & BigInt(s.reg.masks.keep)) | BigInt(s.reg.masks.modifyBase);
    assert.is(get(BAR + s.offset, s.reg.width), v, `${s.reg.name} @ ${s.offset}`);
  }
  // Nothing between the registers was written.
  const covered = new Set(sites.flatMap((s) => Array.from({ length: s.reg.width / 8 }, (_, k) => s.offset + k)));
  for (let i = 0; i < 0x4000; i++) if (!covered.has(i)) assert.is(bytes[BAR + i], 0, `byte ${i}`);
});

test.run();
