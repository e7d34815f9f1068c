// irq.events() as a plain async iterator (no generator): one wait per next(), the delivery resolving the
// iterator result itself; next() calls made before the previous settled run in turn; ends on abort,
// close and return(); real errors are thrown once, then the iterator is done.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeSync } from 'node:fs';
import { IrqDispatcher } from '../../../runtime/irq/dispatcher.js';
import { EventfdChannel } from '../../../runtime/irq/eventfd-channel.js';

function signal(fd: number, n = 1n): void {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  writeSync(fd, b, 0, 8);
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

function setup(vectors = 1) {
  const channels = Array.from({ length: vectors }, (_, v) => new EventfdChannel(v, `test vector ${v}`));
  return { irq: new IrqDispatcher('msix', channels, 'test device'), channels };
}

test('next() calls made at once get successive interrupts, each once', async () => {
  const { irq, channels } = setup();
  const it = irq.events();
  const a = it.next();
  const b = it.next();
  await tick();
  signal(channels[0]!.fd);
  assert.equal(await a, { value: { vector: 0, count: 1, missed: 0 }, done: false });
  await tick();
  signal(channels[0]!.fd, 2n);
  assert.equal(await b, { value: { vector: 0, count: 2, missed: 0 }, done: false });
  irq.close();
});

test('a pending next() ends with done on abort; later next() calls are done too', async () => {
  const { irq } = setup();
  const ac = new AbortController();
  const it = irq.events({ signal: ac.signal });
  const p = it.next();
  setTimeout(() => ac.abort(), 20);
  assert.equal(await p, { value: undefined, done: true });
  assert.equal(await it.next(), { value: undefined, done: true });
  irq.close();
});

test('break in for-await (return()) ends the loop and leaves the vector free for a wait', async () => {
  const { irq, channels } = setup();
  const seen: number[] = [];
  setTimeout(() => signal(channels[0]!.fd), 20);
  for await (const ev of irq.events()) {
    seen.push(ev.count);
    break;
  }
  assert.equal(seen, [1]);
  const w = irq.wait({ timeout: 1000 });
  signal(channels[0]!.fd);
  assert.equal(await w, { vector: 0, count: 1, missed: 0 });
  irq.close();
});

test('a real error (bad vector, EBUSY) is thrown by next() once; the iterator is done after it', async () => {
  const { irq } = setup(2);
  const bad = irq.events({ vector: 5 });
  await bad.next().then(() => assert.unreachable(), (e) => assert.match(e.message, /vector 5 does not exist on test device/));
  assert.equal(await bad.next(), { value: undefined, done: true });
  const off = irq.handle(() => {}, { vector: 1 });
  const busy = irq.events({ vector: 1 });
  await busy.next().then(() => assert.unreachable(), (e) => assert.is(e.code, 'EBUSY'));
  off();
  irq.close();
});

test.run();
