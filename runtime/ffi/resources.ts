// Everything that holds kernel resources (mappings, device and interrupt fds, pinned DMA memory)
// registers here so process exit releases it even when the program never called close() — and so
// does SIGINT, SIGTERM or SIGHUP when the program installed no handler of its own: the signal would
// otherwise end the process without 'exit', leaving bus mastering and interrupts on (the sysfs
// backend's PCI_COMMAND change is undone by nobody else). SIGKILL cannot be caught: docs/runtime.md,
// "When things go wrong", says what it leaves and how `regmill doctor` finds it.
export interface Closable {
  /** Must be synchronous and must not throw on an already closed object. */
  closeAtExit(): void;
}

const live = new Set<Closable>();
let hooked = false;

export function track(resource: Closable): void {
  live.add(resource);
  if (!hooked) {
    hooked = true;
    process.on('exit', closeAll);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Only ours listens: close everything, then die of the same signal (exit status 128 + n, as without
 * us): removing the last listener gives the signal back its default action. When the program has its
 * own handler it decides how to shut down, and its exit runs closeAll through 'exit'.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  closeAll();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  hooked = false;
  process.removeListener('exit', closeAll);
  process.kill(process.pid, signal);
}

export function untrack(resource: Closable): void {
  live.delete(resource);
}

/** Closes every tracked resource, newest first (devices before the fds they share). */
export function closeAll(): void {
  for (const r of [...live].reverse()) {
    live.delete(r);
    try {
      r.closeAtExit();
    } catch {
      // At exit there is nobody to report to; the kernel reclaims the rest.
    }
  }
}

/** How many resources are still open (tests use this to prove close() released everything). */
export function liveCount(): number {
  return live.size;
}
