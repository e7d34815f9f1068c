// Interrupt wake-up latency (issue 6): another process plays the device, storing a cause in a status
// register (a memfd standing in for BAR 0) and signalling an eventfd every ~1 ms, as an MSI delivered
// through VFIO does. Measured per event: the writer's timestamp just before write(2) → the moment the
// handler has run. Two handlers on the same kind of eventfd:
// - C: poll() + read(), then status & enable and a w1c ack through volatile pointers (bench/irq/irq.c);
// - regmill: the runtime's IrqDispatcher (what `Device.irq` is under VFIO) over an EventfdChannel,
//   `handle()` (the regmill row) and `events()` (the promise path), running the generated interrupt
//   group of irqbench.regs: pending(), decode(), ack().
// Both timestamps are CLOCK_MONOTONIC (process.hrtime.bigint() in Node), so they compare across processes.
//
// From bench/run.ts: `await runIrqLatency({ quick })`; the rows print with formatIrqRows(rows).
// Alone: `node --import tsx bench/irq/index.ts [--quick] [--json]`.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EFD_CLOEXEC, EFD_NONBLOCK, MFD_CLOEXEC, POLLIN } from '../../runtime/ffi/constants.js';
import * as libc from '../../runtime/ffi/libc.js';
import { IrqDispatcher } from '../../runtime/irq/dispatcher.js';
import { EventfdChannel, readCounter } from '../../runtime/irq/eventfd-channel.js';
import { FdReader } from '../../runtime/irq/fd-reader.js';
import { mapFileFd } from '../../runtime/mappings/file.js';
import type { Mmio } from '../../runtime/registers/mmio.js';
import { generateTs } from '../python/generate.js';
import { runIrqCpu } from './cpu.js';
import { STOP, type WorkerInput, type WorkerOutput } from './worker-protocol.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../out');
const BAR_SIZE = 0x1000;

export interface IrqRow {
  readonly impl: string;
  /** Wake-ups measured (warm-up excluded). */
  readonly events: number;
  readonly medianUs: number;
  readonly p99Us: number;
  readonly maxUs: number;
  /** Wake-ups that found more than one signal (the handler fell a whole period behind). */
  readonly coalesced: number;
  /** Ratios to the C row of the same run (1 for the C row). */
  readonly medianVsC: number;
  readonly p99VsC: number;
  /** handle() and events() rows: CPU µs per interrupt in the self-signalled loop of bench/irq/cpu.ts. */
  readonly cpuUs?: number;
}

export interface IrqOptions {
  readonly quick: boolean;
  /** Measured events in all (default 1000, 200 with quick), split over `rounds` (default 4, 2 with quick). */
  readonly events?: number;
  readonly rounds?: number;
  /** Unmeasured events at the start of each round (default 20). */
  readonly warmUp?: number;
  /** Writer period in µs (default 1000). */
  readonly periodUs?: number;
  /** Interrupts per round of the CPU-time loop (bench/irq/cpu.ts; default 10000, 4000 with quick). */
  readonly cpuEvents?: number;
}

/** The part of the generated irqbench.regs module used here. */
interface IrqbenchGroup {
  pending(): number;
  decode(set: number): string[];
  ack(set: number): void;
  enable(set: number): void;
}
interface IrqbenchTs {
  IrqbenchMain: { readonly rx: number; readonly tx: number } & (new (bar0: Mmio) => IrqbenchGroup);
}

/** One wake-up: how many signals the eventfd counter held, and when the handler had run (ns). */
interface Wake {
  readonly count: number;
  readonly at: bigint;
}

/** One writer run: its signal timestamps and the handler's wake-ups. */
interface Round {
  readonly writes: readonly bigint[];
  readonly wakes: readonly Wake[];
}

interface Child {
  readonly done: Promise<string>;
  kill(): void;
}

/** Starts `bin` with `fd` as its descriptor 3; `done` resolves to stdout, rejects on failure or after `timeoutMs`. */
function start(bin: string, args: string[], fd: number, timeoutMs: number): Child {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe', fd] });
  let stdout = '';
  let stderr = '';
  // stdout and stderr are pipes (stdio above); the fd-3 element is what widens their types to nullable.
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const kill = (): void => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  let timedOut = false;
  const done = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => ((timedOut = true), kill()), timeoutMs);
    child.on('error', (e) => (clearTimeout(timer), reject(new Error(`${path.basename(bin)} ${args[0]}: ${e.message}`))));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path.basename(bin)} ${args.join(' ')} ${timedOut ? `killed after ${timeoutMs} ms` : code === null ? `killed by ${signal}` : `exited ${code}`}: ${stderr.trim()}`));
    });
  });
  return { done, kill };
}

/** Latencies in µs of a round's measured wake-ups: handler time minus the write time of the newest signal it took. */
function latencies(round: Round, warmUp: number): { us: number[]; coalesced: number } {
  const { writes, wakes } = round;
  const us: number[] = [];
  let coalesced = 0;
  let seen = 0;
  for (const w of wakes) {
    seen += w.count;
    if (seen > writes.length) throw new Error(`irq bench: ${seen} signals received but the writer sent ${writes.length}`);
    if (seen - 1 < warmUp) continue;
    us.push(Number(w.at - writes[seen - 1]!) / 1000);
    if (w.count > 1) coalesced++;
  }
  if (seen !== writes.length) throw new Error(`irq bench: the writer sent ${writes.length} signals but ${seen} were received`);
  return { us, coalesced };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function summarize(impl: string, rounds: readonly Round[], warmUp: number): Omit<IrqRow, 'medianVsC' | 'p99VsC'> {
  const all = rounds.map((r) => latencies(r, warmUp));
  const s = all.flatMap((m) => m.us).sort((a, b) => a - b);
  if (s.length === 0) throw new Error(`irq bench: ${impl}: no measured events`);
  const coalesced = all.reduce((n, m) => n + m.coalesced, 0);
  return { impl, events: s.length, medianUs: percentile(s, 0.5), p99Us: percentile(s, 0.99), maxUs: s[s.length - 1]!, coalesced };
}

const parseWrites = (stdout: string): bigint[] => stdout.trim().split('\n').map((l) => BigInt(l));

interface RoundSetup {
  readonly bin: string;
  readonly barPath: string;
  /** Signals per round, warm-up included. */
  readonly total: number;
  readonly periodUs: number;
  readonly deadlineMs: number;
}

/** The C baseline: the C writer and the C poll()+read() waiter on one eventfd created here. */
async function measureC(r: RoundSetup): Promise<Round> {
  const efd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  try {
    const waiter = start(r.bin, ['wait', '3', String(r.total), '5000', r.barPath], efd, r.deadlineMs);
    // The waiter is polling within a few ms; the warm-up events absorb a late start.
    const writer = start(r.bin, ['write', '3', String(r.total), String(r.periodUs), r.barPath], efd, r.deadlineMs);
    const failed = (e: Error): Promise<never> => (waiter.kill(), writer.kill(), Promise.reject(e));
    const [waited, written] = await Promise.all([waiter.done.catch(failed), writer.done.catch(failed)]);
    const wakes = waited
      .trim()
      .split('\n')
      .map((l) => {
        const [count, at] = l.split(' ');
        return { count: Number(count), at: BigInt(at!) };
      });
    return { writes: parseWrites(written), wakes };
  } finally {
    libc.close(efd, 'C baseline eventfd');
  }
}

/**
 * regmill, the promise path: `for await (const ev of irq.events())` over the same dispatcher; the
 * generated interrupt group decodes and acks. Closing the dispatcher is what ends the loop if the writer fails.
 */
async function measureEvents(r: RoundSetup, main: IrqbenchGroup): Promise<Round> {
  const channel = new EventfdChannel(0, 'irqbench MSI vector 0 eventfd');
  const irq = new IrqDispatcher('msi', [channel], 'irqbench (eventfd)');
  let writer: Child | undefined;
  let grace: NodeJS.Timeout | undefined;
  try {
    writer = start(r.bin, ['write', '3', String(r.total), String(r.periodUs), r.barPath], channel.fd, r.deadlineMs);
    // A writer that fails (or is killed at the deadline) ends the wait loop instead of leaving it hanging;
    // so does a signal that never arrives after the writer has finished.
    const writerDone = writer.done;
    writerDone.then(
      () => (grace = setTimeout(() => irq.close(), 5000)),
      () => irq.close(),
    );
    const wakes: Wake[] = [];
    let seen = 0;
    let decodedNewest = 0;
    for await (const ev of irq.events()) {
      // The handler a driver would run: which causes, then acknowledge them.
      const pending = main.pending();
      const causes = main.decode(pending);
      main.ack(pending);
      const at = process.hrtime.bigint();
      wakes.push({ count: ev.count, at });
      if (causes.length === 0) throw new Error('irq bench: woken with nothing pending in the status register');
      seen += ev.count;
      if (causes[0] === ((seen - 1) & 1 ? 'tx' : 'rx')) decodedNewest++;
      if (seen >= r.total) break;
    }
    const writes = parseWrites(await writerDone);
    if (seen < r.total) throw new Error(`irq bench: the writer sent ${r.total} signals but the dispatcher delivered ${seen} within 5 s`);
    // The writer stores the newest event's cause before signalling: the decoded cause names it unless the
    // handler ran so late that the next event had already been stored.
    if (decodedNewest < wakes.length / 2) throw new Error(`irq bench: the handler decoded the writer's cause in only ${decodedNewest} of ${wakes.length} wake-ups`);
    return { writes, wakes };
  } finally {
    clearTimeout(grace);
    writer?.kill();
    irq.close();
  }
}

/**
 * regmill, the handler API: `irq.handle()` runs the generated handler straight from the dispatcher's
 * read callback (no promise, no async iterator) and re-arms after it. This is the regmill row.
 */
async function measureHandle(r: RoundSetup, main: IrqbenchGroup): Promise<Round> {
  const channel = new EventfdChannel(0, 'irqbench MSI vector 0 eventfd');
  const irq = new IrqDispatcher('msi', [channel], 'irqbench (eventfd)');
  const wakes: Wake[] = [];
  let seen = 0;
  let decodedNewest = 0;
  let settle: (error?: Error) => void = () => {};
  const finished = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
  let writer: Child | undefined;
  let grace: NodeJS.Timeout | undefined;
  try {
    const off = irq.handle(
      (ev) => {
        const pending = main.pending();
        const causes = main.decode(pending);
        main.ack(pending);
        wakes.push({ count: ev.count, at: process.hrtime.bigint() });
        if (causes.length === 0) throw new Error('irq bench: woken with nothing pending in the status register');
        seen += ev.count;
        if (causes[0] === ((seen - 1) & 1 ? 'tx' : 'rx')) decodedNewest++;
        if (seen >= r.total) (off(), settle());
      },
      { onError: (error) => settle(error as Error) },
    );
    writer = start(r.bin, ['write', '3', String(r.total), String(r.periodUs), r.barPath], channel.fd, r.deadlineMs);
    // A writer that fails ends the run; so does a signal that never arrives after the writer has finished.
    writer.done.then(
      () => (grace = setTimeout(() => settle(new Error(`irq bench: the writer sent ${r.total} signals but the handler saw ${seen} within 5 s`)), 5000)),
      (error: Error) => settle(error),
    );
    await finished;
    const writes = parseWrites(await writer.done);
    if (decodedNewest < wakes.length / 2) throw new Error(`irq bench: the handler decoded the writer's cause in only ${decodedNewest} of ${wakes.length} wake-ups`);
    return { writes, wakes };
  } finally {
    clearTimeout(grace);
    writer?.kill();
    writer?.done.catch(() => {}); // its failure was reported above or does not matter any more
    irq.close();
  }
}

/**
 * The floor under the regmill row, for finding where its time goes: the same handler run straight from
 * the FdReader callback (libuv epoll on the main loop reading the eventfd, the dispatcher's wait), without
 * the dispatcher, its promises or the async iterator.
 */
async function measureReaderFloor(r: RoundSetup, main: IrqbenchGroup): Promise<Round> {
  const efd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  const wakes: Wake[] = [];
  let seen = 0;
  let settle: (error?: Error) => void = () => {};
  const finished = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
  const reader = new FdReader({
    fd: efd,
    size: 8,
    label: 'reader floor eventfd',
    onRecord: (bytes) => {
      const count = Number(bytes.readBigUInt64LE(0));
      const pending = main.pending();
      main.decode(pending);
      main.ack(pending);
      wakes.push({ count, at: process.hrtime.bigint() });
      seen += count;
      if (seen >= r.total) (reader.stop(), settle());
    },
    onError: (error) => settle(error),
  });
  const writer = start(r.bin, ['write', '3', String(r.total), String(r.periodUs), r.barPath], efd, r.deadlineMs);
  let grace: NodeJS.Timeout | undefined;
  try {
    writer.done.then(
      () => (grace = setTimeout(() => settle(new Error(`irq bench: the writer sent ${r.total} signals but the reader saw ${seen}`)), 5000)),
      (error: Error) => settle(error),
    );
    reader.start();
    await finished;
    return { writes: parseWrites(await writer.done), wakes };
  } finally {
    clearTimeout(grace);
    writer.kill();
    writer.done.catch(() => {}); // its failure was reported above or does not matter any more
    reader.close(); // closes the eventfd
  }
}

/**
 * The wait the runtime used before issue 6, for comparison: a bare libc.pollAsync (poll(2) on an ffi-rs
 * thread from the libuv threadpool, then a hop back to the main loop) and read(2), without a dispatcher.
 */
async function measurePollFloor(r: RoundSetup, main: IrqbenchGroup): Promise<Round> {
  const efd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  const fds = libc.encodePollFds([{ fd: efd, events: POLLIN }]);
  const buf = Buffer.alloc(8);
  const writer = start(r.bin, ['write', '3', String(r.total), String(r.periodUs), r.barPath], efd, r.deadlineMs);
  try {
    const wakes: Wake[] = [];
    let seen = 0;
    while (seen < r.total) {
      // A short poll timeout, so that a writer that died is noticed instead of blocking on a native thread.
      if ((await libc.pollAsync(fds, 200)) === 0) {
        if (await Promise.race([writer.done.then(() => true), new Promise<false>((res) => setImmediate(res, false))])) {
          throw new Error(`irq bench: the writer sent ${r.total} signals but poll saw ${seen}`);
        }
        continue;
      }
      const count = readCounter(efd, buf, 'poll floor eventfd');
      if (count === 0) continue;
      const pending = main.pending();
      main.decode(pending);
      main.ack(pending);
      wakes.push({ count, at: process.hrtime.bigint() });
      seen += count;
    }
    return { writes: parseWrites(await writer.done), wakes };
  } finally {
    writer.kill();
    writer.done.catch(() => {}); // its failure was reported by the loop or does not matter any more
    libc.close(efd, 'poll floor eventfd');
  }
}

/** The next message from `worker`; rejects if it fails or exits first. */
function nextMessage(worker: Worker): Promise<WorkerOutput> {
  return new Promise((resolve, reject) => {
    const off = (): void => void (worker.off('message', onMessage), worker.off('error', onError), worker.off('exit', onExit));
    const onMessage = (m: WorkerOutput): void => (off(), resolve(m));
    const onError = (e: Error): void => (off(), reject(new Error(`irq bench worker: ${e.message}`)));
    const onExit = (code: number): void => (off(), reject(new Error(`irq bench worker exited (${code}) before reporting`)));
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

/**
 * The generated handler in a worker thread that blocks itself (bench/irq/worker-handler.ts), in poll(2)
 * or in read(2): no hop to the main loop. Not a runtime API yet; these rows show what one would give.
 */
async function measureWorker(r: RoundSetup, modulePath: string, barFd: number, wait: WorkerInput['wait']): Promise<Round> {
  // A blocking read(2) needs a blocking eventfd (O_NONBLOCK belongs to the open file, shared with the writer).
  const efd = libc.eventfd(0, (wait === 'poll' ? EFD_NONBLOCK : 0) | EFD_CLOEXEC);
  const input: WorkerInput = { entry: pathToFileURL(path.join(here, 'worker-handler.ts')).href, modulePath, efd, barFd, total: r.total, wait, timeoutMs: 5000 };
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: input });
  const stop = (): void => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(STOP);
    writeSync(efd, b, 0, 8);
  };
  let writer: Child | undefined;
  let grace: NodeJS.Timeout | undefined;
  try {
    const ready = await nextMessage(worker);
    if (ready !== 'ready') throw new Error(`irq bench worker: ${'error' in ready ? ready.error : 'did not start'}`);
    writer = start(r.bin, ['write', '3', String(r.total), String(r.periodUs), r.barPath], efd, r.deadlineMs);
    // A worker blocked in read(2) is stopped if the writer fails or a signal never comes after it finished.
    writer.done.then(
      () => (grace = setTimeout(stop, 5000)),
      () => stop(),
    );
    const [result, written] = await Promise.all([nextMessage(worker), writer.done]);
    if (result === 'ready' || 'error' in result) throw new Error(`irq bench worker: ${result === 'ready' ? 'ready twice' : result.error}`);
    return { writes: parseWrites(written), wakes: result.wakes.map(([count, at]) => ({ count, at })) };
  } finally {
    clearTimeout(grace);
    writer?.kill();
    if (wait === 'read') stop(); // harmless once the worker is done; frees it if it is still blocked
    await worker.terminate(); // returns once the worker is out of its blocking call
    libc.close(efd, 'worker eventfd');
  }
}

/** Compiles irq.c into bench/out/; undefined (with a line on stderr) when gcc is not installed. */
function buildHelper(): string | undefined {
  mkdirSync(out, { recursive: true });
  const bin = path.join(out, 'irqbench');
  const r = spawnSync('gcc', ['-O2', '-Wall', '-o', bin, path.join(here, 'irq.c')], { encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    console.error('bench: gcc not found on PATH; skipping the interrupt wake-up latency rows');
    return undefined;
  }
  if (r.status !== 0) throw new Error(`gcc -O2 bench/irq/irq.c failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return bin;
}

export async function runIrqLatency(opts: IrqOptions): Promise<IrqRow[]> {
  const events = opts.events ?? (opts.quick ? 200 : 1000);
  const rounds = opts.rounds ?? (opts.quick ? 2 : 4);
  const warmUp = opts.warmUp ?? 20;
  const periodUs = opts.periodUs ?? 1000;
  const total = warmUp + Math.ceil(events / rounds);
  const bin = buildHelper();
  if (!bin) return [];
  // Compiled before any measurement, so its garbage is not collected during one.
  const gen = await generateTs<IrqbenchTs>('bench/irq/irqbench.regs', 'irqbench');
  const barFd = libc.memfdCreate('irqbench-bar', MFD_CLOEXEC);
  try {
    ftruncateSync(barFd, BAR_SIZE);
    const setup: RoundSetup = { bin, barPath: `/proc/${process.pid}/fd/${barFd}`, total, periodUs, deadlineMs: 10_000 + ((total * periodUs) / 1000) * 3 };
    const mapping = mapFileFd(barFd, 'irqbench BAR 0 (memfd)', { bar: 0, size: BAR_SIZE }, false);
    const c: Round[] = [];
    const handled: Round[] = [];
    const js: Round[] = [];
    const floor: Round[] = [];
    const oldPoll: Round[] = [];
    const workerPoll: Round[] = [];
    const workerRead: Round[] = [];
    try {
      const main = new gen.module.IrqbenchMain(mapping.mmio);
      // Rounds alternate so that both handlers see the same load from the rest of the machine.
      for (let k = 0; k < rounds; k++) {
        c.push(await measureC(setup));
        main.enable(gen.module.IrqbenchMain.rx | gen.module.IrqbenchMain.tx); // the C waiter sets the same bits
        handled.push(await measureHandle(setup, main));
        js.push(await measureEvents(setup, main));
        floor.push(await measureReaderFloor(setup, main));
        oldPoll.push(await measurePollFloor(setup, main));
        workerPoll.push(await measureWorker(setup, gen.path, barFd, 'poll'));
        workerRead.push(await measureWorker(setup, gen.path, barFd, 'read'));
      }
    } finally {
      mapping.close();
    }
    const cRow = summarize('C poll()+read() (gcc -O2)', c, warmUp);
    const handleRow = summarize('regmill irq.handle() + generated handler', handled, warmUp);
    const jsRow = summarize('regmill irq.events() + generated handler (promise path)', js, warmUp);
    const floorRow = summarize('floor: the same handler in the bare FdReader callback (libuv epoll, no dispatcher)', floor, warmUp);
    const oldRow = summarize('before issue 6: the same handler after bare libc.pollAsync + read (ffi-rs thread)', oldPoll, warmUp);
    const pollRow = summarize('probe: the same handler in a worker thread blocked in poll(2) (sync ffi-rs)', workerPoll, warmUp);
    const readRow = summarize('probe: the same handler in a worker thread blocked in read(2) (fs.readSync)', workerRead, warmUp);
    // CPU time per interrupt: what each path costs, hardly moved by the machine's load (wake-ups are).
    const cpu = new Map((await runIrqCpu(opts.cpuEvents ?? (opts.quick ? 4000 : 10_000), opts.quick ? 3 : 5)).map((r) => [r.impl, r.cpuUsPerEvent]));
    const cpuOf = (r: Omit<IrqRow, 'medianVsC' | 'p99VsC'>) => (r === handleRow ? cpu.get('handle') : r === jsRow ? cpu.get('events') : undefined);
    return [cRow, handleRow, jsRow, floorRow, oldRow, pollRow, readRow].map((r) => ({ ...r, medianVsC: r.medianUs / cRow.medianUs, p99VsC: r.p99Us / cRow.p99Us, cpuUs: cpuOf(r) }));
  } finally {
    closeSync(barFd);
    gen.cleanup();
  }
}

const fmtUs = (us: number): string => (us >= 100 ? us.toFixed(0) : us.toFixed(1));

/** Table lines for the interrupt rows (target: regmill median ≤ 3× C). */
export function formatIrqRows(rows: readonly IrqRow[]): string[] {
  const lines = ['Interrupt wake-up latency, µs from the writer process signalling the eventfd to the handler having run (target: median ≤ 3× C)', ''];
  lines.push('| implementation | events | median | p99 | max | coalesced | CPU µs/interrupt (self-signalled) |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const cpu = r.cpuUs === undefined ? '' : r.cpuUs.toFixed(2);
    lines.push(`| ${r.impl} | ${r.events} | ${fmtUs(r.medianUs)} (${r.medianVsC.toFixed(2)}×) | ${fmtUs(r.p99Us)} (${r.p99VsC.toFixed(2)}×) | ${fmtUs(r.maxUs)} | ${r.coalesced} | ${cpu} |`);
  }
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  try {
    const rows = await runIrqLatency({ quick: argv.includes('--quick') });
    process.stdout.write(argv.includes('--json') ? JSON.stringify(rows, null, 2) + '\n' : formatIrqRows(rows).join('\n') + '\n');
  } catch (error) {
    console.error(`bench irq: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
