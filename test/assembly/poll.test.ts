// A wasm polling loop must see a change made by someone else while it spins: a worker thread and a
// separate process each set the bit through their own path to the memfd (pwrite), never through the
// window. A loop that hoisted its load would spin to maxReads and return -1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { openDemo, pwrite32 } from '../fixtures/wasm/helpers.js';

/**
 * Polls in wasm until the bit shows, in rounds of 10^8 reads (a fraction of a second each), for at most
 * 30 s of wall time: on a loaded machine the other side may take seconds to start. Returns the total
 * number of reads, or -1.
 */
function pollFor(poll: () => number): number {
  const until = Date.now() + 30_000;
  let total = 0;
  while (Date.now() < until) {
    const r = poll();
    if (r >= 0) return total + r;
    total += 100_000_000;
  }
  return -1;
}

test('pollUntil sees a bit set by a worker thread', async () => {
  const { dev, barFd } = await openDemo();
  pwrite32(barFd, 0x04, 0);
  const worker = new Worker(
    `const fs = require('node:fs');
     const { fd } = require('node:worker_threads').workerData;
     setTimeout(() => { const b = Buffer.alloc(4); b.writeUInt32LE(2); fs.writeSync(fd, b, 0, 4, 4); }, 150);`,
    { eval: true, workerData: { fd: barFd } },
  );
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  const reads = pollFor(() => dev.pollUntil$status(0x2, 0x2, 100_000_000) as number);
  await exited;
  assert.ok(reads > 1000, `the loop spun (${reads} reads) and then saw the bit`);
});

test('pollUntil sees a bit set by another process', async () => {
  const { dev, barFd } = await openDemo();
  pwrite32(barFd, 0x2c, 0);
  const child = spawn(process.execPath, [
    '-e',
    `const fs = require('node:fs');
     const fd = fs.openSync('/proc/${process.pid}/fd/${barFd}', 'r+');
     setTimeout(() => { const b = Buffer.alloc(4); b.writeUInt32LE(0x80000000); fs.writeSync(fd, b, 0, 4, 0x2c); }, 150);`,
  ], { stdio: 'inherit' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const reads = pollFor(() => dev.pollUntil$tdh(0x80000000, 0x80000000, 100_000_000) as number);
  assert.is(await exited, 0);
  assert.ok(reads > 1000, `the loop spun (${reads} reads) and then saw the bit`);
});

test.run();
