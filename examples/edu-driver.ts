// A small driver for QEMU's edu device, written only against the accessors regmill generates from
// specs/edu.regs and the runtime's Device interface. It runs unchanged on the simulated edu
// (scripts/demo.mjs, `npm start`) and on a real edu opened through UIO or VFIO.
//
// What it does: identify the device, check liveness, compute a factorial by polling and one by
// interrupt (wait → decode the cause → acknowledge), and copy a buffer host → device → host by DMA.
import type { Device } from '../runtime/device-types.js';
import { DmaCmdDirection, EduIrq, EduRegs, Ident, Status } from '../generated/edu/edu.js';

/** edu's DMA window: its 4 KiB buffer sits at this device address (edu.c DMA_START). */
const EDU_BUFFER = 0x40000n;
/** Less than the whole window: QEMU 7.2 aborts on a transfer ending exactly at its end. */
const DMA_BYTES = 2048;

export interface EduDriverOptions {
  /** Where to print what the driver does (default: nowhere). */
  readonly log?: (line: string) => void;
  /** Milliseconds to wait for a factorial, a DMA transfer or an interrupt (default 2000). */
  readonly timeoutMs?: number;
}

export interface EduReport {
  readonly major: number;
  readonly minor: number;
  readonly livenessOk: boolean;
  readonly factorialByPolling: { readonly n: number; readonly value: number; readonly polls: number };
  readonly factorialByInterrupt: { readonly n: number; readonly value: number; readonly vector: number; readonly causes: readonly string[] };
  readonly dma: { readonly bytes: number; readonly causes: readonly string[]; readonly matches: boolean };
}

const hex = (v: number | bigint, digits = 8): string => '0x' + v.toString(16).padStart(digits, '0');

/** Polls `busy` (one register read per call) until it is false; yields to the event loop in between. */
async function pollUntilDone(busy: () => boolean, what: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (let polls = 1; ; polls++) {
    if (!busy()) return polls;
    if (Date.now() > deadline) throw new Error(`edu: ${what} did not finish within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function runEduDriver(device: Device, options: EduDriverOptions = {}): Promise<EduReport> {
  const log = options.log ?? (() => {});
  const timeout = options.timeoutMs ?? 2000;
  const regs = new EduRegs(device.bar(0));
  const irq = new EduIrq(device.bar(0));
  log(`device: ${device.description}`);

  // 1. Identify: 0xRRrr00ed.
  const ident = regs.ident.read();
  const magic = Ident.magic.get(ident);
  if (magic !== 0xed) throw new Error(`edu: identification ${hex(ident)} does not end in 0xed; is this an edu device?`);
  const major = Ident.major.get(ident);
  const minor = Ident.minor.get(ident);
  log(`identify: edu ${major}.${minor} (ident ${hex(ident)})`);

  // 2. Liveness: the device answers with the inverse of what we wrote.
  const probe = 0x12345678;
  regs.liveness.write(probe);
  const answer = regs.liveness.read();
  const livenessOk = answer === ~probe >>> 0;
  log(`liveness: wrote ${hex(probe)}, read ${hex(answer)} (${livenessOk ? 'the inverse: alive' : 'NOT the inverse'})`);
  if (!livenessOk) throw new Error('edu: liveness check failed');

  // 3. Factorial by polling status.computing.
  irq.disable(EduIrq.fact);
  const n1 = 10;
  regs.factorial.write(n1);
  const polls = await pollUntilDone(() => Status.computing.get(regs.status.read()), 'factorial', timeout);
  const f1 = regs.factorial.read();
  log(`factorial by polling: ${n1}! = ${f1} (status read ${polls} time${polls === 1 ? '' : 's'})`);

  // 4. Factorial by interrupt: enable the cause, start, wait, decode which causes fired, acknowledge.
  irq.enable(EduIrq.fact);
  const n2 = 12;
  regs.factorial.write(n2);
  const ev = await device.irq.wait({ timeout });
  const fired = irq.pending();
  irq.ack(fired);
  irq.disable(EduIrq.fact);
  const f2 = regs.factorial.read();
  const causes = irq.decode(fired);
  log(`factorial by interrupt: ${n2}! = ${f2} (vector ${ev.vector}, causes: ${causes.join(', ') || 'none'}; acknowledged)`);

  // 5. DMA round trip: host buffer → edu's buffer (interrupt on completion) → another host buffer (polling).
  const out = device.dma.alloc(4096);
  const back = device.dma.alloc(4096);
  try {
    for (let i = 0; i < DMA_BYTES; i++) out.bytes[i] = (i * 31 + 7) & 0xff;
    regs.dma_src.write(out.deviceAddress);
    regs.dma_dst.write(EDU_BUFFER);
    regs.dma_count.write(BigInt(DMA_BYTES));
    regs.dma_cmd.write({ start: true, direction: DmaCmdDirection.to_device, irq: true });
    await device.irq.wait({ timeout });
    const dmaFired = irq.pending();
    irq.ack(dmaFired);
    const dmaCauses = irq.decode(dmaFired);

    regs.dma_src.write(EDU_BUFFER);
    regs.dma_dst.write(back.deviceAddress);
    regs.dma_count.write(BigInt(DMA_BYTES));
    regs.dma_cmd.write({ start: true, direction: DmaCmdDirection.from_device, irq: false });
    await pollUntilDone(() => (regs.dma_cmd.read() & 1n) === 1n, 'DMA from the device', timeout);

    let matches = true;
    for (let i = 0; i < DMA_BYTES; i++) if (back.bytes[i] !== out.bytes[i]) matches = false;
    log(
      `DMA: ${DMA_BYTES} bytes host ${hex(out.deviceAddress, 1)} → edu ${hex(EDU_BUFFER, 1)} (interrupt, causes: ${dmaCauses.join(', ') || 'none'}) → host ${hex(back.deviceAddress, 1)} (polling): ${matches ? 'data matches' : 'DATA DIFFERS'}`,
    );
    return {
      major,
      minor,
      livenessOk,
      factorialByPolling: { n: n1, value: f1, polls },
      factorialByInterrupt: { n: n2, value: f2, vector: ev.vector, causes },
      dma: { bytes: DMA_BYTES, causes: dmaCauses, matches },
    };
  } finally {
    out.free();
    back.free();
  }
}
