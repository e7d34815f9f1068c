// irq.handle(): the handler runs from the fd read callback for every interrupt on its vector, re-arming
// after it returns; one consumer per vector (handler or waits); unsubscribe, abort, close, handler errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { IrqEvent } from '../../../runtime/device-types.js';
import { IrqDispatcher, noIrq } from '../../../runtime/irq/dispatcher.js';
import { EventfdChannel } from '../../../runtime/irq/eventfd-channel.js';
import { UioChannel } from '../../../runtime/irq/uio-channel.js';
import * as libc from '../../../runtime/ffi/libc.js';
import { O_NONBLOCK, O_RDWR } from '../../../runtime/ffi/constants.js';
import { tempDir } from '../fixtures.js';

function signal(fd: number, n = 1n): void {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  writeSync(fd, b, 0, 8);
}

function eventfds(): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === 'anon_inode:[eventfd]';
    } catch {
      return false;
    }
  }).length;
}

function setup(vectors = 1) {
  const arms: number[] = [];
  const channels = Array.from({ length: vectors }, (_, v) => new EventfdChannel(v, `test vector ${v}`, () => arms.push(v)));
  return { irq: new IrqDispatcher(vectors === 1 ? 'intx' : 'msix', channels, 'test device'), channels, arms };
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `n` events have reached the handler it records into. */
function collector(n: number) {
  const events: IrqEvent[] = [];
  let done: () => void = () => {};
  const reached = new Promise<void>((r) => (done = r));
  const timeout = setTimeout(() => done(), 5000);
  const handler = (ev: IrqEvent) => {
    events.push(ev);
    if (events.length === n) (clearTimeout(timeout), done());
  };
  return { events, handler, reached };
}

test('a child process signalling the eventfd runs the handler once per interrupt, re-arming after each', async () => {
  const { irq, channels, arms } = setup();
  const c = collector(3);
  const armsAtEvent: number[] = [];
  const off = irq.handle((ev) => (armsAtEvent.push(arms.length), c.handler(ev)));
  assert.equal(arms, [0], 'armed when subscribed');
  const child = spawn(
    process.execPath,
    ['-e', `const b=Buffer.alloc(8);b.writeBigUInt64LE(1n);let i=0;const t=setInterval(()=>{require('fs').writeSync(3,b,0,8);if(++i===3)clearInterval(t)},30)`],
    { stdio: ['ignore', 'ignore', 'inherit', channels[0]!.fd] },
  );
  await c.reached;
  await new Promise((r) => child.on('exit', r));
  assert.equal(c.events, [
    { vector: 0, count: 1, missed: 0 },
    { vector: 0, count: 1, missed: 0 },
    { vector: 0, count: 1, missed: 0 },
  ]);
  // The handler runs before its re-arm (the driver acknowledges the device first, as with wait()).
  assert.equal(armsAtEvent, [1, 2, 3]);
  assert.is(arms.length, 4);
  off();
  irq.close();
});

test('interrupts pending before handle() reach the handler as missed, from a microtask, not inside handle()', async () => {
  const { irq, channels, arms } = setup();
  signal(channels[0]!.fd, 3n);
  const c = collector(2);
  const off = irq.handle(c.handler);
  assert.equal(c.events, [], 'not called synchronously');
  assert.equal(arms, [], 'pending interrupt: no re-arm before the handler ran');
  await Promise.resolve();
  assert.equal(c.events, [{ vector: 0, count: 3, missed: 3 }]);
  assert.equal(arms, [0], 're-armed after the handler');
  signal(channels[0]!.fd);
  await c.reached;
  assert.equal(c.events[1], { vector: 0, count: 1, missed: 0 });
  off();
  irq.close();
});

test('unsubscribe stops the watch; later interrupts wait in the kernel for the next wait, as missed; idempotent', async () => {
  const { irq, channels } = setup();
  const c = collector(1);
  const off = irq.handle(c.handler);
  signal(channels[0]!.fd);
  await c.reached;
  off();
  off();
  signal(channels[0]!.fd, 2n);
  await tick();
  assert.is(c.events.length, 1, 'no call after unsubscribe');
  assert.equal(await irq.wait({ timeout: 1000 }), { vector: 0, count: 2, missed: 2 });
  // Unsubscribing from inside the handler: no further call, no re-arm.
  const seen: number[] = [];
  const off2 = irq.handle((ev) => (seen.push(ev.count), off2()));
  signal(channels[0]!.fd);
  await tick();
  signal(channels[0]!.fd);
  await tick();
  assert.equal(seen, [1]);
  assert.equal(await irq.wait({ timeout: 1000 }), { vector: 0, count: 1, missed: 1 });
  irq.close();
});

test('aborting the signal unsubscribes; an already aborted signal subscribes nothing', async () => {
  const { irq, channels } = setup();
  const ac = new AbortController();
  const c = collector(1);
  irq.handle(c.handler, { signal: ac.signal });
  signal(channels[0]!.fd);
  await c.reached;
  ac.abort();
  signal(channels[0]!.fd);
  await tick();
  assert.is(c.events.length, 1);
  assert.equal(await irq.wait({ timeout: 1000 }), { vector: 0, count: 1, missed: 1 });
  const off = irq.handle(() => assert.unreachable('handler of an aborted signal ran'), { signal: AbortSignal.abort() });
  signal(channels[0]!.fd);
  assert.equal(await irq.wait({ timeout: 1000 }), { vector: 0, count: 1, missed: 1 }, 'waits are not blocked by it');
  off();
  irq.close();
});

test('an error thrown by the handler is reported and the watch goes on; by default as a process warning', async () => {
  const { irq, channels } = setup();
  const errors: unknown[] = [];
  const c = collector(2);
  const off = irq.handle(
    (ev) => {
      c.handler(ev);
      if (c.events.length === 1) throw new Error('decode failed');
    },
    { onError: (e) => errors.push(e) },
  );
  signal(channels[0]!.fd);
  await tick();
  signal(channels[0]!.fd);
  await c.reached;
  assert.is(c.events.length, 2);
  assert.is(errors.length, 1);
  assert.is((errors[0] as Error).message, 'decode failed');
  off();

  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  const seen: number[] = [];
  const off2 = irq.handle((ev) => {
    seen.push(ev.count);
    throw new TypeError('boom');
  });
  signal(channels[0]!.fd);
  await tick();
  signal(channels[0]!.fd);
  await tick();
  process.off('warning', onWarning);
  assert.equal(seen, [1, 1]);
  assert.is(warnings.length, 2);
  assert.is(warnings[0]!.name, 'IrqHandlerError');
  assert.is(warnings[0]!.message, 'irq handler on vector 0 of test device: boom');
  off2();
  irq.close();
});

test('one consumer per vector: wait() rejects EBUSY under a handler, handle() throws EBUSY under waits or a handler', async () => {
  const { irq, channels } = setup(2);
  const off = irq.handle(() => {});
  await irq.wait({ timeout: 100 }).then(
    () => assert.unreachable(),
    (e) => (assert.is(e.code, 'EBUSY'), assert.match(e.message, /vector 0 of test device is taken by a handler/)),
  );
  try {
    irq.handle(() => {});
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'EBUSY');
    assert.match((e as Error).message, /already has a handler/);
  }
  // Vector 1 is independent: waits there work while vector 0 has a handler.
  const w = irq.wait({ vector: 1, timeout: 1000 });
  signal(channels[1]!.fd);
  assert.equal(await w, { vector: 1, count: 1, missed: 0 });
  const pending = irq.wait({ vector: 1 });
  try {
    irq.handle(() => {}, { vector: 1 });
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'EBUSY');
    assert.match((e as Error).message, /vector 1 of test device has pending waits/);
  }
  off();
  // After unsubscribing, vector 0 can be waited on again.
  signal(channels[0]!.fd);
  assert.equal(await irq.wait({ timeout: 1000 }), { vector: 0, count: 1, missed: 1 });
  irq.close();
  await pending.catch(() => {});
});

test('bad arguments and closed devices are clear errors', () => {
  const { irq } = setup(2);
  assert.throws(() => irq.handle(() => {}, { vector: 2 }), /vector 2 does not exist on test device \(msix, 2 vectors\)/);
  assert.throws(() => irq.handle(() => {}, { vector: -1 }), /vector -1 does not exist/);
  assert.throws(() => irq.handle(undefined as unknown as () => void), /handler must be a function/);
  irq.close();
  assert.throws(() => irq.handle(() => {}), /irq handle: test device is closed/);
  assert.throws(() => noIrq('no interrupts here').handle(() => {}), /irq handle: no interrupts here/);
});

test('close() ends every handler and closes the fds; a handler keeps the process alive until then', async () => {
  const before = eventfds();
  const { irq, channels } = setup(2);
  const seen: number[] = [];
  irq.handle((ev) => seen.push(ev.vector), { vector: 1 });
  signal(channels[1]!.fd);
  await tick();
  irq.close();
  assert.is(eventfds(), before);
  assert.equal(seen, [1]);

  const run = (body: string) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { IrqDispatcher } from ${JSON.stringify(path.resolve('runtime/irq/dispatcher.ts'))};
         import { EventfdChannel } from ${JSON.stringify(path.resolve('runtime/irq/eventfd-channel.ts'))};
         const channel = new EventfdChannel(0, 'x');
         const irq = new IrqDispatcher('msi', [channel], 'child device');
         const t0 = Date.now();
         process.on('exit', () => console.log('exit after', Date.now() - t0 >= 250 ? 'the close' : 'nothing'));
         ${body}`,
      ],
      { encoding: 'utf8', timeout: 10000, cwd: process.cwd() },
    );
  const held = run(`irq.handle(() => {}); setTimeout(() => irq.close(), 300).unref();`);
  assert.is(held.status, 0, held.stderr);
  assert.is(held.stdout.trim(), 'exit after the close');
  const off = run(`const off = irq.handle(() => {}); off();`);
  assert.is(off.status, 0, off.stderr);
  assert.is(off.stdout.trim(), 'exit after nothing');
  // close() from inside the handler: no re-arm, no further call, clean exit.
  const inside = run(`irq.handle((ev) => { console.log('got ' + ev.count); irq.close(); }); const b = Buffer.alloc(8); b.writeBigUInt64LE(2n); (await import('node:fs')).writeSync(channel.fd, b);`);
  assert.is(inside.status, 0, inside.stderr);
  assert.is(inside.stdout.trim(), 'got 2\nexit after nothing');
});

test('UIO channel: count from the running total, re-arm after the handler; a bad read ends the subscription, reported', async () => {
  const dir = tempDir();
  const fifo = path.join(dir, 'uio0');
  execFileSync('mkfifo', [fifo]);
  const fd = libc.open(fifo, O_RDWR | O_NONBLOCK);
  let rearms = 0;
  const irq = new IrqDispatcher('intx', [new UioChannel({ fd, label: fifo, baseline: 2, rearm: () => rearms++ })], 'uio test');
  const total = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    writeSync(fd, b, 0, 4);
  };
  total(5); // three interrupts before anyone listened
  const errors: Error[] = [];
  const c = collector(2);
  irq.handle(c.handler, { onError: (e) => errors.push(e as Error) });
  total(6);
  await c.reached;
  assert.equal(c.events, [
    { vector: 0, count: 3, missed: 3 },
    { vector: 0, count: 1, missed: 0 },
  ]);
  assert.is(rearms, 2, 'one re-arm after each handler run');
  // A short read is not a UIO event count: reported, and the vector is free again.
  writeSync(fd, Buffer.from([1, 2]), 0, 2);
  await tick();
  assert.is(errors.length, 1);
  assert.match(errors[0]!.message, /expected the 4-byte UIO event count, got 2 bytes/);
  const w = irq.wait({ timeout: 2000 });
  await tick();
  total(7);
  assert.equal(await w, { vector: 0, count: 1, missed: 0 });
  irq.close();
});

test.run();
