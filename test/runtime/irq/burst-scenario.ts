// FdReader.emptied() as a scenario both read engines run (burst.test.ts runs it here and, for the
// threaded-poll fallback, in a child with REGMILL_NO_NATIVE=1).
import { writeSync } from 'node:fs';
import { EFD_CLOEXEC, EFD_NONBLOCK } from '../../../runtime/ffi/constants.js';
import * as libc from '../../../runtime/ffi/libc.js';
import { FdReader } from '../../../runtime/irq/fd-reader.js';

export interface BurstLog {
  /** Per record: its counter value and the burst (drained count so far) it came in. */
  readonly records: [count: number, drainedBefore: number][];
  readonly drained: number;
  readonly errors: string[];
}

function signal(fd: number, n: bigint): void {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  writeSync(fd, b, 0, 8);
}

const until = async (ok: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
};

/**
 * 1. emptied() outside a read callback does nothing: the burst of the next signal (1) ends with onDrained.
 * 2. In the callback of record 2 the fd is signalled (4) and emptied() called (as a wait's pending check
 *    would after reading it empty): the burst ends without reading it and without onDrained, and the 4
 *    still arrives, once, from the fd's next readiness.
 */
export async function burstScenario(): Promise<BurstLog> {
  const fd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  const log: BurstLog = { records: [], drained: 0, errors: [] };
  let drained = 0;
  const r: FdReader = new FdReader({
    fd,
    size: 8,
    label: 'burst eventfd',
    onRecord: (b) => {
      const n = Number(b.readBigUInt64LE(0));
      log.records.push([n, drained]);
      if (n === 2) {
        signal(fd, 4n);
        r.emptied();
      }
    },
    onError: (e) => void log.errors.push(e.message),
    onDrained: () => void drained++,
  });
  r.start();
  r.emptied();
  signal(fd, 1n);
  await until(() => drained === 1);
  signal(fd, 2n);
  await until(() => log.records.length === 3 && drained === 2);
  await new Promise((res) => setTimeout(res, 20));
  r.close();
  return { ...log, drained };
}
