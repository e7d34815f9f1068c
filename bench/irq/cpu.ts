// CPU time per interrupt, self-signalled (issue 13): each handler has the eventfd signalled again from
// setImmediate (the next loop turn, after the handler's own read burst has ended, so every interrupt goes
// through epoll_wait as a device's does), so the loop runs flat out on one core and
// process.cpuUsage()/event is what the path costs — a measure that the machine's load hardly moves,
// unlike wake-up latency. handle() and events() rounds alternate.
// Alone: `node --import tsx bench/irq/cpu.ts [events-per-round] [rounds]`.
import { writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IrqDispatcher } from '../../runtime/irq/dispatcher.js';
import { EventfdChannel } from '../../runtime/irq/eventfd-channel.js';

export interface IrqCpuRow {
  readonly impl: 'handle' | 'events';
  /** Median over rounds of CPU µs (user + system) per delivered event. */
  readonly cpuUsPerEvent: number;
  readonly range: readonly [number, number];
}

const one = Buffer.alloc(8);
one.writeBigUInt64LE(1n);

/** The next interrupt (both paths pay the same for it). */
const signal = (fd: number) => (): void => void writeSync(fd, one, 0, 8);

function setup(): { irq: IrqDispatcher; fd: number } {
  const channel = new EventfdChannel(0, 'irq cpu bench eventfd');
  return { irq: new IrqDispatcher('msi', [channel], 'irq cpu bench'), fd: channel.fd };
}

async function roundHandle(n: number): Promise<number> {
  const { irq, fd } = setup();
  let seen = 0;
  const t0 = process.cpuUsage();
  await new Promise<void>((resolve, reject) => {
    const off = irq.handle(
      (ev) => {
        seen += ev.count;
        if (seen >= n) return off(), resolve();
        setImmediate(signal(fd));
      },
      { onError: reject },
    );
    writeSync(fd, one, 0, 8);
  });
  const t = process.cpuUsage(t0);
  irq.close();
  return (t.user + t.system) / seen;
}

async function roundEvents(n: number): Promise<number> {
  const { irq, fd } = setup();
  let seen = 0;
  let missed = 0;
  const t0 = process.cpuUsage();
  writeSync(fd, one, 0, 8);
  for await (const ev of irq.events()) {
    seen += ev.count;
    missed += ev.missed;
    if (seen >= n) break;
    // Signalled after the loop's next() has started the next wait, so the interrupt arrives while a wait
    // is pending, as a device's would: delivered with missed 0.
    setImmediate(signal(fd));
  }
  const t = process.cpuUsage(t0);
  irq.close();
  if (missed > 1) throw new Error(`irq cpu bench: events() reported ${missed} of ${seen} interrupts as missed (only the first should be)`);
  return (t.user + t.system) / seen;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function runIrqCpu(eventsPerRound = 20_000, rounds = 5): Promise<IrqCpuRow[]> {
  const h: number[] = [];
  const e: number[] = [];
  await roundHandle(Math.min(2000, eventsPerRound)); // warm-up, unmeasured
  await roundEvents(Math.min(2000, eventsPerRound));
  for (let k = 0; k < rounds; k++) {
    h.push(await roundHandle(eventsPerRound));
    e.push(await roundEvents(eventsPerRound));
  }
  const row = (impl: IrqCpuRow['impl'], xs: number[]): IrqCpuRow => ({ impl, cpuUsPerEvent: median(xs), range: [Math.min(...xs), Math.max(...xs)] });
  return [row('handle', h), row('events', e)];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [n, r] = process.argv.slice(2).map(Number);
  for (const row of await runIrqCpu(n || undefined, r || undefined)) {
    console.log(`irq.${row.impl}(): ${row.cpuUsPerEvent.toFixed(2)} µs CPU per event (rounds ${row.range[0].toFixed(2)}–${row.range[1].toFixed(2)})`);
  }
}
