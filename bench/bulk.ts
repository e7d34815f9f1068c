// Issue 13's bulk array routines in bench/run.ts: the generated readArray$r, pollAll$r, fillArray$r
// and writeArray$r over r[1024], each a single JS → wasm call per pass over the whole array, and
// readArray$r called from a loop inside wasm. Figures are ns per element, against C's per-access
// figure for the same array in the same run (read for reads and polls, write for fills and copies).
import { nsPerOp } from './measure.js';

export const ARRAY_ELEMENTS = 1024;

export interface BulkRow {
  readonly impl: string;
  /** The routine measured, e.g. `readArray$r`. */
  readonly op: string;
  /** Which C figure it is compared with. */
  readonly vs: 'read' | 'write';
  readonly nsPerElement: number;
}

export interface BulkDevice {
  readArray$r(buffer: number): number;
  pollAll$r(buffer: number, mask: number, expect: number, maxPasses: number): number;
  fillArray$r(mask: number, bits: number): void;
  writeArray$r(buffer: number): void;
}

/** `buffer`: window offset of ARRAY_ELEMENTS × 4 bytes of scratch; `loopReadArray(passes, buffer)` the wasm loop. */
export function measureBulk(dev: BulkDevice, loopReadArray: (passes: number, buffer: number) => number, buffer: number, n: number, reps: number): BulkRow[] {
  const passes = (elements: number): number => Math.max(1, Math.floor(elements / ARRAY_ELEMENTS));
  const call = 'wasm bulk routine, one JS → wasm call per array';
  const perElement = (run: (p: number) => void): number => {
    // nsPerOp divides by its n; run whole passes and scale to elements.
    const loop = (elements: number): void => run(passes(elements));
    return nsPerOp(loop, n, reps);
  };
  const rows: BulkRow[] = [
    {
      impl: call, op: 'readArray$r', vs: 'read',
      nsPerElement: perElement((p) => {
        for (let i = 0; i < p; i++) if (dev.readArray$r(buffer) !== ARRAY_ELEMENTS) throw new Error('readArray$r: wrong count');
      }),
    },
    {
      impl: call, op: 'pollAll$r (one pass)', vs: 'read',
      // mask 0, expect 0: satisfied by the first pass, which reads every element once.
      nsPerElement: perElement((p) => {
        for (let i = 0; i < p; i++) if (dev.pollAll$r(buffer, 0, 0, 1) !== 1) throw new Error('pollAll$r: not satisfied');
      }),
    },
    { impl: call, op: 'fillArray$r', vs: 'write', nsPerElement: perElement((p) => { for (let i = 0; i < p; i++) dev.fillArray$r(0xffffffff, i); }) },
    { impl: call, op: 'writeArray$r', vs: 'write', nsPerElement: perElement((p) => { for (let i = 0; i < p; i++) dev.writeArray$r(buffer); }) },
    {
      impl: 'wasm bulk routine, loop in wasm', op: 'readArray$r', vs: 'read',
      nsPerElement: perElement((p) => {
        if (loopReadArray(p, buffer) >>> 0 !== p * ARRAY_ELEMENTS) throw new Error('loopReadArray: wrong count');
      }),
    },
  ];
  return rows;
}
