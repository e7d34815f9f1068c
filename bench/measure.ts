// Timing helpers for bench/run.ts: the best of several repetitions after a warm-up, in ns per operation.
// Best, not median: on a shared 2-core machine other processes only ever add time, and the C floor runs
// at a different moment than the JS paths, so the minimum is the figure comparable across paths.
export interface Bench {
  readonly n: number;
  readonly reps: number;
  readonly nFfi: number;
  readonly descriptors: number;
  /** Descriptors per rep for the (slow) generated TypeScript ring. */
  readonly descriptorsTs: number;
}

export interface RegisterOps {
  readonly read: number;
  readonly write: number;
  readonly modify: number;
}

type Loop = (n: number) => unknown;
/** Runs `batch`-sized submit+reap rounds over `descriptors`; returns descriptors reaped. */
export type RingImpl = (batch: number, descriptors: number) => number;

function best(xs: number[]): number {
  return Math.min(...xs);
}

/**
 * Warm-up: V8 runs wasm in Liftoff and JS in Ignition/Sparkplug first and tiers up in the background;
 * wasm code only switches tiers between calls. Calling for a while first makes every rep measure
 * optimized code.
 */
function warmUp(run: () => unknown): void {
  const until = process.hrtime.bigint() + 300_000_000n;
  do run();
  while (process.hrtime.bigint() < until);
}

export function nsPerOp(loop: Loop, n: number, reps: number): number {
  const small = Math.max(1, Math.floor(n / 100));
  warmUp(() => loop(small));
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    loop(n);
    times.push(Number(process.hrtime.bigint() - t0) / n);
  }
  return best(times);
}

export function measureRegisters(ops: { read: Loop; write: Loop; modify: Loop }, n: number, reps: number): RegisterOps {
  return { read: nsPerOp(ops.read, n, reps), write: nsPerOp(ops.write, n, reps), modify: nsPerOp(ops.modify, n, reps) };
}

export function measureRing(impl: RingImpl, batch: number, descriptors: number, reps: number): number {
  const expected = Math.floor(descriptors / batch) * batch;
  const check = (done: number): void => {
    if (done !== expected) throw new Error(`ring batch ${batch}: reaped ${done} of ${expected} descriptors`);
  };
  const small = Math.max(batch, Math.floor(descriptors / 100 / batch) * batch);
  warmUp(() => impl(batch, small));
  check(impl(batch, descriptors));
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    const done = impl(batch, descriptors);
    times.push(Number(process.hrtime.bigint() - t0) / done);
    check(done);
  }
  return best(times);
}
