// Between the phases of a large build, most of the heap is garbage: the tokens once parsed, the AST
// and model once lowered, each back end's strings once written. V8 collects the old generation only
// as the heap nears its limit (~2 GB here), so a 100,000-register build peaked at ~2.5 GiB RSS of which
// more than half was garbage. A full collection at those boundaries, only once the heap is past
// LARGE_HEAP, holds the peak near what is alive; the collections replace ones V8 would run anyway, so
// the build's CPU time stays the same (bench/README.md, "Compiler at scale, fifth pass").
import v8 from 'node:v8';
import vm from 'node:vm';

/** Below this much used heap a collection is not worth its pause (a 10,000-register build stays under it). */
const LARGE_HEAP = 512 * 1024 * 1024;

let collect: (() => void) | null | undefined;

/** A full garbage collection: `gc` under `node --expose-gc`, else one from a context made with the flag on. */
function collector(): (() => void) | null {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    // The flag only adds `gc` to contexts created while it is on (jest's leak detector does the same).
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

/**
 * Collects garbage when the heap is past `threshold` bytes: call where a phase's data has just become
 * garbage. Returns whether it collected.
 */
export function releaseGarbage(threshold = LARGE_HEAP): boolean {
  if (v8.getHeapStatistics().used_heap_size < threshold) return false;
  if (collect === undefined) collect = collector();
  collect?.();
  return collect !== null;
}
