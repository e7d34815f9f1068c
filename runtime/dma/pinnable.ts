// Whether `bytes` more can be pinned, asked before any page is touched: MAP_POPULATE faults in every
// page before mlock runs, so an over-large request (dma.alloc(2 ** 40)) used to fill memory until the
// OOM killer ended the process instead of failing. Two limits (mlock(2), proc(5)):
// - RLIMIT_MEMLOCK (/proc/self/limits "Max locked memory", soft) minus what is locked already
//   (/proc/self/status VmLck), unless the process has CAP_IPC_LOCK (CapEff bit 14), which lifts it;
// - MemAvailable (/proc/meminfo): pinned pages cannot be swapped out or reclaimed.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const CAP_IPC_LOCK = 14n;

export interface PinFacts {
  /** Soft RLIMIT_MEMLOCK in bytes; undefined when unlimited. */
  readonly memlockLimit: number | undefined;
  /** Bytes this process has locked already. */
  readonly locked: number;
  readonly capIpcLock: boolean;
  /** MemAvailable in bytes; undefined when /proc/meminfo does not say. */
  readonly available: number | undefined;
}

function field(text: string, re: RegExp): string | undefined {
  return re.exec(text)?.[1];
}

/** The facts from procfs (`procRoot` for tests); a file that cannot be read leaves its limit unchecked. */
export function pinFacts(procRoot = '/proc'): PinFacts {
  const read = (f: string): string => {
    try {
      return readFileSync(path.join(procRoot, f), 'utf8');
    } catch {
      return '';
    }
  };
  const limit = field(read('self/limits'), /^Max locked memory\s+(\S+)/m);
  const status = read('self/status');
  const capEff = field(status, /^CapEff:\s*([0-9a-fA-F]+)/m);
  const lockedKb = field(status, /^VmLck:\s*(\d+) kB/m);
  const availableKb = field(read('meminfo'), /^MemAvailable:\s*(\d+) kB/m);
  return {
    memlockLimit: limit === undefined || limit === 'unlimited' ? undefined : Number(limit),
    locked: lockedKb ? Number(lockedKb) * 1024 : 0,
    capIpcLock: capEff !== undefined && ((BigInt(`0x${capEff}`) >> CAP_IPC_LOCK) & 1n) === 1n,
    available: availableKb ? Number(availableKb) * 1024 : undefined,
  };
}

const mib = (n: number): string => (n >= 1 << 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${(n / 2 ** 20).toFixed(1)} MiB`);

/** Throws, before anything is allocated, when `bytes` cannot be pinned; says which limit and the fix. */
export function checkPinnable(bytes: number, facts: PinFacts): void {
  const what = `DMA buffer of ${bytes} bytes (${mib(bytes)})`;
  if (!facts.capIpcLock && facts.memlockLimit !== undefined && bytes > facts.memlockLimit - facts.locked) {
    throw Object.assign(
      new RangeError(
        `${what}: more than RLIMIT_MEMLOCK allows (limit ${facts.memlockLimit} bytes = ${mib(facts.memlockLimit)}, ${facts.locked} bytes locked already; /proc/self/limits "Max locked memory"). ` +
          'Raise it: `ulimit -l unlimited` in the shell, LimitMEMLOCK=infinity for a systemd service, a memlock line in /etc/security/limits.conf, or run with CAP_IPC_LOCK (root has it)',
      ),
      { code: 'ENOMEM' },
    );
  }
  if (facts.available !== undefined && bytes > facts.available) {
    throw Object.assign(
      new RangeError(`${what}: more than the memory available (MemAvailable ${facts.available} bytes = ${mib(facts.available)} in /proc/meminfo); pinned pages cannot be swapped out, so allocate less`),
      { code: 'ENOMEM' },
    );
  }
}
