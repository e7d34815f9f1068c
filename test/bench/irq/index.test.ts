// Smoke test of the interrupt wake-up benchmark: a tiny run yields well-formed rows and leaves no fd or
// child process behind. No timing is asserted (this is a shared machine).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatIrqRows, runIrqLatency } from '../../../bench/irq/index.js';
import { EFD_CLOEXEC, EFD_NONBLOCK } from '../../../runtime/ffi/constants.js';
import * as libc from '../../../runtime/ffi/libc.js';

const hasGcc = !spawnSync('gcc', ['--version']).error;
/** This process's eventfds and bench memfds (other fds may come and go with other suites in this process). */
const benchFds = (): string[] =>
  readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return ''; // the fd readdir itself used, closed by now
      }
    })
    .filter((target) => target === 'anon_inode:[eventfd]' || target.startsWith('/memfd:irqbench'))
    .sort();
/** Child processes of this one running the bench helper (ps and tsx's esbuild service are children too). */
const helpers = (): string[] =>
  spawnSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((c) => c.trim() === 'irqbench');

test('C, regmill handle() and events(), floor, before-issue-6 and worker rows over a tiny run; fds, workers and processes cleaned up', async () => {
  if (!hasGcc) return console.log('gcc not installed: skipped');
  await runIrqLatency({ quick: true, events: 10, rounds: 1, warmUp: 2, periodUs: 2000, cpuEvents: 100 }); // loads ffi-rs, tsx caches
  const fds = benchFds();
  const rows = await runIrqLatency({ quick: true, events: 30, rounds: 2, warmUp: 3, periodUs: 2000, cpuEvents: 200 });
  assert.equal(rows.map((r) => r.impl), [
    'C poll()+read() (gcc -O2)',
    'regmill irq.handle() + generated handler',
    'regmill irq.events() + generated handler (promise path)',
    'floor: the same handler in the bare FdReader callback (libuv epoll, no dispatcher)',
    'before issue 6: the same handler after bare libc.pollAsync + read (ffi-rs thread)',
    'probe: the same handler in a worker thread blocked in poll(2) (sync ffi-rs)',
    'probe: the same handler in a worker thread blocked in read(2) (fs.readSync)',
  ]);
  for (const r of rows) {
    // 15 measured signals per round; a wake-up that took two signals counts once.
    assert.ok(r.events > 0 && r.events <= 30, `${r.impl}: ${r.events} events`);
    assert.ok(r.coalesced >= 0 && r.coalesced <= r.events);
    assert.ok(r.medianUs > 0 && r.medianUs <= r.p99Us && r.p99Us <= r.maxUs, JSON.stringify(r));
    assert.is(r.medianVsC, r.medianUs / rows[0]!.medianUs);
    assert.is(r.p99VsC, r.p99Us / rows[0]!.p99Us);
  }
  // CPU per interrupt (self-signalled loop) on the handle() and events() rows only.
  assert.equal(rows.map((r) => r.cpuUs !== undefined && r.cpuUs > 0), [false, true, true, false, false, false, false]);
  assert.equal(benchFds(), fds, 'every eventfd and memfd is closed');
  assert.equal(helpers(), [], 'no writer or waiter process left');
  const lines = formatIrqRows(rows);
  assert.is(lines.filter((l) => l.startsWith('| ')).length, 1 + rows.length, 'a header and one line per row');
  assert.match(lines.find((l) => l.startsWith('| C '))!, /^\| C poll\(\)\+read\(\) \(gcc -O2\) \| \d+ \| [\d.]+ \(1\.00×\) \|/);
});

test('the helper refuses bad arguments with a usage line', () => {
  if (!hasGcc) return;
  const bin = path.resolve('bench/out/irqbench'); // built by the test above
  const r = spawnSync(bin, ['wait', 'x', '1', '1', '/dev/null'], { encoding: 'utf8' });
  assert.is(r.status, 2);
  assert.match(r.stderr, /EVENTFD must be a non-negative integer, got 'x'/);
  assert.match(spawnSync(bin, [], { encoding: 'utf8' }).stderr, /^usage: .* write EVENTFD COUNT PERIOD_US BAR_PATH/);
});

test('a waiter that gets no signal gives up after its timeout; a non-eventfd is refused', () => {
  if (!hasGcc) return;
  const bin = path.resolve('bench/out/irqbench');
  const bar = path.join(mkdtempSync(path.join(tmpdir(), 'regmill-irq-test-')), 'bar');
  writeFileSync(bar, Buffer.alloc(4096));
  const efd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  try {
    const r = spawnSync(bin, ['wait', '3', '1', '50', bar], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', efd] });
    assert.is(r.status, 3, r.stderr);
    assert.match(r.stderr, /no signal on eventfd 3 for 50 ms \(0 of 1 seen\)/);
  } finally {
    libc.close(efd, 'test eventfd');
  }
  const r = spawnSync(bin, ['wait', '0', '1', '1000', bar], { encoding: 'utf8', input: '' });
  rmSync(path.dirname(bar), { recursive: true });
  assert.is(r.status, 1);
  assert.match(r.stderr, /read eventfd 0: short read \(not an eventfd\?\)/);
});

test('without gcc on PATH: no rows, one clear line', async () => {
  const saved = { path: process.env['PATH'], error: console.error };
  const errors: string[] = [];
  process.env['PATH'] = '/nonexistent';
  console.error = (...args: unknown[]) => void errors.push(args.join(' '));
  try {
    assert.equal(await runIrqLatency({ quick: true, events: 4, rounds: 1 }), []);
  } finally {
    process.env['PATH'] = saved.path;
    console.error = saved.error;
  }
  assert.equal(errors, ['bench: gcc not found on PATH; skipping the interrupt wake-up latency rows']);
});

test.run();
