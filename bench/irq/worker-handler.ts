// The worker side of the "handler in a worker thread" rows of bench/irq: the thread blocks itself, then
// reads the eventfd and runs the generated handler, with no hop to another thread. Two ways to block:
// 'poll' (poll(2) through a synchronous ffi-rs call, then read) and 'read' (fs.readSync on a blocking
// eventfd: one read(2), no FFI at all). The runtime has no API for either (IrqDispatcher reads the fd on
// the main loop through libuv's epoll and resolves promises there); these rows measure what one would give.
import { readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { POLLIN } from '../../runtime/ffi/constants.js';
import * as libc from '../../runtime/ffi/libc.js';
import { readCounter } from '../../runtime/irq/eventfd-channel.js';
import { mapFileFd } from '../../runtime/mappings/file.js';
import type { Mmio } from '../../runtime/registers/mmio.js';
import { STOP, type WorkerInput, type WorkerOutput } from './worker-protocol.js';

interface Group {
  pending(): number;
  decode(set: number): string[];
  ack(set: number): void;
}

const input = workerData as WorkerInput;
const port = parentPort!;
try {
  const mod = (await import(pathToFileURL(input.modulePath).href)) as { IrqbenchMain: new (bar0: Mmio) => Group };
  const mapping = mapFileFd(input.barFd, 'irqbench BAR 0 (memfd, worker)', { bar: 0, size: 0x1000 }, false);
  try {
    const main = new mod.IrqbenchMain(mapping.mmio);
    const fds = libc.encodePollFds([{ fd: input.efd, events: POLLIN }]);
    const buf = Buffer.alloc(8);
    const wakes: [number, bigint][] = [];
    let seen = 0;
    port.postMessage('ready' satisfies WorkerOutput);
    while (seen < input.total) {
      let count: number;
      if (input.wait === 'read') {
        readSync(input.efd, buf, 0, 8, null);
        const n = buf.readBigUInt64LE(0);
        if (n >= STOP) throw new Error(`stopped by the main thread (${seen} of ${input.total} seen)`);
        count = Number(n);
      } else {
        let ready: number;
        try {
          ready = libc.poll(fds, input.timeoutMs);
        } catch (error) {
          if ((error as { code?: string }).code === 'EINTR') continue;
          throw error;
        }
        if (ready === 0) throw new Error(`no signal for ${input.timeoutMs} ms (${seen} of ${input.total} seen)`);
        count = readCounter(input.efd, buf, 'irqbench worker eventfd');
        if (count === 0) continue;
      }
      const pending = main.pending();
      if (main.decode(pending).length === 0) throw new Error('woken with nothing pending in the status register');
      main.ack(pending);
      wakes.push([count, process.hrtime.bigint()]);
      seen += count;
    }
    port.postMessage({ wakes } satisfies WorkerOutput);
  } finally {
    mapping.close();
  }
} catch (error) {
  port.postMessage({ error: (error as Error).message } satisfies WorkerOutput);
}
