import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { mapFile } from '../../../runtime/mappings/file.js';
import { waitFor, WaitTimeoutError } from '../../../runtime/registers/wait.js';
import { tempDir } from '../fixtures.js';

const dir = tempDir('regmill-wait-');

function barFile(name: string): string {
  const file = path.join(dir, name);
  const fd = openSync(file, 'w');
  writeSync(fd, Buffer.alloc(4096));
  closeSync(fd);
  return file;
}

test('waitFor sees a bit another writer sets in the mapped file, without blocking the event loop', async () => {
  const file = barFile('csts-ready');
  const m = mapFile(file, { bar: 0, size: 4096 });
  let reads = 0;
  setTimeout(() => {
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from([1, 0, 0, 0]), 0, 4, 0x1c); // CSTS.RDY = 1 from another fd
    closeSync(fd);
  }, 20);
  const v = await waitFor(
    () => (reads++, m.mmio.read32(0x1c)),
    (csts) => (csts & 1) === 1,
    { timeoutMs: 2000, what: 'CSTS.RDY = 1' },
  );
  assert.is(v & 1, 1);
  assert.ok(reads > 1, 'it polled more than once');
  m.close();
});

test('waitFor times out with ETIMEDOUT, what was awaited, why, and the last value', async () => {
  const file = barFile('never');
  const m = mapFile(file, { bar: 0, size: 4096 });
  m.mmio.write32(0x1c, 0x2);
  const t0 = performance.now();
  try {
    await waitFor(() => m.mmio.read32(0x1c), (v) => (v & 1) === 1, { timeoutMs: 30, what: 'CSTS.RDY = 1 after CC.EN = 1', why: 'CAP.TO = 1 × 500 ms, scaled' });
    assert.unreachable('should time out');
  } catch (e) {
    assert.instance(e, WaitTimeoutError);
    const err = e as WaitTimeoutError;
    assert.is(err.code, 'ETIMEDOUT');
    assert.match(err.message, /timed out after \d+ ms waiting for CSTS\.RDY = 1 after CC\.EN = 1 \(CAP\.TO = 1 × 500 ms, scaled\); last value read: 0x2/);
    assert.is(err.last, 2);
    assert.ok(performance.now() - t0 >= 29);
  }
  m.close();
});

test('waitFor: immediate success reads once; abort rejects with the reason; bad timeout is a RangeError', async () => {
  let n = 0;
  assert.is(await waitFor(() => ++n, () => true, { timeoutMs: 0, what: 'x' }), 1);
  const ac = new AbortController();
  setTimeout(() => ac.abort(new Error('stopped by test')), 10);
  try {
    await waitFor(() => 0, () => false, { timeoutMs: 5000, what: 'never', signal: ac.signal });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /stopped by test/);
  }
  await waitFor(() => 0, () => true, { timeoutMs: -1, what: 'neg' }).then(
    () => assert.unreachable(),
    (e: Error) => assert.match(e.message, /non-negative/),
  );
});

test('waitFor: after its spins it polls once per event-loop turn until intervalMs has passed, not after a sleep', async () => {
  // Another setImmediate chain makes the condition true on its 40th turn; the wait sees it on the
  // next poll. Sleeping intervalMs (1 s here) after the spins, as before, would miss the timer below.
  let turns = 0;
  setImmediate(function step() {
    if (++turns < 40) setImmediate(step);
  });
  let late = false;
  const timer = setTimeout(() => (late = true), 500);
  let reads = 0;
  const v = await waitFor(() => (reads++, turns), (t) => t >= 40, { timeoutMs: 5000, what: 'turn 40', intervalMs: 1000 });
  clearTimeout(timer);
  assert.ok(v >= 40 && v <= 41, `seen on the turn after it happened (turn ${v})`);
  assert.not.ok(late, 'no sleep of intervalMs in between');
  assert.ok(reads > 16 + 20, `polled each turn after the spins (${reads} reads)`);
});

test.run();
