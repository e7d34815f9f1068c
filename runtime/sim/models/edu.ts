// QEMU's `edu` device (hw/misc/edu.c) as a model over the generic simulated device: the spec gives the
// registers their access semantics; this adds what edu *does*. Registers are found by their edu.c
// offsets, so the model works with any spec of edu whatever it names them.
//
//   0x04 liveness   reads back the inverse of the last value written
//   0x08 factorial  a write of n (ignored while computing) sets status.computing; when done, n! (mod 2^32)
//                   replaces n, computing clears, and irq_status |= 0x1 if status bit 7 is set
//   0x20 status     bit 0 computing (device-owned), bit 7 raise-interrupt-after-factorial
//   0x60 / 0x64     irq_status |= value / irq_status &= ~value (any bits, as edu_raise_irq/edu_lower_irq)
//   0x80..0x98      DMA: a write to cmd with bit 0 starts a copy of `count` bytes between host memory
//                   (a device address from dma.alloc()) and the device's 4 KiB buffer at 0x40000;
//                   bit 1: 0 host → device, 1 device → host; bit 2: irq_status |= 0x100 when done.
//                   While running, writes to 0x80..0x98 are ignored and cmd bit 0 reads 1.
//
// Timing: edu computes in a thread and runs DMA on a 100 ms timer. Here work finishes after `latencyMs`
// (a timer, so a driver awaiting the interrupt sees it) or after `polls` reads of the register a driver
// polls (status for the factorial, cmd for DMA), whichever comes first, so a synchronous polling loop
// makes progress too. A bad DMA request is recorded in `sim.faults` and skipped (QEMU logs it).
import type { SimDevice } from '../sim-device.js';

export const EDU_DMA_START = 0x40000;
export const EDU_DMA_SIZE = 4096;

const LIVENESS = 0x04;
const FACTORIAL = 0x08;
const STATUS = 0x20;
const IRQ_STATUS = 0x24;
const IRQ_RAISE = 0x60;
const IRQ_ACK = 0x64;
const DMA_SRC = 0x80;
const DMA_DST = 0x88;
const DMA_CNT = 0x90;
const DMA_CMD = 0x98;

const STATUS_COMPUTING = 0x01n;
const STATUS_IRQFACT = 0x80n;
const FACT_IRQ = 0x1n;
const DMA_IRQ = 0x100n;
const DMA_RUN = 0x1n;
const DMA_TO_HOST = 0x2n;
const DMA_IRQ_EN = 0x4n;

export interface EduModelOptions {
  /** Milliseconds until a factorial or DMA finishes on its own (default 1). */
  readonly latencyMs?: number;
  /** Reads of status (factorial) or dma_cmd (DMA) after which the work is finished (default 2). */
  readonly polls?: number;
}

export interface EduModel {
  /** The device's internal 4 KiB DMA buffer (device address 0x40000). */
  readonly buffer: Uint8Array;
  /** Factorials and DMA transfers completed so far. */
  readonly completed: { factorials: number; transfers: number };
}

/** Runs `work` after `polls` reads of the register at `pollOffset` or after `latencyMs`, whichever is first. */
function pending(sim: SimDevice, timers: Set<ReturnType<typeof setTimeout>>, pollOffset: number, options: Required<EduModelOptions>, work: () => void): void {
  let left = options.polls;
  let done = false;
  const finish = (): void => {
    if (done || sim.closed) return;
    done = true;
    clearTimeout(timer);
    timers.delete(timer);
    offRead();
    work();
  };
  const timer = setTimeout(finish, options.latencyMs);
  timers.add(timer);
  const offRead = sim.onRead({ offset: pollOffset }, () => {
    if (--left <= 0) finish(); // a hardware update during a read: visible from the next read on
  });
}

export function attachEduModel(sim: SimDevice, options: EduModelOptions = {}): EduModel {
  const opts: Required<EduModelOptions> = { latencyMs: options.latencyMs ?? 1, polls: options.polls ?? 2 };
  const buffer = new Uint8Array(EDU_DMA_SIZE);
  const completed = { factorials: 0, transfers: 0 };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  sim.onClose(() => timers.forEach(clearTimeout));
  const reg = (offset: number) => ({ offset });
  const raiseIrq = (bits: bigint): void => sim.poke(reg(IRQ_STATUS), sim.peek(reg(IRQ_STATUS)) | bits);

  sim.onWrite(reg(LIVENESS), (w) => sim.poke(reg(LIVENESS), ~w.written));

  sim.onWrite(reg(FACTORIAL), (w) => {
    if (sim.peek(reg(STATUS)) & STATUS_COMPUTING) {
      sim.poke(reg(FACTORIAL), w.before); // edu.c: ignored while computing
      return;
    }
    sim.poke(reg(STATUS), STATUS_COMPUTING, STATUS_COMPUTING);
    const n = Number(w.written);
    pending(sim, timers, STATUS, opts, () => {
      let r = 1;
      for (let v = n; v > 0; v--) r = Math.imul(r, v) >>> 0; // uint32_t arithmetic, as in edu_fact_thread
      sim.poke(reg(FACTORIAL), r);
      sim.poke(reg(STATUS), 0n, STATUS_COMPUTING);
      completed.factorials++;
      if (sim.peek(reg(STATUS)) & STATUS_IRQFACT) raiseIrq(FACT_IRQ);
    });
  });

  sim.onWrite(reg(IRQ_RAISE), (w) => raiseIrq(w.written));
  sim.onWrite(reg(IRQ_ACK), (w) => sim.poke(reg(IRQ_STATUS), sim.peek(reg(IRQ_STATUS)) & ~w.written));

  // DMA registers keep their value while a transfer runs (edu.c dma_rw).
  const running = (): boolean => (sim.peek(reg(DMA_CMD)) & DMA_RUN) !== 0n;
  for (const off of [DMA_SRC, DMA_DST, DMA_CNT]) {
    sim.onWrite(reg(off), (w) => {
      if (running()) sim.poke(reg(off), w.before);
    });
  }

  sim.onWrite(reg(DMA_CMD), (w) => {
    if ((w.before & DMA_RUN) !== 0n || (w.written & DMA_RUN) === 0n) {
      sim.poke(reg(DMA_CMD), w.before); // running, or a write without start: ignored
      return;
    }
    sim.poke(reg(DMA_CMD), w.written); // start reads 1 until the transfer is done
    pending(sim, timers, DMA_CMD, opts, () => {
      transfer(sim, buffer, w.written);
      completed.transfers++;
      sim.poke(reg(DMA_CMD), 0n, DMA_RUN);
      if (w.written & DMA_IRQ_EN) raiseIrq(DMA_IRQ);
    });
  });

  return { buffer, completed };
}

function transfer(sim: SimDevice, buffer: Uint8Array, cmd: bigint): void {
  const src = sim.peek({ offset: DMA_SRC });
  const dst = sim.peek({ offset: DMA_DST });
  const count = Number(sim.peek({ offset: DMA_CNT }));
  const toHost = (cmd & DMA_TO_HOST) !== 0n;
  const window = toHost ? src : dst;
  const start = BigInt(EDU_DMA_START);
  if (window < start || window + BigInt(count) > start + BigInt(EDU_DMA_SIZE)) {
    sim.reportFault(`edu: DMA range 0x${window.toString(16)}+${count} is outside the device buffer 0x40000..0x40fff; transfer skipped`);
    return;
  }
  const at = Number(window - start);
  try {
    if (toHost) sim.dmaWrite(dst, buffer.subarray(at, at + count));
    else buffer.set(sim.dmaRead(src, count), at);
  } catch (e) {
    sim.reportFault(`edu: ${(e as Error).message}; transfer skipped`);
  }
}
