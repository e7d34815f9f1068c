import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Worker } from 'node:worker_threads';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { IrqDispatcher } from '../../../runtime/irq/dispatcher.js';
import { EventfdChannel } from '../../../runtime/irq/eventfd-channel.js';
import { UioChannel, irqcontrolWriter, uioRearm } from '../../../runtime/irq/uio-channel.js';
import { ConfigSpace, COMMAND_INTX_DISABLE, PCI_COMMAND } from '../../../runtime/pci/config-space.js';
import * as libc from '../../../runtime/ffi/libc.js';
import { O_NONBLOCK, O_RDWR } from '../../../runtime/ffi/constants.js';
import { tempDir, writeTree } from '../fixtures.js';

function signal(fd: number, n = 1n): void {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  writeSync(fd, b, 0, 8);
}

/** How many eventfds this process holds. */
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

/** A worker thread (which never loads ffi-rs) signals the eventfd `times` times, `gapMs` apart. */
function workerSignals(fd: number, times: number, gapMs: number): Worker {
  return new Worker(
    `const { writeSync } = require('fs'); const { workerData: d } = require('worker_threads');
     const b = Buffer.alloc(8); b.writeBigUInt64LE(1n); let i = 0;
     const t = setInterval(() => { writeSync(d.fd, b, 0, 8); if (++i === d.times) clearInterval(t); }, d.gapMs);`,
    { eval: true, workerData: { fd, times, gapMs } },
  );
}

test('an interrupt signalled from another thread resolves wait()', async () => {
  const { irq, channels, arms } = setup();
  const w = workerSignals(channels[0]!.fd, 1, 20);
  const ev = await irq.wait({ timeout: 5000 });
  assert.equal(ev, { vector: 0, count: 1, missed: 0 });
  assert.equal(arms, [0]);
  await w.terminate();
  irq.close();
});

test('an interrupt signalled from a child process resolves wait()', async () => {
  const { irq, channels } = setup();
  const child = spawn(process.execPath, ['-e', `setTimeout(()=>{const b=Buffer.alloc(8);b.writeBigUInt64LE(1n);require('fs').writeSync(3,b,0,8)},30)`], {
    stdio: ['ignore', 'ignore', 'inherit', channels[0]!.fd],
  });
  const ev = await irq.wait({ timeout: 5000 });
  assert.is(ev.count, 1);
  await new Promise((r) => child.on('exit', r));
  irq.close();
});

test('timeout rejects with ETIMEDOUT; the event that comes later is kept for the next waiter, as missed', async () => {
  const { irq, channels } = setup();
  const t0 = Date.now();
  try {
    await irq.wait({ timeout: 50 });
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'ETIMEDOUT');
    assert.match((e as Error).message, /vector 0 of test device timed out after 50 ms/);
  }
  assert.ok(Date.now() - t0 >= 45);
  signal(channels[0]!.fd);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(await irq.wait({ timeout: 1000 }), { vector: 0, count: 1, missed: 1 });
  irq.close();
});

test('abort rejects with the reason, leaves no waiter; an event raised after it is delivered once, as missed', async () => {
  const { irq, channels } = setup();
  const ac = new AbortController();
  const p = irq.wait({ signal: ac.signal });
  setTimeout(() => ac.abort(), 20);
  try {
    await p;
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  }
  // Raised while nobody waits (the bug: it used to arrive as count 1, missed 0), given a loop turn to be seen.
  signal(channels[0]!.fd);
  await new Promise((r) => setTimeout(r, 20));
  const first = await irq.wait({ timeout: 1000 });
  assert.equal(first, { vector: 0, count: 1, missed: 1 });
  // Nothing left: a second wait times out instead of seeing the same event again.
  await irq.wait({ timeout: 60 }).then(
    () => assert.unreachable('event delivered twice'),
    (e) => assert.is(e.code, 'ETIMEDOUT'),
  );
  // An already aborted signal rejects at once.
  await irq.wait({ signal: AbortSignal.abort() }).then(() => assert.unreachable(), (e) => assert.is(e.name, 'AbortError'));
  irq.close();
});

test('events() yields every interrupt, re-arming per iteration, until aborted', async () => {
  const { irq, channels, arms } = setup();
  const ac = new AbortController();
  const w = workerSignals(channels[0]!.fd, 3, 40);
  const seen = [];
  for await (const ev of irq.events({ signal: ac.signal })) {
    seen.push(ev.count);
    if (seen.length === 3) ac.abort();
  }
  assert.equal(seen, [1, 1, 1]);
  assert.ok(arms.length >= 3);
  await w.terminate();
  irq.close();
});

test('signals arriving while a wait is pending (SIGCHLD, SIGUSR2) do not break it', async () => {
  const { irq, channels } = setup();
  const onUsr2 = () => {};
  process.on('SIGUSR2', onUsr2);
  const p = irq.wait({ timeout: 10000 });
  await new Promise((r) => spawn(process.execPath, ['-e', '']).on('exit', r));
  for (let i = 0; i < 5; i++) process.kill(process.pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, 50));
  signal(channels[0]!.fd);
  assert.equal(await p, { vector: 0, count: 1, missed: 0 });
  process.off('SIGUSR2', onUsr2);
  irq.close();
});

test('counts that pile up while nobody waits are reported as missed', async () => {
  const { irq, channels } = setup();
  signal(channels[0]!.fd, 1n);
  signal(channels[0]!.fd, 4n);
  assert.equal(await irq.wait({ timeout: 1000 }), { vector: 0, count: 5, missed: 5 });
  irq.close();
});

test('signals that arrive while a wait is pending are not missed, even when they coalesce', async () => {
  const { irq, channels } = setup();
  const p = irq.wait({ timeout: 1000 });
  signal(channels[0]!.fd);
  signal(channels[0]!.fd, 2n); // before the event loop gets to read the eventfd
  assert.equal(await p, { vector: 0, count: 3, missed: 0 });
  // One missed, then one waited for: the missed one resolves the next wait at once, without re-arming.
  const { irq: irq2, channels: ch2, arms } = setup();
  signal(ch2[0]!.fd);
  assert.equal(await irq2.wait({ timeout: 1000 }), { vector: 0, count: 1, missed: 1 });
  assert.equal(arms, []);
  const q = irq2.wait({ timeout: 1000 });
  assert.equal(arms, [0]);
  signal(ch2[0]!.fd);
  assert.equal(await q, { vector: 0, count: 1, missed: 0 });
  irq.close();
  irq2.close();
});

test('right after a delivery: an interrupt during the handler is missed, one raised after the next wait starts is not', async () => {
  const { irq, channels, arms } = setup();
  const fd = channels[0]!.fd;
  const p = irq.wait({ timeout: 1000 });
  signal(fd);
  assert.equal(await p, { vector: 0, count: 1, missed: 0 });
  assert.equal(arms, [0]);
  // This code runs as the handler, in the same loop turn as the delivery (the usual events() loop).
  signal(fd);
  assert.equal(await irq.wait({ timeout: 1000 }), { vector: 0, count: 1, missed: 1 });
  assert.equal(arms, [0], 'not re-armed: that interrupt was pending');
  // The driver's pattern: wait, then make the device interrupt — in the same turn as the last delivery.
  const q = irq.wait({ timeout: 1000 });
  assert.equal(arms, [0, 0]);
  signal(fd);
  assert.equal(await q, { vector: 0, count: 1, missed: 0 });
  // With no wait after a delivery the watch stops: a later interrupt stays in the kernel until a wait.
  await new Promise((r) => setTimeout(r, 10));
  signal(fd, 2n);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(await irq.wait({ timeout: 1000 }), { vector: 0, count: 2, missed: 2 });
  irq.close();
});

test('every wait pending on a vector gets the same event, once', async () => {
  const { irq, channels } = setup();
  const a = irq.wait({ timeout: 1000 });
  const b = irq.wait({ timeout: 1000 });
  const aborted = new AbortController();
  const c = irq.wait({ signal: aborted.signal }).then(() => 'resolved', (e: Error) => e.name);
  aborted.abort(); // one of three leaves: the others still listen
  signal(channels[0]!.fd);
  assert.equal(await Promise.all([a, b]), [{ vector: 0, count: 1, missed: 0 }, { vector: 0, count: 1, missed: 0 }]);
  assert.is(await c, 'AbortError');
  await irq.wait({ timeout: 50 }).then(() => assert.unreachable('delivered twice'), (e) => assert.is(e.code, 'ETIMEDOUT'));
  irq.close();
});

test('waiting devices do not occupy the libuv threadpool (fs keeps working with 6 pending waits)', async () => {
  const devices = Array.from({ length: 6 }, () => setup());
  const pending = devices.map((d) => d.irq.wait({ timeout: 5000 }));
  const t0 = Date.now();
  await readFile('/proc/self/status');
  await Promise.all(Array.from({ length: 8 }, () => readFile('/proc/self/stat')));
  assert.ok(Date.now() - t0 < 1000, `fs.readFile took ${Date.now() - t0} ms while devices waited`);
  devices.forEach((d, i) => signal(d.channels[0]!.fd, BigInt(i + 1)));
  assert.equal((await Promise.all(pending)).map((e) => e.count), [1, 2, 3, 4, 5, 6]);
  for (const d of devices) d.irq.close();
});

test('close() closes the eventfds; an idle dispatcher does not keep the process alive, a pending wait does until close', () => {
  const before = eventfds();
  const { irq } = setup(3);
  assert.is(eventfds(), before + 3);
  irq.close();
  assert.is(eventfds(), before);
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
         const irq = new IrqDispatcher('intx', [channel], 'child device');
         const t0 = Date.now();
         process.on('exit', () => console.log('exit after', Date.now() - t0 >= 250 ? 'the close' : 'nothing'));
         ${body}`,
      ],
      { encoding: 'utf8', timeout: 10000, cwd: process.cwd() },
    );
  const idle = run(`irq.wait({ timeout: 20 }).catch(() => {});`); // a wait that timed out leaves nothing active
  assert.is(idle.status, 0, idle.stderr);
  assert.is(idle.stdout.trim(), 'exit after nothing');
  // A delivered wait with no wait after it leaves nothing active either.
  const delivered = run(`irq.wait().then((e) => console.log('got ' + e.count)); const b = Buffer.alloc(8); b.writeBigUInt64LE(1n); (await import('node:fs')).writeSync(channel.fd, b);`);
  assert.is(delivered.status, 0, delivered.stderr);
  assert.is(delivered.stdout.trim(), 'got 1\nexit after nothing');
  const waiting = run(`irq.wait().catch((e) => console.log(e.message)); setTimeout(() => irq.close(), 300).unref();`);
  assert.is(waiting.status, 0, waiting.stderr);
  assert.is(waiting.stdout.trim(), 'irq wait: child device was closed while waiting\nexit after the close');
});

test('vectors are independent', async () => {
  const { irq, channels } = setup(3);
  const v0 = irq.wait({ vector: 0, timeout: 300 });
  const v2 = irq.wait({ vector: 2, timeout: 1000 });
  signal(channels[2]!.fd);
  assert.equal(await v2, { vector: 2, count: 1, missed: 0 });
  await v0.then(() => assert.unreachable(), (e) => assert.is(e.code, 'ETIMEDOUT'));
  await irq.wait({ vector: 3 }).then(() => assert.unreachable(), (e) => assert.match(e.message, /vector 3 does not exist on test device \(msix, 3 vectors\)/));
  irq.close();
});

test('close() rejects pending waits; waits after close reject; the iterator ends', async () => {
  const { irq } = setup();
  const p = irq.wait();
  const it = irq.events()[Symbol.asyncIterator]();
  const n = it.next();
  setTimeout(() => irq.close(), 20);
  await p.then(() => assert.unreachable(), (e) => assert.match(e.message, /closed while waiting/));
  assert.equal(await n, { value: undefined, done: true });
  await irq.wait().then(() => assert.unreachable(), (e) => assert.match(e.message, /test device is closed/));
});

test('a process that exits while a wait is pending does not hang', () => {
  const script = `
    import { IrqDispatcher } from ${JSON.stringify(path.resolve('runtime/irq/dispatcher.ts'))};
    import { EventfdChannel } from ${JSON.stringify(path.resolve('runtime/irq/eventfd-channel.ts'))};
    const irq = new IrqDispatcher('intx', [new EventfdChannel(0, 'x')], 'child device');
    irq.wait().catch(() => {});
    setTimeout(() => { console.log('exiting'); process.exit(0); }, 100);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10000, cwd: process.cwd() });
  assert.is(r.signal, null, 'child hung and was killed');
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim(), 'exiting');
});

test('UIO channel: the running total gives count and missed; re-arm runs before each wait', async () => {
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
  const p = irq.wait({ timeout: 2000 });
  total(3);
  assert.equal(await p, { vector: 0, count: 1, missed: 0 });
  total(7); // four interrupts while the handler runs, before the next wait: delivered at once, without re-arming
  assert.equal(await irq.wait({ timeout: 2000 }), { vector: 0, count: 4, missed: 4 });
  assert.is(rearms, 1);
  const q = irq.wait({ timeout: 2000 });
  await new Promise((r) => setTimeout(r, 10)); // the check read finds nothing, then the source is armed
  assert.is(rearms, 2);
  total(8);
  assert.equal(await q, { vector: 0, count: 1, missed: 0 });
  // A short read is not a UIO event count: the wait fails with a clear error instead of guessing.
  const r = irq.wait({ timeout: 2000 });
  writeSync(fd, Buffer.from([1, 2]), 0, 2);
  await r.then(() => assert.unreachable(), (e) => assert.match(e.message, /expected the 4-byte UIO event count, got 2 bytes/));
  irq.close();
});

test('UIO re-arm: irqcontrol when it works, else the INTx-disable bit in config space (ENOSYS)', () => {
  const dir = tempDir();
  const cfgBytes = Buffer.alloc(256);
  cfgBytes.writeUInt16LE(0x0406, PCI_COMMAND); // memory + master + INTx disabled by the kernel's handler
  writeTree(dir, { config: cfgBytes });
  const cfg = new ConfigSpace(libc.open(path.join(dir, 'config'), O_RDWR), 'config');
  // A driver with irqcontrol: the write is all it takes, config space is never opened.
  const devNull = libc.open('/dev/null', O_RDWR);
  let opened = 0;
  uioRearm(irqcontrolWriter(devNull), '/dev/null', () => (opened++, cfg))();
  assert.is(opened, 0);
  libc.close(devNull);
  // uio_pci_generic: write() fails with ENOSYS, so the INTx-disable bit is cleared instead, every time.
  let writes = 0;
  const enosys = () => {
    writes++;
    throw Object.assign(new Error('ENOSYS'), { code: 'ENOSYS', errno: -38 });
  };
  const rearm = uioRearm(enosys, '/dev/uio0', () => (opened++, cfg));
  rearm();
  assert.is(cfg.read16(PCI_COMMAND), 0x0006);
  cfg.write16(PCI_COMMAND, 0x0406); // the next interrupt masks it again
  rearm();
  assert.is(cfg.read16(PCI_COMMAND) & COMMAND_INTX_DISABLE, 0);
  assert.is(writes, 1);
  assert.is(opened, 1);
  // Not PCI and no irqcontrol: a clear error.
  assert.throws(() => uioRearm(enosys, '/dev/uio3', undefined)(), /write \/dev\/uio3 \(irqcontrol\): ENOSYS \(Function not implemented\) — this UIO driver cannot re-enable/);
});

test.run();
