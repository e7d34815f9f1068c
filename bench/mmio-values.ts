// `node --import tsx bench/mmio-values.ts`: what the Mmio value check costs on the raw path
// (ViewMmio.write8/16/32/64, the Mmio the runtime hands out for every mapped BAR), against a plain
// typed-array store loop over the same memory in the same run. Prints ns per write and the ratio;
// asserts nothing (timing targets live here, never in tests). Best of 7 reps of 10^7 writes.
import { ViewMmio } from '../runtime/mappings/view-mmio.js';

const N = 10_000_000;
const REPS = 7;
const bytes = new Uint8Array(new ArrayBuffer(4096));
const mmio = new ViewMmio(bytes, 'bench BAR');
const u32 = new Uint32Array(bytes.buffer);
const u8 = bytes;
const u64 = new BigUint64Array(bytes.buffer);

function best(run: () => void): number {
  let min = Infinity;
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    run();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / N);
  }
  return min;
}

const rows: [string, number, number][] = [];
const row = (name: string, floor: () => void, view: () => void): void => {
  floor();
  view();
  rows.push([name, best(floor), best(view)]);
};

row(
  'write32',
  () => {
    for (let i = 0; i < N; i++) u32[i & 1023] = i;
  },
  () => {
    for (let i = 0; i < N; i++) mmio.write32((i & 1023) << 2, i);
  },
);
row(
  'write32 (int32)',
  () => {
    for (let i = 0; i < N; i++) u32[i & 1023] = ~i;
  },
  () => {
    for (let i = 0; i < N; i++) mmio.write32((i & 1023) << 2, ~i);
  },
);
row(
  'write8',
  () => {
    for (let i = 0; i < N; i++) u8[i & 4095] = i & 0xff;
  },
  () => {
    for (let i = 0; i < N; i++) mmio.write8(i & 4095, i & 0xff);
  },
);
const big = [0n, 1n, 0xffff_ffff_ffff_ffffn, 0x1234n];
row(
  'write64',
  () => {
    for (let i = 0; i < N; i++) u64[i & 511] = big[i & 3]!;
  },
  () => {
    for (let i = 0; i < N; i++) mmio.write64((i & 511) << 3, big[i & 3]!);
  },
);

console.log('path             typed array  ViewMmio   ratio');
for (const [name, floor, view] of rows) console.log(`${name.padEnd(16)} ${floor.toFixed(2).padStart(8)} ns ${view.toFixed(2).padStart(7)} ns  ${(view / floor).toFixed(2)}×`);
