// The wasm side of bench/run.ts: the generated benchdev routines called in loops inside WebAssembly,
// so a measurement is the routine's own cost, not a JS→wasm call per access. Built with the same
// pipeline as the generated module (wasm-opt inlines the routines into these loops).
import { read$r, write$r, modify$r, read$ctrl, write$ctrl, modify$ctrl, submit$tx, reap$tx, readArray$r } from './benchdev.as';
export { barOffset } from './benchdev.as';

export function loopRead(n: u32): u32 {
  let acc: u32 = 0;
  for (let i: u32 = 0; i < n; i++) acc ^= read$r(i & 1023);
  return acc;
}

export function loopWrite(n: u32): void {
  for (let i: u32 = 0; i < n; i++) write$r(i & 1023, 0xffffffff, i);
}

export function loopModify(n: u32): void {
  for (let i: u32 = 0; i < n; i++) modify$r(i & 1023, 0xf0, i << 4);
}

// The same on one register (ctrl @ BAR 0 + 0): its address is a constant in the code.
export function loopReadOne(n: u32): u32 {
  let acc: u32 = 0;
  for (let i: u32 = 0; i < n; i++) acc ^= read$ctrl();
  return acc;
}

export function loopWriteOne(n: u32): void {
  for (let i: u32 = 0; i < n; i++) write$ctrl(0xffffffff, i);
}

export function loopModifyOne(n: u32): void {
  for (let i: u32 = 0; i < n; i++) modify$ctrl(0xf0, i << 4);
}

/** Submit `batch` descriptors and reap them, `descriptors / batch` times; returns descriptors reaped. */
export function ringRun(ring: usize, count: u32, staging: usize, batch: u32, descriptors: u32): u32 {
  let tail: u32 = 0;
  let head: u32 = 0;
  let done: u32 = 0;
  const batches = descriptors / batch;
  for (let b: u32 = 0; b < batches; b++) {
    tail = submit$tx(ring, count, tail, staging, batch);
    const k = reap$tx(ring, count, head, batch);
    head = head + k >= count ? head + k - count : head + k;
    done += k;
  }
  return done;
}

/** readArray$r (every element's address a constant) `passes` times into `buffer`; returns the elements read. */
export function loopReadArray(passes: u32, buffer: usize): u32 {
  let n: u32 = 0;
  for (let p: u32 = 0; p < passes; p++) n += readArray$r(buffer);
  return n;
}
