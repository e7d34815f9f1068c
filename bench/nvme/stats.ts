// What the TypeScript rows of the NVMe guest benchmark share with the C ones (loop.h): the xorshift32
// LBA stream (same seed, same sequence in every row), the image-pattern check, per-command latencies
// and the result row printed as JSON.

export interface RowResult {
  readonly row: string;
  readonly qd: number;
  readonly ios: number;
  readonly seconds: number;
  readonly iops: number;
  readonly p50Us: number;
  readonly p99Us: number;
  /** Reads whose data was not the image pattern of their LBAs (must be 0). */
  readonly bad: number;
  readonly interrupts?: number;
}

/** xorshift32, as loop.h's next_random(). */
export function nextRandom(state: { s: number }): number {
  let x = state.s;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  state.s = x >>> 0;
  return state.s;
}

/** A 4 KiB-aligned first LBA inside `blocks` 512-byte blocks, as loop.h's random_lba(). */
export function randomLba(state: { s: number }, blocks: number): number {
  return (nextRandom(state) % Math.floor(blocks / 8)) * 8;
}

/**
 * Whether the 4 KiB in `words` (32-bit words) are the 8 blocks from `lba` of the image pattern with
 * `seed` (test/vm/nvme-image.mjs: dword 0 of each 512-byte block is its LBA, dword 1 the seed).
 */
export function isPattern(words: Uint32Array, lba: number, seed: number): boolean {
  for (let b = 0; b < 8; b++) if (words[b * 128] !== lba + b || words[b * 128 + 1] !== seed) return false;
  return true;
}

/** Per-command latencies in ms; percentiles by sorting once at the end. */
export class LatencyLog {
  private data = new Float64Array(1 << 16);
  private n = 0;

  add(ms: number): void {
    if (this.n === this.data.length) {
      if (this.n >= 1 << 24) return;
      const bigger = new Float64Array(this.n * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = ms;
  }

  result(row: string, qd: number, elapsedMs: number, bad: number): RowResult {
    const v = this.data.subarray(0, this.n).sort();
    const at = (q: number) => (this.n === 0 ? 0 : v[Math.floor((this.n - 1) * q)]! * 1000);
    const seconds = elapsedMs / 1000;
    return { row, qd, ios: this.n, seconds: round(seconds, 3), iops: round(seconds > 0 ? this.n / seconds : 0, 1), p50Us: round(at(0.5), 1), p99Us: round(at(0.99), 1), bad };
  }
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
