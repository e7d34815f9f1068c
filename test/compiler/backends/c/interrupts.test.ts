// Every interrupt helper of every spec (enable, disable, pending, read_and_ack, ack, test, mask, unmask, masked), compiled
// with gcc and run over a recorded region (recorder.c: every load and store, in order, with the value
// stored), makes exactly the accesses the IR implies: which registers, read or write, the value of
// each write, and the cause set returned. The expectations below come from the IR (causes, masks,
// ops) only — never from the generated text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cBackend } from '../../../../compiler/backends/c/index.js';
import type { IrCause, IrDevice, IrFieldRef, IrInterruptGroup, IrNode, IrRegister } from '../../../../compiler/ir/ir.js';
import { cSpecs, irOf, options, root, tempDir } from './emit.js';

const PAGE = 4096;
const ones = (w: number): bigint => (1n << BigInt(w)) - 1n;
const maskOf = (ref: IrFieldRef): bigint => ones(ref.bits) << BigInt(ref.lsb);

/** The register a reference names (through block instances). */
function registerOf(d: IrDevice, ref: { bar: number; path: readonly string[] }): IrRegister {
  let nodes: readonly IrNode[] = d.bars.find((b) => b.index === ref.bar)!.nodes;
  for (const [i, name] of ref.path.entries()) {
    const n = nodes.find((x) => x.name === name)!;
    if (n.kind === 'register' && i === ref.path.length - 1) return n;
    assert.ok(n.kind === 'block', `${ref.path.join('.')}: no register`);
    nodes = d.blockTypes.find((t) => t.name === (n as { type: string }).type)!.nodes;
  }
  throw new Error(`no register at ${ref.path.join('.')}`);
}

/** Every BAR at a page-aligned start in one region. */
function barStarts(d: IrDevice): { start: Map<number, number>; size: number } {
  const start = new Map<number, number>();
  let at = 0;
  for (const b of d.bars) {
    start.set(b.index, at);
    at += Math.ceil(b.size / PAGE) * PAGE;
  }
  return { start, size: at };
}

/** Region contents: a byte pattern or its complement, so no mask can be confused with another. */
const preset = (k: number, flip: boolean): number => ((k * 37 + 0x5a) & 0xff) ^ (flip ? 0xff : 0);

type Access = { kind: 'r'; off: number } | { kind: 'w'; off: number; value: bigint; width: number };

/** A little model of the region: reads and writes registers and logs each access. */
class Model {
  readonly log: Access[] = [];
  private readonly mem = new Map<number, bigint>(); // register start → value after a write
  constructor(
    private readonly flip: boolean,
    private readonly start: Map<number, number>,
  ) {}
  private at(ref: { bar: number; offset: number }): number {
    return this.start.get(ref.bar)! + ref.offset;
  }
  private value(off: number, width: number): bigint {
    const w = this.mem.get(off);
    if (w !== undefined) return w;
    let v = 0n;
    for (let i = width / 8 - 1; i >= 0; i--) v = (v << 8n) | BigInt(preset(off + i, this.flip));
    return v;
  }
  read(ref: { bar: number; offset: number; width: number }): bigint {
    const off = this.at(ref);
    this.log.push({ kind: 'r', off });
    return this.value(off, ref.width);
  }
  write(ref: { bar: number; offset: number; width: number }, v: bigint): void {
    const off = this.at(ref);
    this.mem.set(off, v & ones(ref.width));
    this.log.push({ kind: 'w', off, value: v & ones(ref.width), width: ref.width });
  }
  /** Peek without logging (for the cause-set a read-free helper cannot change). */
  peek(ref: { bar: number; offset: number; width: number }): bigint {
    return this.value(this.at(ref), ref.width);
  }
}

type Op = 'set' | 'clear' | 'ones' | 'zeros';

/**
 * The IR's ways to touch one register with some bits: set/clear are the safe modify of the "Safe
 * writes" formulas; ones/zeros write 1/0 to the bits, read-free from ackBase when keep is 0, else
 * through the same modify.
 */
function touch(m: Model, r: IrRegister, ref: IrFieldRef, op: Op, bits: bigint): void {
  const keep = BigInt(r.masks.keep);
  const modifyBase = BigInt(r.masks.modifyBase);
  const ackBase = BigInt(r.masks.ackBase);
  if ((op === 'ones' || op === 'zeros') && keep === 0n) {
    m.write(ref, op === 'ones' ? ackBase | bits : ackBase & ~bits);
    return;
  }
  const kept = (m.read(ref) & keep) | modifyBase;
  m.write(ref, op === 'set' || op === 'ones' ? kept | bits : kept & ~bits);
}

/** Each register's bits from the chosen causes, in the order the causes first name the register. */
function perRegister(g: IrInterruptGroup, set: number, pick: (c: IrCause) => [IrFieldRef, Op] | undefined): { ref: IrFieldRef; op: Op; bits: bigint }[] {
  const out: { ref: IrFieldRef; op: Op; bits: bigint }[] = [];
  g.causes.forEach((c, i) => {
    const p = pick(c);
    if (p === undefined) return;
    const [ref, op] = p;
    let e = out.find((x) => x.ref.bar === ref.bar && x.ref.offset === ref.offset && x.op === op);
    if (e === undefined) out.push((e = { ref, op, bits: 0n }));
    if ((set >> i) & 1) e.bits |= maskOf(ref);
  });
  return out.filter((e) => e.bits !== 0n);
}

const readableField = (r: IrRegister, field: string): boolean => {
  const f = r.fields.find((x) => x.name === field)!;
  return r.ops.read && !r.ops.readHasSideEffect && (f.sw === 'r' || f.sw === 'rw');
};

interface Expect {
  readonly fn: string;
  /** Argument: a cause set, or none for pending/read_and_ack. */
  readonly set?: number;
  readonly flip: boolean;
  readonly accesses: Access[];
  readonly returns?: number;
}

/** What each helper must do for one cause set over one preset. */
function expectations(d: IrDevice, g: IrInterruptGroup, G: string, start: Map<number, number>, set: number, flip: boolean): Expect[] {
  const fn = (op: string): string => `${G}_${op}`.toLowerCase();
  const out: Expect[] = [];
  const reg = (ref: IrFieldRef): IrRegister => registerOf(d, ref);
  const run = (op: string, items: { ref: IrFieldRef; op: Op; bits: bigint }[]): void => {
    const m = new Model(flip, start);
    for (const it of items) touch(m, reg(it.ref), it.ref, it.op, it.bits);
    out.push({ fn: fn(op), set, flip, accesses: m.log });
  };
  const c0 = g.causes;
  if (c0.some((c) => c.enable.kind !== 'none')) {
    run('enable', perRegister(g, set, (c) => (c.enable.kind === 'field' ? [c.enable.ref, 'set'] : c.enable.kind === 'setClear' ? [c.enable.set, 'ones'] : undefined)));
    run('disable', perRegister(g, set, (c) => (c.enable.kind === 'field' ? [c.enable.ref, 'clear'] : c.enable.kind === 'setClear' ? [c.enable.clear, 'ones'] : undefined)));
  }
  if (c0.some((c) => c.ack.kind === 'w1c' || c.ack.kind === 'w0c' || c.ack.kind === 'write')) {
    run('ack', perRegister(g, set, (c) => (c.ack.kind === 'w1c' || c.ack.kind === 'write' ? [c.ack.ref, 'ones'] : c.ack.kind === 'w0c' ? [c.ack.ref, 'zeros'] : undefined)));
  }
  if (c0.some((c) => c.test !== undefined)) run('test', perRegister(g, set, (c) => (c.test ? [c.test, 'ones'] : undefined)));
  return out;
}

/** pending (status reads without side effects) and read_and_ack (the others) over one preset. */
function readExpectations(d: IrDevice, g: IrInterruptGroup, G: string, start: Map<number, number>, flip: boolean): Expect[] {
  const out: Expect[] = [];
  const loud = (c: IrCause): boolean => registerOf(d, c.status!).ops.readHasSideEffect;
  for (const [op, which] of [['pending', false], ['read_and_ack', true]] as const) {
    // A cause without a status register (the vector is the cause) is never read.
    const causes = g.causes.map((c, i) => ({ c, i })).filter(({ c }) => c.status !== undefined && loud(c) === which);
    if (causes.length === 0) continue;
    const m = new Model(flip, start);
    const seen = new Map<string, bigint>();
    const readOnce = (ref: IrFieldRef): bigint => {
      const k = `${ref.bar}:${ref.offset}`;
      if (!seen.has(k)) seen.set(k, m.read(ref));
      return seen.get(k)!;
    };
    const values = causes.map(({ c, i }) => {
      const st = readOnce(c.status!);
      const e = c.enable.kind === 'field' ? c.enable.ref : c.enable.kind === 'setClear' ? c.enable.set : undefined;
      const en = e !== undefined && readableField(registerOf(d, e), e.field) ? readOnce(e) : undefined;
      return { i, on: (st & maskOf(c.status!)) !== 0n && (en === undefined || (en & maskOf(e!)) !== 0n) };
    });
    const returns = values.reduce((s, { i, on }) => (on ? s | (1 << i) : s), 0) >>> 0;
    out.push({ fn: `${G}_${op}`.toLowerCase(), flip, accesses: m.log, returns });
  }
  return out;
}

/**
 * mask/unmask (one write of the vector's bit to the w1s/w1c register, from its ackBase: no read) and
 * masked (one read of the set register, returned), for a few vectors.
 */
function maskExpectations(d: IrDevice, g: IrInterruptGroup, G: string, start: Map<number, number>, flip: boolean): Expect[] {
  const mask = g.mask;
  if (!mask) return [];
  const out: Expect[] = [];
  for (const [op, ref] of [['mask', mask.set], ['unmask', mask.clear]] as const) {
    for (const v of [0, 1, ref.bits - 1]) {
      const m = new Model(flip, start);
      m.write(ref, BigInt(registerOf(d, ref).masks.ackBase) | (1n << BigInt(ref.lsb + v)));
      out.push({ fn: `${G}_${op}`.toLowerCase(), set: v, flip, accesses: m.log });
    }
  }
  const m = new Model(flip, start);
  const value = m.read(mask.set);
  out.push({ fn: `${G}_masked`.toLowerCase(), flip, accesses: m.log, returns: Number(value) });
  return out;
}

/** Accesses grouped per address, in order: which registers are touched, and how, is what counts. */
function byAddress(log: readonly Access[]): string {
  const m = new Map<number, string[]>();
  for (const a of log) m.set(a.off, [...(m.get(a.off) ?? []), a.kind === 'r' ? 'r' : `w ${a.value.toString(16)}`]);
  return [...m.entries()]
    .sort(([x], [y]) => x - y)
    .map(([off, l]) => `@${off.toString(16)}: ${l.join(', ')}`)
    .join('\n');
}

function program(header: string, size: number, bases: string, cases: readonly Expect[]): string {
  const lines = [`#include "recorder.c"`, `#include "${header}"`, 'static void fill(uint8_t *b, size_t n, int flip) { for (size_t k = 0; k < n; k++) b[k] = (uint8_t)(((k * 37u + 0x5au) & 0xffu) ^ (flip ? 0xffu : 0u)); }', 'int main(void) {', `  uint8_t *region = rec_init(${size});`];
  for (const c of cases) {
    const call = `${c.fn}(${bases}${c.set === undefined ? '' : `, ${c.set}u`})`;
    lines.push(`  fill(region, ${size}, ${c.flip ? 1 : 0});`, '  rec_begin();');
    if (c.returns === undefined) lines.push(`  ${call};`, '  rec_end();');
    else lines.push(`  { unsigned long long got = (unsigned long long)${call}; rec_end(); printf("= %llx\\n", got); }`);
    lines.push('  printf(".\\n");');
  }
  lines.push('  return 0;', '}', '');
  return lines.join('\n');
}

/** Cause sets worth running: each cause alone, every other cause, and all. */
function sets(n: number): number[] {
  const all = n === 32 ? 0xffffffff : 2 ** n - 1;
  let alt = 0;
  for (let i = 0; i < n; i += 2) alt |= 1 << i;
  return [...new Set([...Array.from({ length: n }, (_, i) => (1 << i) >>> 0), alt >>> 0, all])];
}

for (const spec of cSpecs()) {
  test(`C interrupt helpers make the IR's accesses: ${spec}`, async () => {
    const ir = await irOf(spec);
    const files = await cBackend.emit(ir, options(spec));
    const dir = tempDir('c-irq');
    try {
      copyFileSync(path.join(root, 'test/compiler/backends/c/recorder.c'), path.join(dir, 'recorder.c'));
      for (const [n, f] of files.entries()) {
        const d = ir.devices[n]!;
        const groups = d.interrupts.filter((g) => g.causes.length > 0 && g.causes.length <= 32);
        if (groups.length === 0) continue;
        const text = String(f.contents);
        writeFileSync(path.join(dir, f.path), text);
        const { start, size } = barStarts(d);
        for (const g of groups) {
          // The group's identifiers are <DEVICE>_<GROUP>, or <DEVICE>_<GROUP>_<n> when a register's took that.
          const G = new RegExp(`^#define (${`${d.name}_${g.name}`.toUpperCase()}(?:_\\d+)?)_${g.causes[0]!.name.toUpperCase()}_CAUSE `, 'm').exec(text)?.[1];
          assert.ok(G !== undefined, `${g.name}: cause defines`);
          // Every cause's bit in a cause set is 1 << its index.
          g.causes.forEach((c, i) => assert.match(text, new RegExp(`^#define ${G}_${c.name.toUpperCase()}_CAUSE +0x${(2 ** i).toString(16)}u `, 'm')));
          const bars = [...new Set(g.causes.flatMap((c) => [g.mask?.set, c.status, c.enable.kind === 'field' ? c.enable.ref : undefined, c.enable.kind === 'setClear' ? c.enable.set : undefined, c.enable.kind === 'setClear' ? c.enable.clear : undefined, c.ack.kind !== 'none' ? c.ack.ref : undefined, c.test].filter((r) => r !== undefined).map((r) => r.bar)))].sort();
          const bases = bars.map((b) => `region + ${start.get(b)!}`).join(', ');
          const cases: Expect[] = [];
          for (const flip of [false, true]) {
            for (const set of sets(g.causes.length)) cases.push(...expectations(d, g, G, start, set, flip));
            cases.push(...readExpectations(d, g, G, start, flip));
            cases.push(...maskExpectations(d, g, G, start, flip));
          }
          // Exactly the helpers the IR implies exist; no others under the group's name.
          const want = [...new Set(cases.map((c) => c.fn))].sort();
          const prefix = `${G}_`.toLowerCase();
          const ops = ['enable', 'disable', 'pending', 'read_and_ack', 'ack', 'test', 'mask', 'unmask', 'masked'];
          const have = [...text.matchAll(/^static inline \w+ (\w+)\(/gm)].map((m) => m[1]!).filter((x) => x.startsWith(prefix) && ops.includes(x.slice(prefix.length))).sort();
          assert.equal(have, want, `${g.name}: helpers`);

          const src = path.join(dir, `irq_${d.name}_${g.name}.c`);
          const exe = src.slice(0, -2);
          writeFileSync(src, program(f.path, size, bases, cases));
          const cc = spawnSync('gcc', ['-std=c11', '-O1', '-Wall', '-Wextra', '-Werror', '-I', dir, '-o', exe, src], { encoding: 'utf8' });
          assert.is(cc.status, 0, `gcc failed:\n${cc.stderr}`);
          const run = spawnSync(exe, [], { encoding: 'utf8' });
          assert.is(run.status, 0, run.stderr);
          const blocks = run.stdout.split('.\n').slice(0, -1);
          assert.is(blocks.length, cases.length);
          cases.forEach((c, i) => {
            const lines = blocks[i]!.split('\n').filter((l) => l !== '');
            const got: Access[] = [];
            let returned: number | undefined;
            for (const l of lines) {
              const [k, a, b] = l.split(' ');
              if (k === '=') returned = Number.parseInt(a!, 16);
              else if (k === 'r') got.push({ kind: 'r', off: Number.parseInt(a!, 16) });
              else {
                const off = Number.parseInt(a!, 16);
                const width = c.accesses.flatMap((x) => (x.off === off && x.kind === 'w' ? [x.width] : []))[0] ?? 64;
                got.push({ kind: 'w', off, value: BigInt(`0x${b}`) & ones(width), width });
              }
            }
            const label = `${c.fn}(${c.set === undefined ? '' : `0x${c.set.toString(16)}`}) over ${c.flip ? 'the complement' : 'the pattern'}`;
            assert.is(byAddress(got), byAddress(c.accesses), label);
            assert.is(got.length, c.accesses.length, `${label}: number of accesses`);
            if (c.returns !== undefined) assert.is(returned, c.returns, `${label}: returned cause set`);
          });
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('pending never reads a status register that clears on read; read_and_ack is the one that does', async () => {
  for (const [spec, fn, reads] of [
    ['specs/e1000e.regs', 'e1000e_main', 'e1000e_icr_read_clears'],
    ['specs/ivshmem.regs', 'ivshmem_doorbell', 'ivshmem_intr_status_read_clears'],
  ] as const) {
    const [f] = await cBackend.emit(await irOf(spec), options(spec));
    const text = String(f!.contents);
    assert.not.match(text, new RegExp(`static inline uint32_t ${fn}_pending\\(`));
    const body = text.slice(text.indexOf(`${fn}_read_and_ack(volatile`), text.indexOf('\n}\n', text.indexOf(`${fn}_read_and_ack(volatile`)));
    assert.ok(body.includes(`${reads}(base)`), body);
  }
});

test.run();
