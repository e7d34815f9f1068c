// The generated TypeScript accessor row, measured exactly as bench/run.ts measures it (bench.regs, a
// memfd mapped into a device window, a TypedArrayMmio over the window, bench/measure.ts), for running
// the Python baseline on its own. Inside bench/run.ts the run's own figure is passed in instead.
import { closeSync, ftruncateSync } from 'node:fs';
import { MFD_CLOEXEC } from '../../runtime/ffi/constants.js';
import { memfdCreate } from '../../runtime/ffi/libc.js';
import { TypedArrayMmio, type Mmio } from '../../runtime/registers/mmio.js';
import { createDeviceWindow, mapInto } from '../../runtime/window/index.js';
import { measureRegisters, type RegisterOps } from '../measure.js';
import { generateTs } from './generate.js';

const BAR_SIZE = 0x2000;

/** The part of the generated bench.regs module used here. */
interface BenchdevTs {
  BenchdevRegs: new (io: Mmio) => {
    readonly r: { read(i: number): number; write(i: number, v: number): void; modify(i: number, v: { mode: number }): void };
  };
}

export async function measureTsAccessor(n: number, reps: number): Promise<RegisterOps> {
  const gen = await generateTs<BenchdevTs>('bench/bench.regs', 'benchdev');
  const fd = memfdCreate('bench-python-ts-bar', MFD_CLOEXEC);
  const window = createDeviceWindow({ pages: 2 });
  const bar = (() => {
    try {
      ftruncateSync(fd, BAR_SIZE);
      return mapInto(window, fd, window.place(BAR_SIZE), BAR_SIZE, { what: 'bench BAR 0' });
    } finally {
      closeSync(fd); // the mapping keeps the memory
      gen.cleanup();
    }
  })();
  try {
    const regs = new gen.module.BenchdevRegs(new TypedArrayMmio(window.buffer, bar.offset, BAR_SIZE));
    return measureRegisters(
      {
        read(k: number): number {
          let acc = 0;
          for (let i = 0; i < k; i++) acc ^= regs.r.read(i & 1023);
          return acc;
        },
        write(k: number): void {
          for (let i = 0; i < k; i++) regs.r.write(i & 1023, i);
        },
        modify(k: number): void {
          for (let i = 0; i < k; i++) regs.r.modify(i & 1023, { mode: i & 0xf });
        },
      },
      n,
      reps,
    );
  } finally {
    bar.detach();
  }
}
