// Two back ends of one spec must not differ: the same submit/reap sequence on NVMe's SQ/CQ pair, run
// through the generated TypeScript rings (SqRing/CqRing over tracing Mmios) and through the generated
// wasm routines (submit$sq$VARIANT/reap$cq, built over a tracing core, test/fixtures/wasm/traced-core.ts),
// gives the same bus trace: every ring and doorbell access in order, same offsets, widths and values, and
// the fences in the same places. DSTRD 2 (a 16-byte doorbell stride bound at run time) and queue pair 1.
// The SQ entry has variants (one per command: its CDW10-15), so batches of different variants go into
// the same slots: TypeScript `sq.variants.identify.publish(…)` / `sq.variants.rw.submit(n, fill)`,
// wasm `submit$sq$identify` / `submit$sq$rw`. The batch routines (entries built from field columns,
// completions copied into word columns) too: SqRing.submitBatch / CqRing.reapBatch, submitBatch$sq$… / reapBatch$cq.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { compile } from '../../../../compiler/compile.js';
import { buildWasm, deviceRoutines, emitModule, windowLayout } from '../../../../compiler/backends/assemblyscript/index.js';
import { coreSources, CORE_DIR } from '../../../../compiler/backends/assemblyscript/core.js';
import type { Mmio } from '../../../../runtime/registers/mmio.js';
import { ViewMmio } from '../../../../runtime/mappings/view-mmio.js';
import { CqeWords, CqRing, NvmeRegs, SqeRawFields, SqeRwFields, SqRing } from '../../../../generated/nvme/nvme.js';
import { TRACED_FENCE, TRACED_VOLATILE } from '../../../fixtures/wasm/traced-core.js';

type Event = string; // "w32 bar+0x1010 = 0x3", "r32 cq+0x1c = 0x10001", "fence"

const DEPTH = 8;
const QID = 1;
const STRIDE = 16; // 4 << DSTRD, DSTRD = 2
const SQ = 0x20000;
const STAGING = 0x21000;
const CQ = 0x22000;
const BATCH = 0x23000; // submit batch columns (8-aligned)
const WORDS = 0x24000; // reap batch columns

/** A little-endian Mmio over `bytes` that records every access as `region+offset`. */
class TracingMmio implements Mmio {
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly region: string,
    private readonly trace: Event[],
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get size(): number {
    return this.bytes.byteLength;
  }
  private log(op: string, at: number, v: number | bigint): void {
    this.trace.push(`${op} ${this.region}+0x${at.toString(16)} = 0x${v.toString(16)}`);
  }
  read8(o: number): number { const v = this.view.getUint8(o); this.log('r8', o, v); return v; }
  read16(o: number): number { const v = this.view.getUint16(o, true); this.log('r16', o, v); return v; }
  read32(o: number): number { const v = this.view.getUint32(o, true); this.log('r32', o, v); return v; }
  read64(o: number): bigint { const v = this.view.getBigUint64(o, true); this.log('r64', o, v); return v; }
  write8(o: number, v: number): void { this.log('w8', o, v); this.view.setUint8(o, v); }
  write16(o: number, v: number): void { this.log('w16', o, v); this.view.setUint16(o, v, true); }
  write32(o: number, v: number): void { this.log('w32', o, v >>> 0); this.view.setUint32(o, v, true); }
  write64(o: number, v: bigint): void { this.log('w64', o, v); this.view.setBigUint64(o, v, true); }
  fence(): void { this.trace.push('fence'); }
}

type Variants = SqRing['variants'];
type Variant = keyof Variants;
type Values<K extends Variant> = Parameters<Variants[K]['publish']>[0][number];

/** The entries both back ends submit, per variant: every word set, so a missed or reordered word shows. */
function entry<K extends Variant>(variant: K, k: number): Values<K> {
  const common = { cdw0: 0x02 | (k << 16), nsid: 1, cdw2: 0x200 + k, cdw3: 0x300 + k, mptr: 0x4000n + BigInt(k), prp1: 0x1_0000_0000n + BigInt(k) * 0x1000n, prp2: 0x2000n * BigInt(k) };
  const own: Record<Variant, object> = {
    raw: { cdw10: k, cdw11: 0, cdw12: 7, cdw13: 0, cdw14: 0xe0 + k, cdw15: 0xf0 + k },
    identify: { cdw10: { cns: 1, cntid: k }, cdw11: { nvmsetid: 3 }, cdw12: 0x12, cdw13: 0x13, cdw14: { uuid_index: 5 }, cdw15: 0x15 },
    features: { cdw10: { fid: 7, sv: true }, cdw11: { nsqr: k, ncqr: k + 1 }, cdw12: 1, cdw13: 2, cdw14: 3, cdw15: 4 },
    create_io_cq: { cdw10: { qid: 1, qsize: 7 }, cdw11: { pc: true, ien: true, iv: 1 }, cdw12: 0, cdw13: 0, cdw14: 0, cdw15: 0xc0 },
    create_io_sq: { cdw10: { qid: 1, qsize: 7 }, cdw11: { pc: true, qprio: 2, cqid: 1 }, cdw12: { nvmsetid: 1 }, cdw13: 0, cdw14: 0, cdw15: 0x50 },
    delete_io_queue: { cdw10: { qid: 1 }, cdw11: 1, cdw12: 2, cdw13: 3, cdw14: 4, cdw15: 5 },
    rw: { slba: 0x1_0000_0000n + BigInt(k), cdw12: { nlb: 7, fua: true }, cdw13: { dsm: 1 }, cdw14: 0xe0 + k, cdw15: { elbat: k, elbatm: 0xffff } },
  };
  return { ...common, ...own[variant] } as Values<K>;
}

/** The same entry in a staging table (the wasm side's input), through the variant's generated view over plain (untraced) memory. */
function stage<K extends Variant>(sq: SqRing, bytes: Uint8Array, variant: K, v: Values<K>): void {
  const View = sq.variants[variant].type as unknown as new (io: ViewMmio, base: number) => { publish(x: Values<K>): void };
  bytes.fill(0);
  new View(new ViewMmio(bytes, 'staging'), 0).publish(v);
}

/** The controller's side (not traced): completions for `n` commands from CQ slot `from`, phase tags per pass. */
function complete(cq: DataView, from: number, n: number, firstCid: number): void {
  for (let k = 0; k < n; k++) {
    const slot = (from + k) % DEPTH;
    const phase = Math.floor((from + k) / DEPTH) % 2 === 0 ? 1 : 0;
    cq.setUint32(slot * 16 + 8, ((QID << 16) | ((from + k + 1) % DEPTH)) >>> 0, true);
    cq.setUint32(slot * 16 + 12, ((phase << 16) | (firstCid + k)) >>> 0, true);
  }
}

/**
 * The sequence: 3 submitted and reaped; 6 more across the wrap, reaped; one reap with nothing new —
 * each batch one variant (`fill`: the Read/Write hot path writing each slot through its view).
 */
type Step = { submit: number; variant: Variant; fill?: true } | { complete: number; from: number; cid: number } | { reap: true };
const steps: readonly Step[] = [
  { submit: 3, variant: 'raw' }, { complete: 3, from: 0, cid: 0 }, { reap: true },
  { submit: 6, variant: 'raw' }, { complete: 6, from: 3, cid: 3 }, { reap: true }, { reap: true },
];
/** Admin commands of every variant one batch each, then the I/O hot path, around the ring twice. */
const variantSteps: readonly Step[] = [
  { submit: 1, variant: 'identify' }, { submit: 1, variant: 'features' }, { submit: 2, variant: 'create_io_cq' },
  { complete: 4, from: 0, cid: 0 }, { reap: true },
  { submit: 1, variant: 'create_io_sq' }, { submit: 1, variant: 'delete_io_queue' }, { submit: 3, variant: 'rw' },
  { complete: 5, from: 4, cid: 4 }, { reap: true },
  { submit: 5, variant: 'rw', fill: true }, { submit: 2, variant: 'raw' }, { complete: 7, from: 9, cid: 9 }, { reap: true },
];

/** A BAR with CAP.MQES = 63. */
function capBar(): Uint8Array {
  const bar = new Uint8Array(0x4000);
  new DataView(bar.buffer).setBigUint64(0, 63n, true);
  return bar;
}

function tsTrace(steps: readonly Step[]): Event[] {
  const trace: Event[] = [];
  const bar = capBar(); // CAP's reads happen before the trace starts
  const cqBytes = new Uint8Array(DEPTH * 16);
  const regs = new NvmeRegs(new TracingMmio(bar, 'bar', trace), { doorbell: STRIDE });
  const sq = new SqRing(regs, QID, new TracingMmio(new Uint8Array(DEPTH * 64), 'sq', trace), DEPTH);
  const cq = new CqRing(regs, QID, new TracingMmio(cqBytes, 'cq', trace), DEPTH);
  trace.length = 0;
  let k = 0;
  for (const s of steps) {
    if ('submit' in s) {
      const base = k;
      if (s.fill) {
        // The hot path: each slot's Read/Write view written in place (word by word), one fence, one doorbell.
        sq.variants.rw.submit(s.submit, (e, i) => {
          const v = entry('rw', base + i);
          e.cdw0.write(v.cdw0 as number);
          e.nsid.write(v.nsid as number);
          e.cdw2.write(v.cdw2 as number);
          e.cdw3.write(v.cdw3 as number);
          e.mptr.write(v.mptr as bigint);
          e.prp1.write(v.prp1 as bigint);
          e.prp2.write(v.prp2 as bigint);
          e.slba.write(v.slba as bigint);
          e.cdw12.write(v.cdw12 as never);
          e.cdw13.write(v.cdw13 as never);
          e.cdw14.write(v.cdw14 as number);
          e.cdw15.write(v.cdw15 as never);
        });
      } else {
        const variant = sq.variants[s.variant] as unknown as { publish(entries: readonly unknown[]): number };
        variant.publish(Array.from({ length: s.submit }, (_, i) => entry(s.variant, base + i)));
      }
      k += s.submit;
    } else if ('complete' in s) complete(new DataView(cqBytes.buffer), s.from, s.complete, s.cid);
    else {
      cq.reap(DEPTH);
      sq.retire(sq.tail); // the CQEs' SQHD: every submitted entry consumed
    }
  }
  return trace;
}

/** The generated module built over the tracing core, with the doorbell stride bound: its exports and trace. */
async function tracedModule(): Promise<{ x: Record<string, (...a: number[]) => number>; memory: WebAssembly.Memory; trace: Event[] }> {
  const r = await compile({ path: path.join(process.cwd(), 'specs/nvme.regs') }, { emit: [] });
  assert.ok(r.ir, r.format());
  const device = r.ir!.devices[0]!;
  const entry0 = 'nvme.as.ts';
  const files = new Map<string, string>([[entry0, emitModule(device, { version: 'test', specName: 'nvme.regs' }, deviceRoutines(device))]]);
  for (const [name, text] of coreSources()) files.set(`${CORE_DIR}/${name}`, name === 'volatile.as.ts' ? TRACED_VOLATILE : name === 'fence.as.ts' ? TRACED_FENCE : text);
  const wasm = await buildWasm(files, entry0);
  const memory = new WebAssembly.Memory({ initial: 4, maximum: 4 });
  const barAt = windowLayout(device)[0]!.offset;
  const trace: Event[] = [];
  const region = (addr: number): string => {
    for (const [name, base, size] of [['bar', barAt, 0x4000], ['sq', SQ, DEPTH * 64], ['cq', CQ, DEPTH * 16]] as const) {
      if (addr >= base && addr < base + size) return `${name}+0x${(addr - base).toString(16)}`;
    }
    return `?0x${addr.toString(16)}`;
  };
  const access = (kind: number, addr: number, width: number, value: bigint): void => {
    if (kind === 2) trace.push('fence');
    else trace.push(`${kind === 0 ? 'r' : 'w'}${width} ${region(addr)} = 0x${BigInt.asUintN(64, value).toString(16)}`);
  };
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>), { env: { memory }, trace: { access } });
  const x = instance.exports as Record<string, (...a: number[]) => number>;
  x['bindStride$doorbell']!(STRIDE, Math.min(130, Math.floor((0x4000 - 0x1000 - 4) / STRIDE) + 1));
  return { x, memory, trace };
}

async function wasmTrace(steps: readonly Step[]): Promise<Event[]> {
  const { x, memory, trace } = await tracedModule();
  // The variants' view classes (staging is plain memory, not traced).
  const sq = new SqRing(new NvmeRegs(new ViewMmio(capBar(), 'bar'), { doorbell: STRIDE }), QID, new ViewMmio(new Uint8Array(DEPTH * 64), 'sq'), DEPTH);
  let tail = 0;
  let head = 0;
  let phase = 1;
  let k = 0;
  for (const s of steps) {
    if ('submit' in s) {
      for (let i = 0; i < s.submit; i++) stage(sq, new Uint8Array(memory.buffer, STAGING + i * 64, 64), s.variant, entry(s.variant, k + i));
      tail = x[`submit$sq$${s.variant}`]!(QID, SQ, DEPTH, tail, STAGING, s.submit) >>> 0;
      k += s.submit;
    } else if ('complete' in s) complete(new DataView(memory.buffer, CQ, DEPTH * 16), s.from, s.complete, s.cid);
    else {
      const n = x['reap$cq']!(QID, CQ, DEPTH, head, phase, DEPTH) >>> 0;
      if (head + n >= DEPTH) phase ^= 1;
      head = (head + n) % DEPTH;
    }
  }
  return trace;
}

/** Batch entry k of the batch path: every column set, some past their field's width (masked alike). */
function fill(f: SqeRawFields, at: number, k: number): void {
  f.opc[at] = 0x102; // 8-bit opc: 0x02 goes in, the 0x100 is masked off
  f.fuse[at] = k % 4;
  f.psdt[at] = 0;
  f.cid[at] = 0x10000 + k; // 16 bits: k
  f.nsid[at] = 1;
  f.cdw2[at] = 0x200 + k;
  f.cdw3[at] = 0xffff_ffff;
  f.mptr[at] = 0x4000 + k;
  f.prp1[at] = 0x1_0000_0000 + k * 0x1000;
  f.prp2[at] = 2 ** 53 - 1 - k; // the largest exact values
  f.cdw10[at] = 0x8000_0000 + k;
  f.cdw11[at] = k;
  f.cdw12[at] = 7;
  f.cdw13[at] = 0;
  f.cdw14[at] = 0xe0 + k;
  f.cdw15[at] = 0xf0 + k;
}

function tsBatchTrace(): Event[] {
  const trace: Event[] = [];
  const bar = new Uint8Array(0x4000);
  new DataView(bar.buffer).setBigUint64(0, 63n, true);
  const cqBytes = new Uint8Array(DEPTH * 16);
  const regs = new NvmeRegs(new TracingMmio(bar, 'bar', trace), { doorbell: STRIDE });
  const sq = new SqRing(regs, QID, new TracingMmio(new Uint8Array(DEPTH * 64), 'sq', trace), DEPTH);
  const cq = new CqRing(regs, QID, new TracingMmio(cqBytes, 'cq', trace), DEPTH);
  const fields = new SqeRawFields(DEPTH);
  const words = new CqeWords(DEPTH);
  const reaped: number[] = [];
  trace.length = 0;
  let k = 0;
  for (const s of steps) {
    if ('submit' in s) {
      for (let i = 0; i < s.submit; i++) fill(fields, i, k + i);
      sq.submitBatch(fields, s.submit);
      k += s.submit;
    } else if ('complete' in s) complete(new DataView(cqBytes.buffer), s.from, s.complete, s.cid);
    else {
      const n = cq.reapBatch(words, DEPTH);
      for (let i = 0; i < n; i++) reaped.push(words.dw3[i]! & 0xffff, words.dw2[i]! & 0xffff);
      if (n > 0) sq.retire(words.dw2[n - 1]! & 0xffff);
    }
  }
  trace.push(`reaped ${reaped.join(',')}`);
  return trace;
}

async function wasmBatchTrace(): Promise<Event[]> {
  const { x, memory, trace } = await tracedModule();
  const fields = new SqeRawFields(DEPTH, memory.buffer, BATCH);
  const words = new CqeWords(DEPTH, memory.buffer, WORDS);
  const reaped: number[] = [];
  let tail = 0;
  let head = 0;
  let phase = 1;
  let k = 0;
  for (const s of steps) {
    if ('submit' in s) {
      for (let i = 0; i < s.submit; i++) fill(fields, i, k + i);
      tail = x['submitBatch$sq$raw']!(QID, SQ, DEPTH, tail, BATCH, DEPTH, s.submit) >>> 0;
      k += s.submit;
    } else if ('complete' in s) complete(new DataView(memory.buffer, CQ, DEPTH * 16), s.from, s.complete, s.cid);
    else {
      const n = x['reapBatch$cq']!(QID, CQ, DEPTH, head, phase, DEPTH, WORDS, DEPTH) >>> 0;
      for (let i = 0; i < n; i++) reaped.push(words.dw3[i]! & 0xffff, words.dw2[i]! & 0xffff);
      if (head + n >= DEPTH) phase ^= 1;
      head = (head + n) % DEPTH;
    }
  }
  trace.push(`reaped ${reaped.join(',')}`);
  return trace;
}

test('batch routines: SqRing.submitBatch/CqRing.reapBatch and submitBatch$sq$raw/reapBatch$cq give the same bus trace', async () => {
  const ts = tsBatchTrace();
  const wasm = await wasmBatchTrace();
  assert.ok(ts.length > 100, `a real trace (${ts.length} accesses)`);
  assert.equal(wasm, ts);
  // Each entry is built in the slot: one access per word at its width, in layout order (13 words, 3 of them 64-bit).
  const first = ts.slice(0, 13);
  assert.equal(first.map((e) => e.split(' ')[0]), ['w32', 'w32', 'w32', 'w32', 'w64', 'w64', 'w64', 'w32', 'w32', 'w32', 'w32', 'w32', 'w32']);
  assert.is(first[0], 'w32 sq+0x0 = 0x2', 'opc masked to 8 bits, fuse 0, cid 0 (its bit 16 masked off)');
  assert.is(first[6], 'w64 sq+0x20 = 0x1fffffffffffff', 'a 2^53 - 1 PRP exactly');
  assert.is(ts[3 * 13], 'fence', 'three entries, one fence, then the doorbell');
  assert.is(ts[3 * 13 + 1], 'w32 bar+0x1020 = 0x3');
  // Reap: per entry the tag word, then dw0, dw1, dw2; one head doorbell per batch.
  assert.equal(ts.slice(3 * 13 + 2, 3 * 13 + 6).map((e) => e.split(' ')[1]), ['cq+0xc', 'cq+0x0', 'cq+0x4', 'cq+0x8']);
  assert.equal(ts.filter((e) => e.includes('bar+')), ['w32 bar+0x1020 = 0x3', 'w32 bar+0x1030 = 0x3', 'w32 bar+0x1020 = 0x1', 'w32 bar+0x1030 = 0x1']);
  assert.is(ts.at(-1), 'reaped 0,1,1,2,2,3,3,4,4,5,5,6,6,7,7,0,8,1', 'CIDs and SQ heads handed back in order, across the wrap');
});

test('batch routines: a 64-bit column outside 0 … 2^53 - 1 is refused before the entry is written, by both', async () => {
  const trace: Event[] = [];
  const bar = new Uint8Array(0x4000);
  new DataView(bar.buffer).setBigUint64(0, 63n, true);
  const regs = new NvmeRegs(new TracingMmio(bar, 'bar', trace), { doorbell: STRIDE });
  const sq = new SqRing(regs, QID, new TracingMmio(new Uint8Array(DEPTH * 64), 'sq', trace), DEPTH);
  const fields = new SqeRawFields(DEPTH);
  fill(fields, 0, 0);
  fill(fields, 1, 1);
  fields.prp1[1] = 0.5;
  trace.length = 0;
  assert.throws(() => sq.submitBatch(fields, 2), /prp1 = 0\.5 is not a 64-bit DMA value/);
  assert.is(trace.length, 13, 'entry 0 written, entry 1 not touched, no fence, no doorbell');
  assert.is(sq.tail, 0);
  const m = await tracedModule();
  const wf = new SqeRawFields(DEPTH, m.memory.buffer, BATCH);
  fill(wf, 0, 0);
  fill(wf, 1, 1);
  wf.prp1[1] = 0.5;
  assert.throws(() => m.x['submitBatch$sq$raw']!(QID, SQ, DEPTH, 0, BATCH, DEPTH, 2), WebAssembly.RuntimeError);
  assert.equal(m.trace, trace);
});

/** The driver's hot path: Read entries from SqeRwFields (opcode, CID, NSID, PRPs, SLBA, NLB only). */
function fillRw(f: SqeRwFields, at: number, k: number): void {
  f.opc[at] = 0x02;
  f.cid[at] = k;
  f.nsid[at] = 1;
  f.prp1[at] = 0x7_0000_0000 + k * 0x1000;
  f.prp2[at] = 0;
  f.slba[at] = 0x1_0000_0000 * (k % 3) + 8 * k;
  f.nlb[at] = 7;
}

test('batch routines, Read/Write variant: SqRing.submitBatch(SqeRwFields) and submitBatch$sq$rw write the same words', async () => {
  const trace: Event[] = [];
  const bar = new Uint8Array(0x4000);
  new DataView(bar.buffer).setBigUint64(0, 63n, true);
  const regs = new NvmeRegs(new TracingMmio(bar, 'bar', trace), { doorbell: STRIDE });
  const sq = new SqRing(regs, QID, new TracingMmio(new Uint8Array(DEPTH * 64), 'sq', trace), DEPTH);
  const f = new SqeRwFields(DEPTH);
  const m = await tracedModule();
  const wf = new SqeRwFields(DEPTH, m.memory.buffer, BATCH);
  trace.length = 0;
  let tail = 0;
  for (const [from, n] of [[0, 5], [5, 6]] as const) {
    for (let i = 0; i < n; i++) (fillRw(f, i, from + i), fillRw(wf, i, from + i));
    sq.submitBatch(f, n);
    sq.retire(sq.tail);
    tail = m.x['submitBatch$sq$rw']!(QID, SQ, DEPTH, tail, BATCH, DEPTH, n) >>> 0;
  }
  assert.equal(m.trace, trace);
  // 12 words per entry (CDW10-11 is the one 64-bit SLBA), the unset fields 0.
  assert.is(trace.slice(0, 12).join('; '), 'w32 sq+0x0 = 0x2; w32 sq+0x4 = 0x1; w32 sq+0x8 = 0x0; w32 sq+0xc = 0x0; w64 sq+0x10 = 0x0; w64 sq+0x18 = 0x700000000; w64 sq+0x20 = 0x0; w64 sq+0x28 = 0x0; w32 sq+0x30 = 0x7; w32 sq+0x34 = 0x0; w32 sq+0x38 = 0x0; w32 sq+0x3c = 0x0');
  assert.ok(trace.includes('w64 sq+0x1e8 = 0x100000038'), 'entry 7 (slot 7): SLBA 2^32 + 56, one 64-bit store');
  assert.is(tail, 3);
});

test('SQ/CQ pair: the TypeScript rings and the wasm routines give the same bus trace', async () => {
  const ts = tsTrace(steps);
  const wasm = await wasmTrace(steps);
  assert.ok(ts.length > 100, `a real trace (${ts.length} accesses)`);
  assert.equal(wasm, ts);
  // What the trace must hold, whoever produced it: one tail doorbell per batch at element 2y of the
  // 16-byte-stride doorbells, after the fence; one head doorbell per reaped batch at element 2y + 1.
  const bells = ts.filter((e) => e.includes('bar+'));
  assert.equal(bells, ['w32 bar+0x1020 = 0x3', 'w32 bar+0x1030 = 0x3', 'w32 bar+0x1020 = 0x1', 'w32 bar+0x1030 = 0x1']);
  assert.is(ts[ts.indexOf('w32 bar+0x1020 = 0x3') - 1], 'fence', 'entries, fence, then the doorbell');
  // The last reap finds nothing new: one tag read at the head (slot 1, phase 0 expected, still 1), no doorbell.
  assert.match(ts.at(-1)!, /^r32 cq\+0x1c = 0x1[0-9a-f]{4}$/);
  assert.match(ts.at(-2)!, /^w32 bar\+0x1030/);
  process.stdout.write(`  ${ts.length} accesses; first ${ts.slice(0, 3).join(', ')}\n`);
});

test('SQ entry variants (Identify, Features, Create/Delete I/O queues, Read/Write, raw) in one ring: the same bus trace in TypeScript and wasm', async () => {
  const ts = tsTrace(variantSteps);
  const wasm = await wasmTrace(variantSteps);
  assert.equal(wasm, ts);
  // One tail doorbell per batch, each right after a fence.
  const bells = ts.map((e, i) => [e, i] as const).filter(([e]) => e.startsWith('w32 bar+0x1020'));
  assert.equal(bells.map(([e]) => e.split(' = ')[1]), ['0x1', '0x2', '0x4', '0x5', '0x6', '0x1', '0x6', '0x0']);
  for (const [, i] of bells) assert.is(ts[i - 1], 'fence');
  // Every variant writes each of its words once at its width: an Identify entry is 7 common + 6 own words.
  const firstBatch = ts.slice(0, ts.indexOf('fence'));
  assert.equal(firstBatch.map((e) => e.split(' ')[0]), ['w32', 'w32', 'w32', 'w32', 'w64', 'w64', 'w64', 'w32', 'w32', 'w32', 'w32', 'w32', 'w32']);
  assert.is(firstBatch[7], 'w32 sq+0x28 = 0x1', 'CDW10: CNS 1 (controller), CNTID 0');
  // Read/Write: SLBA is one 64-bit word at CDW10-11, both in publish() and in the view-filled hot path.
  assert.ok(ts.includes('w64 sq+0x1a8 = 0x100000006'), 'rw entry 6 (slot 6) SLBA');
  assert.ok(ts.includes('w64 sq+0x128 = 0x10000000c'), 'hot-path entry 12 (slot 4, after the wrap) SLBA');
});

test.run();
