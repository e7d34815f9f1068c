// Device-written layouts (every word `ro`, like an NVMe completion entry): no publish()/write in
// TypeScript (the class has no publish, the words are read-only), no setter or publish in C, no
// submit routine in wasm; a layout mixing ro and rw words publishes only the rw ones.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../../compiler/compile.js';
import { RecordingMmio } from '../../../runtime/registers/recording-mmio.js';
import { load } from '../typescript/emit.js';

const SPEC = `device d {
  bar 0 regs mmio size 0x100 { register tdt @ 0 : 32 wo; }
  layout cqe size 16 align 16 {
    word dw0 @ 0 : 32 ro;
    word dw3 @ 12 : 32 ro { field cid [15:0]; field p [16]; }
  }
  layout desc size 16 align 16 {
    word addr @ 0 : 64;
    word st @ 12 : 32 ro { field dd [0]; }
    word cmd @ 8 : 32 { field own [31]; }
    owner cmd.own = 1;
    done st.dd;
  }
  ring cq of cqe { count 4; }
  ring tx of desc { count 4; tail regs.tdt; }
}
`;

async function build(emit: ('ts' | 'c' | 'wasm')[]) {
  const r = await compile({ text: SPEC, file: 'dw.regs' }, { emit });
  assert.ok(r.ok, r.format());
  return r;
}

interface View {
  dw3: { read(): number; write?: unknown };
  publish?: unknown;
}
interface Desc {
  publish(v: object): void;
}

test('TypeScript: the device-written layout has no publish and read-only words; a mixed one skips its ro word', async () => {
  const r = await build([]);
  const m = await load<{ Cqe: new (io: RecordingMmio, at: number) => View; Desc: new (io: RecordingMmio, at: number) => Desc }>(r.ir!, 'd');
  const io = RecordingMmio.over(64);
  const e = new m.Cqe(io, 16);
  assert.is(e.publish, undefined, 'no publish()');
  io.inner.write32(28, 0x1_0007);
  assert.is(e.dw3.read(), 0x1_0007);
  assert.equal(io.take(), ['r32 0x1c = 0x10007']);
  new m.Desc(io, 0).publish({ addr: 0x1000n, cmd: { own: 0 } });
  assert.equal(io.take(), ['w64 0x0 = 0x1000', 'fence', 'w32 0x8 = 0x80000000'], 'st (ro) is never written');
  const ts = String((await build(['ts'])).files.find((f) => f.path === 'd.ts')!.contents);
  assert.match(ts, /export class Cqe extends DmaReadView \{/);
  assert.not.match(ts, /CqeValues/);
  assert.match(ts, /export type DescValues = \{\n  readonly addr\?: [^\n]*\n  readonly cmd\?: [^\n]*\n\};/, 'publish takes only the words software writes');
});

test('C: no setter for a device-written word, no publish for a device-written layout; wasm: no submit for it', async () => {
  const r = await build(['c', 'wasm']);
  const h = String(r.files.find((f) => f.path === 'd.h')!.contents);
  assert.match(h, /static inline uint32_t d_cqe_dw3_get\(/);
  assert.not.match(h, /d_cqe_dw3_set\(|d_cqe_publish\(/);
  assert.not.match(h, /d_desc_st_set\(/);
  assert.match(h, /static inline void d_desc_publish\(/);
  const as = String(r.files.find((f) => f.path === 'd.as.ts')!.contents);
  assert.not.match(as, /submit\$cq\(/);
  assert.match(as, /submit\$tx\(/);
  const body = as.slice(as.indexOf('submit$tx('), as.indexOf('\n}\n', as.indexOf('submit$tx(')));
  assert.not.match(body, /d \+ 0xc,/, 'submit never copies the device-written word');
});

test.run();
