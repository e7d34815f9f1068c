// Everything that holds kernel resources (mappings, device and interrupt fds, pinned DMA memory)
// registers here so process exit releases it even when the program never called close().
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
  }
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
