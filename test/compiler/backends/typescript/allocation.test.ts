// Plain reads and field decodes allocate nothing: millions of them trigger no garbage collection,
// while the same loop allocating one small object per iteration does (the control).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PerformanceObserver } from 'node:perf_hooks';
import { TypedArrayMmio } from '../../../../runtime/registers/mmio.js';
import { fixture, load } from './emit.js';

type Demo = typeof import('./golden/demo.js');
const m = await load<Demo>(fixture('registers'), 'demo');

async function gcsDuring(run: () => void): Promise<number> {
  let count = 0;
  const obs = new PerformanceObserver((list) => (count += list.getEntries().length));
  obs.observe({ entryTypes: ['gc'] });
  await new Promise((r) => setTimeout(r, 10)); // let earlier GCs be reported first
  count = 0;
  run();
  await new Promise((r) => setTimeout(r, 50));
  obs.disconnect();
  return count;
}

const N = 5_000_000;
const sink: unknown[] = new Array(1024);

test('1e6s of read(), get() and field decodes cause no GC; an allocating control does', async () => {
  const regs = new m.DemoRegs(new TypedArrayMmio(new ArrayBuffer(0x4000)));
  regs.ctrl.write(0x5a000015);
  let acc = 0;
  const reads = await gcsDuring(() => {
    for (let i = 0; i < N; i++) {
      const v = regs.ctrl.read();
      acc ^= v ^ m.Ctrl.mode.get(v) ^ regs.ctrl.get('id') ^ regs.ral.read(i & 15) ^ (regs.ctrl.get('en') ? 1 : 0);
    }
  });
  const control = await gcsDuring(() => {
    for (let i = 0; i < N; i++) sink[i & 1023] = { v: regs.ctrl.read() };
  });
  assert.ok(acc !== 0.5);
  assert.ok(control > 0, `the allocating control triggered ${control} GCs`);
  assert.is(reads, 0, `reads triggered ${reads} GCs`);
});

test.run();
