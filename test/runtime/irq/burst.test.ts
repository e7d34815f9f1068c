// What issue 13 changed under irq.events(): a wait's pending check that finds the fd empty ends the read
// burst (FdReader.emptied(), fdwatch's emptied()) — nothing lost or doubled on either read engine — and
// the iterator is its own waiter: counts exact over a long self-signalled loop, one abort listener.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IrqDispatcher } from '../../../runtime/irq/dispatcher.js';
import { EventfdChannel } from '../../../runtime/irq/eventfd-channel.js';
import { fdWatchAddon } from '../../../runtime/irq/fd-reader.js';
import { burstScenario, type BurstLog } from './burst-scenario.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

function signal(fd: number, n = 1n): void {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  writeSync(fd, b, 0, 8);
}

function checkBurst(log: BurstLog): void {
  assert.equal(log.errors, []);
  // 1 came in the first burst (drained 0 before it); 2 in the second (drained once before); the burst
  // cut by emptied() did not drain, so 4 came with the drained count still 1, in a later burst.
  assert.equal(log.records, [[1, 0], [2, 1], [4, 1]]);
  assert.is(log.drained, 2, 'the cut burst had no onDrained; the one that read 4 had');
}

test('emptied(): a burst ends without its next read; what arrived meanwhile comes once, later (addon)', async () => {
  if (!fdWatchAddon().watch) return console.log(`  skipped: fdwatch addon not in use (${fdWatchAddon().reason})`);
  checkBurst(await burstScenario());
});

test('emptied() on the threaded-poll fallback (REGMILL_NO_NATIVE=1) behaves the same', () => {
  const script = `
    import { burstScenario } from ${JSON.stringify(path.join(here, 'burst-scenario.ts'))};
    import { fdWatchAddon } from ${JSON.stringify(path.join(root, 'runtime/irq/fd-reader.ts'))};
    if (fdWatchAddon().watch) throw new Error('addon in use despite REGMILL_NO_NATIVE=1');
    console.log(JSON.stringify(await burstScenario()));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, REGMILL_NO_NATIVE: '1' }, timeout: 20_000 });
  assert.is(r.status, 0, r.stderr);
  checkBurst(JSON.parse(r.stdout.trim()));
});

test('events(), self-signalled 2000 times from the next loop turn: every interrupt once, none missed', async () => {
  const channel = new EventfdChannel(0, 'test eventfd');
  const irq = new IrqDispatcher('msi', [channel], 'test device');
  const ac = new AbortController();
  let count = 0;
  let missed = 0;
  let wakes = 0;
  signal(channel.fd);
  for await (const ev of irq.events({ signal: ac.signal })) {
    wakes++;
    count += ev.count;
    missed += ev.missed;
    assert.is(getEventListeners(ac.signal, 'abort').length, 1, 'one abort listener for the whole loop');
    if (count >= 2000) break;
    setImmediate(() => signal(channel.fd));
  }
  assert.is(count, 2000);
  assert.is(wakes, 2000, 'one signal per wake-up: nothing coalesced or doubled');
  assert.is(missed, 1, 'only the first signal, raised before the loop waited, is missed');
  assert.is(getEventListeners(ac.signal, 'abort').length, 0, 'break removed the listener');
  irq.close();
});

test('events(): an interrupt raised in the loop body is missed; one raised after next() is not', async () => {
  const channel = new EventfdChannel(0, 'test eventfd');
  const irq = new IrqDispatcher('msi', [channel], 'test device');
  const it = irq.events();
  const first = it.next();
  setTimeout(() => signal(channel.fd), 10);
  assert.equal(await first, { value: { vector: 0, count: 1, missed: 0 }, done: false });
  signal(channel.fd, 2n); // the body, before its next wait
  assert.equal(await it.next(), { value: { vector: 0, count: 2, missed: 2 }, done: false });
  const third = it.next();
  signal(channel.fd); // after the wait started, in the same turn
  assert.equal(await third, { value: { vector: 0, count: 1, missed: 0 }, done: false });
  irq.close();
});

test('events(): return() with a next() pending resolves it done and leaves the interrupt for the next wait', async () => {
  const channel = new EventfdChannel(0, 'test eventfd');
  const irq = new IrqDispatcher('msi', [channel], 'test device');
  const it = irq.events();
  const pending = it.next();
  assert.equal(await it.return!(), { value: undefined, done: true });
  assert.equal(await pending, { value: undefined, done: true });
  assert.equal(await it.next(), { value: undefined, done: true });
  signal(channel.fd);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(await irq.wait({ timeout: 1000 }), { vector: 0, count: 1, missed: 1 });
  irq.close();
});

test('a re-arm that fails right after a delivery rejects that wait and stops the watch (no follow-up read does)', async () => {
  let arms = 0;
  const channel = new EventfdChannel(0, 'test eventfd', () => {
    if (++arms === 2) throw new Error('unmask failed');
  });
  const irq = new IrqDispatcher('intx', [channel], 'test device');
  const reader = (channel as unknown as { reader: { active: boolean } }).reader;
  try {
    const first = irq.wait({ timeout: 1000 });
    signal(channel.fd);
    assert.equal(await first, { vector: 0, count: 1, missed: 0 });
    // Still inside the delivering read callback (its microtasks): the check finds the fd empty, the re-arm throws.
    await irq.wait({ timeout: 1000 }).then(() => assert.unreachable(), (e: Error) => assert.is(e.message, 'unmask failed'));
    assert.is(reader.active, false, 'nobody waits: the watch is off, the process is not held');
    signal(channel.fd);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(await irq.wait({ timeout: 1000 }), { vector: 0, count: 1, missed: 1 });
  } finally {
    irq.close();
  }
});

test.run();
