// irq.handle() on the simulated device: the handler takes every event of its vector, runs outside the
// register access that raised it, a level-triggered INTx re-fires after it until acknowledged, MSI does
// not; EBUSY between handler and waits; unsubscribe, abort, errors, close.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { IrqEvent } from '../../../runtime/device-types.js';
import { createSimDevice, type SimDevice } from '../../../runtime/sim/index.js';
import { bar, cause, device, field, group, reg, ref } from './ir-builder.js';

const icr = reg('icr', 0xc0, 32, [field('txdw', 0, 1, 'w1c'), field('rxq0', 20, 1, 'w1c')]);
const ics = reg('ics', 0xc8, 32, [field('txdw', 0, 1, 'wo'), field('rxq0', 20, 1, 'wo')]);

/** txdw on INTx vector 0, rxq0 on MSI vector 1; both always enabled, acked by w1c, raised through ICS. */
function dev(): SimDevice {
  const g = group('main', ['txdw', 'rxq0'].map((n) =>
    cause(n, { status: ref(icr, n), enable: { kind: 'none' }, ack: { kind: 'w1c', ref: ref(icr, n) }, test: ref(ics, n), vector: n === 'rxq0' ? { kind: 'msi', index: 1 } : { kind: 'intx', index: 0 } }),
  ));
  return createSimDevice(device('nic', [bar(0, 'regs', 0x1000, [icr, ics])], { interrupts: [g] }));
}

const turn = () => new Promise((r) => setImmediate(r));

test('the handler runs after the raising access, once per event; INTx re-fires after it until acked', async () => {
  const sim = dev();
  const io = sim.bar(0);
  const seen: IrqEvent[] = [];
  let acked = false;
  const off = sim.irq.handle((ev) => {
    seen.push(ev);
    if (seen.length === 2) (io.write32(0xc0, 1), (acked = true)); // ack on the second run
  });
  io.write32(0xc8, 1); // ICS.txdw
  assert.equal(seen, [], 'not inside the register write');
  for (let i = 0; i < 5; i++) await turn();
  assert.ok(acked);
  assert.equal(seen, [
    { vector: 0, count: 1, missed: 0 },
    { vector: 0, count: 1, missed: 0 },
  ]);
  assert.ok(!sim.irq.level(0));
  off();
  sim.close();
});

test('MSI: one call per message, events raised while unsubscribed arrive as missed on the next subscription', async () => {
  const sim = dev();
  const io = sim.bar(0);
  const seen: IrqEvent[] = [];
  const off = sim.irq.handle((ev) => seen.push(ev), { vector: 1 });
  io.write32(0xc8, 1 << 20);
  await turn();
  io.write32(0xc0, 1 << 20);
  io.write32(0xc8, 1 << 20);
  await turn();
  await turn();
  assert.equal(seen, [
    { vector: 1, count: 1, missed: 0 },
    { vector: 1, count: 1, missed: 0 },
  ]);
  off();
  io.write32(0xc0, 1 << 20);
  io.write32(0xc8, 1 << 20); // nobody listening
  await turn();
  assert.is(seen.length, 2, 'nothing after unsubscribe');
  const ac = new AbortController();
  sim.irq.handle((ev) => seen.push(ev), { vector: 1, signal: ac.signal });
  await turn();
  assert.equal(seen[2], { vector: 1, count: 1, missed: 1 });
  ac.abort();
  io.write32(0xc0, 1 << 20);
  io.write32(0xc8, 1 << 20);
  await turn();
  assert.is(seen.length, 3, 'nothing after abort');
  assert.equal(await sim.irq.wait({ vector: 1, timeout: 100 }), { vector: 1, count: 1, missed: 1 }, 'kept for the next wait');
  sim.close();
});

test('one consumer per vector; a throwing handler is reported and keeps running; close ends it', async () => {
  const sim = dev();
  const io = sim.bar(0);
  const errors: unknown[] = [];
  let runs = 0;
  sim.irq.handle(
    () => {
      runs++;
      io.write32(0xc0, 1 << 20);
      throw new Error('bad decode');
    },
    { vector: 1, onError: (e) => errors.push(e) },
  );
  await sim.irq.wait({ vector: 1, timeout: 50 }).then(
    () => assert.unreachable(),
    (e) => (assert.is(e.code, 'EBUSY'), assert.match(e.message, /vector 1 is taken by a handler/)),
  );
  assert.throws(() => sim.irq.handle(() => {}, { vector: 1 }), /vector 1 already has a handler/);
  const pending = sim.irq.wait({ vector: 0 });
  assert.throws(() => sim.irq.handle(() => {}), /vector 0 has pending waits/);
  assert.throws(() => sim.irq.handle(() => {}, { vector: 3 }), /no interrupt vector 3/);
  io.write32(0xc8, 1 << 20);
  await turn();
  io.write32(0xc8, 1 << 20);
  await turn();
  assert.is(runs, 2);
  assert.equal((errors as Error[]).map((e) => e.message), ['bad decode', 'bad decode']);
  io.write32(0xc8, 1 << 20); // its run is scheduled, then the device closes first
  sim.close();
  await pending.catch(() => {});
  await turn();
  assert.is(runs, 2, 'closed: no more runs');
  assert.throws(() => sim.irq.handle(() => {}), /handle\(\) on a closed device/);
});

test.run();
