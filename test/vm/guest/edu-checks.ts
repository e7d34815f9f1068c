// Checks shared by the edu guest tests (UIO and VFIO): the project's example driver, the generated
// interrupt group, and `regmill dump` on the live device — all through generated accessors and the
// public runtime API, so nothing here knows an edu register offset.
import * as assert from 'uvu/assert';
import { main as regmill } from '../../../cli/main.js';
import { runEduDriver } from '../../../examples/edu-driver.js';
import { EduIrq, EduRegs, Ident, IrqStatus } from '../../../generated/edu/edu.js';
import type { Device } from '../../../runtime/index.js';

export const WAIT_MS = 5000;

/** examples/edu-driver.ts end to end; prints the driver's own log. */
export async function checkExampleDriver(dev: Device, vector: number): Promise<void> {
  const lines: string[] = [];
  const report = await runEduDriver(dev, { timeoutMs: WAIT_MS, log: (l) => lines.push(l) });
  console.log(lines.join('\n'));
  assert.equal([report.major, report.minor], [1, 0]);
  assert.ok(report.livenessOk);
  assert.equal([report.factorialByPolling.n, report.factorialByPolling.value], [10, 3628800]);
  assert.equal([report.factorialByInterrupt.n, report.factorialByInterrupt.value], [12, 479001600]);
  assert.is(report.factorialByInterrupt.vector, vector);
  assert.equal(report.factorialByInterrupt.causes, ['fact']);
  assert.equal(report.dma.causes, ['dma']);
  assert.ok(report.dma.matches, 'DMA data came back unchanged');
}

export function checkIdentFields(dev: Device): void {
  const ident = new EduRegs(dev.bar(0)).ident.read();
  assert.is(Ident.magic.get(ident), 0xed);
  assert.is(Ident.major.get(ident), 1);
  assert.is(Ident.minor.get(ident), 0);
}

/** raise (irq_raise) → wait → decode → ack, for one cause and for two at once. */
export async function checkRaiseWaitAck(dev: Device, vector: number): Promise<void> {
  const regs = new EduRegs(dev.bar(0));
  const irq = new EduIrq(dev.bar(0));
  irq.enable(EduIrq.fact);
  try {
    for (const cause of [EduIrq.fact, EduIrq.fact | EduIrq.dma]) {
      const waiting = dev.irq.wait({ timeout: WAIT_MS });
      irq.test(cause);
      const ev = await waiting;
      assert.is(ev.vector, vector);
      const status = regs.irq_status.read();
      assert.is(IrqStatus.fact.get(status), (cause & EduIrq.fact) !== 0);
      assert.is(IrqStatus.dma.get(status), (cause & EduIrq.dma) !== 0);
      // pending() reports enabled causes only: dma's enable is dma_cmd.irq, which is off here.
      assert.equal(irq.decode(irq.pending()), ['fact']);
      irq.ack(cause);
      assert.is(regs.irq_status.read(), 0, 'acknowledged');
    }
  } finally {
    irq.disable(EduIrq.fact);
  }
}

/** Leaves a recognisable value in the liveness register for checkDump to find. */
export function markLiveness(dev: Device): number {
  const mark = 0x0badf00d;
  new EduRegs(dev.bar(0)).liveness.write(mark);
  return ~mark >>> 0;
}

/** `regmill dump --spec specs/edu.regs <source>` on the live device: decoded identification and the liveness mark. */
export async function checkDump(source: readonly string[], liveness: number): Promise<void> {
  let out = '';
  let err = '';
  const rc = await regmill(['dump', '--spec', 'specs/edu.regs', ...source], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd: process.cwd(),
  });
  console.log(out + err);
  assert.is(rc, 0, `regmill dump exit code (stderr: ${err})`);
  assert.match(out, /^0x00000\s+ident\s+0x010000ed\s+magic=0xed\s+minor=0x0\s+major=0x1$/m);
  assert.match(out, new RegExp(`^0x00004\\s+liveness\\s+0x${liveness.toString(16).padStart(8, '0')}$`, 'm'));
  assert.match(out, /write-only, not read: irq_raise, irq_ack/);
}
