// Interrupts on the simulated device: raise → wait resolves with the vector; enable field and set/clear
// pairs; every ack kind; test registers; level (INTx) vs edge (MSI); timeout, abort, events(), close;
// no double delivery; and the documented precedence (hardware set beats a software clear in one step).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSimDevice, type SimDevice } from '../../../runtime/sim/index.js';
import { bar, cause, device, field, group, reg, ref } from './ir-builder.js';

// e1000e-like: ICR (w1c) / IMS (declared rw, but a set register) / IMC (wo) / ICS (wo test), INTx 0 and MSI 1.
const icr = reg('icr', 0xc0, 32, [field('txdw', 0, 1, 'w1c'), field('lsc', 2, 1, 'w1c'), field('rxq0', 20, 1, 'w1c')]);
const ims = reg('ims', 0xd0, 32, [field('txdw', 0), field('lsc', 2), field('rxq0', 20)]);
const imc = reg('imc', 0xd8, 32, [field('txdw', 0, 1, 'wo'), field('lsc', 2, 1, 'wo'), field('rxq0', 20, 1, 'wo')]);
const ics = reg('ics', 0xc8, 32, [field('txdw', 0, 1, 'wo'), field('lsc', 2, 1, 'wo'), field('rxq0', 20, 1, 'wo')]);
// edu-like: ro status, separate ack and raise registers, field enable in another register.
const st = reg('irq_status', 0x24, 32, [field('fact', 0, 1, 'ro'), field('dma', 8, 1, 'ro')]);
const ctl = reg('status', 0x20, 32, [field('computing', 0, 1, 'ro'), field('irq_fact', 7, 1, 'rw')]);
const raiseR = reg('irq_raise', 0x60, 32, [field('fact', 0, 1, 'wo'), field('dma', 8, 1, 'wo')]);
const ackR = reg('irq_ack', 0x64, 32, [field('fact', 0, 1, 'wo'), field('dma', 8, 1, 'wo')]);
// read-to-clear cause register
const rcr = reg('cause', 0x30, 32, [field('done', 0, 1, 'rc')]);

function dev(): SimDevice {
  const main = group('main', ['txdw', 'lsc', 'rxq0'].map((n) =>
    cause(n, {
      status: ref(icr, n),
      enable: { kind: 'setClear', set: ref(ims, n), clear: ref(imc, n) },
      ack: { kind: 'w1c', ref: ref(icr, n) },
      test: ref(ics, n),
      vector: n === 'rxq0' ? { kind: 'msi', index: 1 } : { kind: 'intx', index: 0 },
    }),
  ));
  const edu = group('edu', [
    cause('fact', { status: ref(st, 'fact'), enable: { kind: 'field', ref: ref(ctl, 'irq_fact') }, ack: { kind: 'write', ref: ref(ackR, 'fact') }, test: ref(raiseR, 'fact'), vector: { kind: 'intx', index: 0 } }),
    cause('dma', { status: ref(st, 'dma'), enable: { kind: 'none' }, ack: { kind: 'write', ref: ref(ackR, 'dma') }, test: ref(raiseR, 'dma'), vector: { kind: 'intx', index: 0 } }),
  ]);
  const rc = group('rc', [cause('done', { status: ref(rcr, 'done'), enable: { kind: 'none' }, ack: { kind: 'read', ref: ref(rcr, 'done') }, vector: { kind: 'msi', index: 2 } })]);
  return createSimDevice(device('nic', [bar(0, 'regs', 0x1000, [icr, ims, imc, ics, st, ctl, raiseR, ackR, rcr])], { interrupts: [main, edu, rc] }));
}

/** uvu has no async throws: the rejection's error, checked against a pattern or predicate. */
async function rejects(p: Promise<unknown>, check?: RegExp | ((e: unknown) => boolean)): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (check instanceof RegExp) assert.match((e as Error).message, check);
    else if (check) assert.ok(check(e), `unexpected rejection: ${String(e)}`);
    return;
  }
  assert.unreachable('expected a rejection');
}

const timeoutCode = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

test('raise → wait resolves with the vector; ack (w1c) clears; then nothing more is delivered', async () => {
  const sim = dev();
  const io = sim.bar(0);
  assert.is(sim.irq.mode, 'sim');
  assert.is(sim.irq.vectors, 3);
  io.write32(0xd0, 1 << 2); // IMS.lsc
  const waiting = sim.irq.wait({ timeout: 1000 });
  sim.raise('main', 'lsc');
  const ev = await waiting;
  assert.equal(ev, { vector: 0, count: 1, missed: 0 });
  assert.is(io.read32(0xc0), 1 << 2);
  io.write32(0xc0, 1 << 2);
  assert.is(io.read32(0xc0), 0);
  assert.is(await timeoutCode(sim.irq.wait({ timeout: 20 })), 'ETIMEDOUT');
  sim.close();
});

test('set/clear enable pair: masked causes stay pending without firing; enabling delivers; writing 0 to the set register changes nothing', async () => {
  const sim = dev();
  const io = sim.bar(0);
  sim.raise('main', 'txdw');
  assert.is(await timeoutCode(sim.irq.wait({ timeout: 20 })), 'ETIMEDOUT', 'masked');
  io.write32(0xd0, 1); // IMS.txdw → the line rises
  assert.equal(await sim.irq.wait({ timeout: 100 }), { vector: 0, count: 1, missed: 1 });
  io.write32(0xd0, 1 << 2); // set lsc too; writing 0 to txdw must not clear it
  assert.is(io.read32(0xd0), 0b101, 'IMS reads back the mask');
  io.write32(0xd8, 1); // IMC.txdw
  assert.is(io.read32(0xd0), 0b100);
  assert.ok(!sim.irq.level(0), 'line low once the pending cause is masked');
  sim.close();
});

test('test register raises the cause; level-triggered INTx re-fires on re-arm until acked', async () => {
  const sim = dev();
  const io = sim.bar(0);
  io.write32(0xd0, 0b101);
  io.write32(0xc8, 1); // ICS.txdw, nobody waiting yet: latched
  assert.equal(await sim.irq.wait({ timeout: 100 }), { vector: 0, count: 1, missed: 1 });
  assert.equal(await sim.irq.wait({ timeout: 100 }), { vector: 0, count: 1, missed: 0 }, 'still pending: fires again');
  io.write32(0xc0, 1);
  assert.is(await timeoutCode(sim.irq.wait({ timeout: 20 })), 'ETIMEDOUT');
  sim.close();
});

test('MSI vectors send one message per cause that becomes pending, even while another is pending', async () => {
  const fact = reg('fs', 0x0, 32, [field('a', 0, 1, 'w1c'), field('b', 1, 1, 'w1c')]);
  const mk = (n: string) => cause(n, { status: ref(fact, n), enable: { kind: 'none' }, ack: { kind: 'w1c', ref: ref(fact, n) }, vector: { kind: 'msi', index: 0 } });
  const sim = createSimDevice(device('m', [bar(0, 'regs', 0x10, [fact])], { interrupts: [group('g', [mk('a'), mk('b')])] }));
  sim.raise('g', 'a');
  assert.equal(await sim.irq.wait({ timeout: 100 }), { vector: 0, count: 1, missed: 1 });
  sim.raise('g', 'b'); // a is still pending: the line does not rise, but b sends its own message
  assert.equal(await sim.irq.wait({ timeout: 100 }), { vector: 0, count: 1, missed: 1 });
  sim.raise('g', 'b'); // already pending: no new message
  assert.is(await timeoutCode(sim.irq.wait({ timeout: 20 })), 'ETIMEDOUT');
  sim.close();
});

test('MSI vectors are edge-triggered: a still-pending cause does not fire again', async () => {
  const sim = dev();
  const io = sim.bar(0);
  io.write32(0xd0, 1 << 20);
  io.write32(0xc8, 1 << 20);
  assert.equal(await sim.irq.wait({ vector: 1, timeout: 100 }), { vector: 1, count: 1, missed: 1 });
  assert.is(await timeoutCode(sim.irq.wait({ vector: 1, timeout: 20 })), 'ETIMEDOUT');
  io.write32(0xc0, 1 << 20);
  io.write32(0xc8, 1 << 20);
  assert.equal(await sim.irq.wait({ vector: 1, timeout: 100 }), { vector: 1, count: 1, missed: 1 });
  sim.close();
});

test('events that happen with nobody waiting are counted: count and missed', async () => {
  const sim = dev();
  const io = sim.bar(0);
  for (let i = 0; i < 3; i++) {
    sim.raise('edu', 'dma'); // enable none: always enabled
    io.write32(0x64, 1 << 8); // ack through the separate ack register
  }
  assert.is(sim.peek('irq_status'), 0n);
  // level is low now, so this is exactly the three latched edges, all of them missed (nobody waited)
  assert.equal(await sim.irq.wait({ timeout: 100 }), { vector: 0, count: 3, missed: 3 });
  sim.close();
});

test('field enable: edu-style raise register, enable bit in another register, ack register', async () => {
  const sim = dev();
  const io = sim.bar(0);
  io.write32(0x60, 1); // raise fact while disabled
  assert.is(io.read32(0x24), 1);
  assert.is(await timeoutCode(sim.irq.wait({ timeout: 20 })), 'ETIMEDOUT');
  io.write32(0x20, 0x80);
  assert.equal((await sim.irq.wait({ timeout: 100 })).vector, 0);
  io.write32(0x64, 1);
  assert.is(io.read32(0x24), 0);
  sim.close();
});

test('rc ack: reading the cause register acknowledges', async () => {
  const sim = dev();
  const io = sim.bar(0);
  const w = sim.irq.wait({ vector: 2, timeout: 100 });
  sim.raise('rc', 'done');
  assert.equal(await w, { vector: 2, count: 1, missed: 0 });
  assert.is(io.read32(0x30), 1);
  assert.is(io.read32(0x30), 0);
  sim.close();
});

test('abort: the aborted wait rejects with the reason and consumes nothing; the next wait gets the event once', async () => {
  const sim = dev();
  const ac = new AbortController();
  const aborted = sim.irq.wait({ signal: ac.signal, vector: 2 });
  ac.abort();
  await rejects(aborted, (e: unknown) => (e as Error).name === 'AbortError');
  sim.raise('rc', 'done');
  const first = sim.irq.wait({ vector: 2, timeout: 100 });
  const second = sim.irq.wait({ vector: 2, timeout: 30 });
  assert.equal(await first, { vector: 2, count: 1, missed: 1 }, 'raised while nobody waited: missed');
  assert.is(await timeoutCode(second), 'ETIMEDOUT', 'one event, one delivery');
  const pre = new AbortController();
  pre.abort();
  await rejects(sim.irq.wait({ signal: pre.signal }));
  await rejects(sim.irq.wait({ vector: 7 }), /no interrupt vector 7 \(the spec declares vectors 0\.\.2\)/);
  sim.close();
});

test('events(): every interrupt until aborted', async () => {
  const sim = dev();
  const io = sim.bar(0);
  const ac = new AbortController();
  const seen: number[] = [];
  const loop = (async () => {
    for await (const ev of sim.irq.events({ signal: ac.signal, vector: 2 })) {
      seen.push(ev.count);
      io.read32(0x30); // ack by reading
      if (seen.length === 3) ac.abort();
    }
  })();
  for (let i = 0; i < 3; i++) {
    sim.raise('rc', 'done');
    await new Promise((r) => setTimeout(r, 5));
  }
  await loop;
  assert.equal(seen, [1, 1, 1]);
  sim.close();
});

test('close rejects pending waits; events() ends', async () => {
  const sim = dev();
  const w = sim.irq.wait();
  const it = (async () => {
    let n = 0;
    for await (const _ of sim.irq.events({ vector: 1 })) n++;
    return n;
  })();
  await new Promise((r) => setTimeout(r, 1));
  sim.close();
  await rejects(w, /device closed while waiting/);
  assert.is(await it, 0);
  await rejects(sim.irq.wait(), /closed device/);
});

test('precedence: a hardware set in the same step as a software w1c (or rc read) wins', () => {
  const sim = dev();
  const io = sim.bar(0);
  sim.raise('main', 'lsc');
  // The hardware sets lsc again while software's w1c of lsc is in flight: the set wins.
  const off = sim.onWrite('icr', () => sim.raise('main', 'lsc'));
  io.write32(0xc0, 1 << 2);
  assert.is(io.read32(0xc0), 1 << 2);
  off();
  io.write32(0xc0, 1 << 2);
  assert.is(io.read32(0xc0), 0, 'without the concurrent set, w1c clears');
  // A read-to-clear that coincides with a new event: the read returns the old value, the new event survives.
  sim.poke('cause', 0);
  sim.onRead('cause', () => sim.raise('rc', 'done'));
  assert.is(io.read32(0x30), 0, 'the read samples before the hardware update');
  assert.is(sim.peek('cause'), 1n, 'the set survives the clear');
  sim.close();
});

test('onRead hooks can replace the value read; poke with a mask changes only those bits', () => {
  const sim = dev();
  const io = sim.bar(0);
  sim.poke('status', 0xff, 0x81);
  assert.is(io.read32(0x20), 0x81);
  const off = sim.onRead('status', () => 0x1234);
  assert.is(io.read32(0x20), 0x1234);
  off();
  assert.is(io.read32(0x20), 0x81);
  assert.throws(() => sim.raise('main', 'nope'), /no interrupt cause 'main\.nope' \(declared: main\.txdw, main\.lsc/);
  sim.close();
});

test.run();
