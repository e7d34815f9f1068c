// Two back ends of one spec must not differ: NVMe's interrupt group `completion` (cause cq = the CQ
// vectors, `ring cq`; mask = INTMS/INTMC) through the generated TypeScript class (NvmeCompletion over
// a tracing Mmio) and through the generated wasm routines (mask$/unmask$/masked$/vector$, built over
// a tracing core) gives the same vector numbers and the same bus trace: mask and unmask one 32-bit
// write of the vector's bit each (never a read), masked one read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { compile } from '../../../../compiler/compile.js';
import { buildWasm, deviceRoutines, emitModule, windowLayout } from '../../../../compiler/backends/assemblyscript/index.js';
import { coreSources, CORE_DIR } from '../../../../compiler/backends/assemblyscript/core.js';
import type { Mmio } from '../../../../runtime/registers/mmio.js';
import { NvmeCompletion } from '../../../../generated/nvme/nvme.js';
import { TRACED_FENCE, TRACED_VOLATILE } from '../../../fixtures/wasm/traced-core.js';

const VECTORS = [0, 1, 5, 31];

/** Records every 32-bit access (the only width these registers have) as `op offset = value`. */
function tracing(bytes: Uint8Array, trace: string[]): Mmio {
  const view = new DataView(bytes.buffer);
  const fail = (): never => {
    throw new Error('unexpected access width');
  };
  return {
    size: bytes.byteLength,
    read8: fail, read16: fail, read64: fail, write8: fail, write16: fail, write64: fail,
    read32: (o: number) => {
      const v = view.getUint32(o, true);
      trace.push(`r32 0x${o.toString(16)} = 0x${v.toString(16)}`);
      return v;
    },
    write32: (o: number, v: number) => {
      trace.push(`w32 0x${o.toString(16)} = 0x${(v >>> 0).toString(16)}`);
      view.setUint32(o, v, true);
    },
    fence: () => void trace.push('fence'),
  } as unknown as Mmio;
}

function tsRun(): { trace: string[]; vectors: number[] } {
  const trace: string[] = [];
  const bar = new Uint8Array(0x4000);
  new DataView(bar.buffer).setUint32(0x0c, 0x8000_0000, true); // a mask value masked() must return
  const g = new NvmeCompletion(tracing(bar, trace));
  for (const v of VECTORS) {
    g.mask(v);
    g.unmask('cq', v);
  }
  trace.push(`masked ${g.masked().toString(16)}`);
  return { trace, vectors: Array.from({ length: 65 }, (_, y) => g.vector('cq', y)) };
}

async function wasmRun(): Promise<{ trace: string[]; vectors: number[]; trapsPast: boolean }> {
  const r = await compile({ path: path.join(process.cwd(), 'specs/nvme.regs') }, { emit: [] });
  assert.ok(r.ir, r.format());
  const device = r.ir!.devices[0]!;
  const entry = 'nvme.as.ts';
  const files = new Map<string, string>([[entry, emitModule(device, { version: 'test', specName: 'nvme.regs' }, deviceRoutines(device))]]);
  for (const [name, text] of coreSources()) files.set(`${CORE_DIR}/${name}`, name === 'volatile.as.ts' ? TRACED_VOLATILE : name === 'fence.as.ts' ? TRACED_FENCE : text);
  const wasm = await buildWasm(files, entry);
  const memory = new WebAssembly.Memory({ initial: 4, maximum: 4 });
  const barAt = windowLayout(device)[0]!.offset;
  new DataView(memory.buffer).setUint32(barAt + 0x0c, 0x8000_0000, true);
  const trace: string[] = [];
  const access = (kind: number, addr: number, width: number, value: bigint): void => {
    if (kind === 2) trace.push('fence');
    else trace.push(`${kind === 0 ? 'r' : 'w'}${width} 0x${(addr - barAt).toString(16)} = 0x${BigInt.asUintN(64, value).toString(16)}`);
  };
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>), { env: { memory }, trace: { access } });
  const x = instance.exports as Record<string, (...a: number[]) => number>;
  const vectors = Array.from({ length: 65 }, (_, y) => x['vector$completion$cq']!(y) >>> 0);
  for (const v of VECTORS) {
    x['mask$completion']!(v);
    x['unmask$completion']!(x['vector$completion$cq']!(v));
  }
  // The TS side writes the wasm memory nothing: the mask bits set above were cleared again, as in TS.
  trace.push(`masked ${(x['masked$completion']!() >>> 0).toString(16)}`);
  let trapsPast = false;
  try {
    x['vector$completion$cq']!(65);
  } catch {
    trapsPast = true;
  }
  return { trace, vectors, trapsPast };
}

test('completion group: TypeScript and wasm give the same vectors and the same mask/unmask/masked trace', async () => {
  const ts = tsRun();
  const wasm = await wasmRun();
  assert.equal(ts.vectors, Array.from({ length: 65 }, (_, y) => y), "CQ y is on vector y (the spec's `vector msix y`)");
  assert.equal(wasm.vectors, ts.vectors);
  assert.ok(wasm.trapsPast, 'vector$completion$cq(65) traps: there are 65 CQs');
  assert.equal(ts.trace.slice(0, 2), ['w32 0xc = 0x1', 'w32 0x10 = 0x1'], 'mask: one write of the bit to INTMS; unmask: one to INTMC; no read');
  assert.equal(ts.trace.filter((e) => e.startsWith('r')).length, 1, 'only masked() reads');
  assert.equal(wasm.trace, ts.trace);
});

test.run();
