// Shared steps of the real-kernel guest tests: QEMU's edu device driven through the public runtime API
// and the accessors generated from specs/edu.regs (no register offsets here).
import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DmaCmd, DmaCmdDirection, EduIrq, EduRegs, Ident, IrqStatus, device as eduSpec } from '../../../generated/edu/edu.js';
import type { Device } from '../../../runtime/device-types.js';

/**
 * Guest tests register through this: inside the QEMU guest (whose /init reads /etc/regmill/run.env)
 * they run; on the host — e.g. when a broad uvu pattern picks them up — they are skipped, not failed.
 */
export const guestTest = existsSync('/etc/regmill/run.env') ? test : test.skip;

/** edu's PCI ids and BAR0 size, from the spec (generated/edu/edu.ts). */
export const EDU = { vendor: eduSpec.pci.vendor, device: eduSpec.pci.device, bar0: eduSpec.bars[0].size } as const;
/** edu's own DMA buffer (edu.c DMA_START): a device address, not a register. */
const EDU_BUFFER = 0x40000n;

export function checkRegisters(dev: Device): void {
  const regs = new EduRegs(dev.bar(0));
  const ident = regs.ident.read();
  assert.equal([Ident.magic.get(ident), Ident.major.get(ident), Ident.minor.get(ident)], [0xed, 1, 0]);
  regs.liveness.write(0x12345678);
  assert.is(regs.liveness.read(), ~0x12345678 >>> 0);
}

/**
 * Raises edu's interrupt `times` times through the generated EduIrq group (fact, dma, both, …), each
 * awaited through dev.irq, decoded from irq_status and acknowledged.
 */
export async function checkInterrupts(dev: Device, times: number): Promise<void> {
  const regs = new EduRegs(dev.bar(0));
  const irq = new EduIrq(dev.bar(0));
  const causes = [EduIrq.fact, EduIrq.dma, EduIrq.fact | EduIrq.dma];
  for (let i = 0; i < times; i++) {
    const cause = causes[i % causes.length]!;
    const waiting = dev.irq.wait({ timeout: 5000 });
    irq.test(cause);
    const ev = await waiting;
    assert.is(ev.vector, 0);
    assert.is(ev.count, 1);
    const status = regs.irq_status.read();
    assert.equal([IrqStatus.fact.get(status), IrqStatus.dma.get(status)], [(cause & EduIrq.fact) !== 0, (cause & EduIrq.dma) !== 0]);
    irq.ack(cause);
    assert.is(regs.irq_status.read(), 0, 'acknowledged');
  }
  // Nothing pending: the next wait times out.
  await dev.irq.wait({ timeout: 200 }).then(
    () => assert.unreachable('spurious interrupt'),
    (e: { code?: string }) => assert.is(e.code, 'ETIMEDOUT'),
  );
}

async function runDma(dev: Device, src: bigint, dst: bigint, count: number, direction: DmaCmdDirection): Promise<void> {
  const regs = new EduRegs(dev.bar(0));
  regs.dma_src.write(src);
  regs.dma_dst.write(dst);
  regs.dma_count.write(BigInt(count));
  regs.dma_cmd.write({ start: true, direction, irq: false });
  const deadline = Date.now() + 5000;
  while (DmaCmd.start.get(regs.dma_cmd.read())) {
    if (Date.now() > deadline) throw new Error('edu DMA did not complete in 5 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** RAM → edu → another RAM buffer, through the device addresses the allocator gives. */
export async function checkDma(dev: Device): Promise<void> {
  const n = 2048; // edu aborts QEMU on a transfer ending exactly at its 4 KiB buffer end
  const a = dev.dma.alloc(4096);
  const b = dev.dma.alloc(4096);
  for (let i = 0; i < n; i += 4) a.mmio.write32(i, (0x9e3779b9 * (i + 1)) >>> 0);
  await runDma(dev, a.deviceAddress, EDU_BUFFER, n, DmaCmdDirection.to_device);
  await runDma(dev, EDU_BUFFER, b.deviceAddress, n, DmaCmdDirection.from_device);
  for (let i = 0; i < n; i += 4) assert.is(b.mmio.read32(i), (0x9e3779b9 * (i + 1)) >>> 0, `word at ${i}`);
  assert.is(b.mmio.read32(n), 0, 'beyond the transfer is untouched');
  a.free();
  b.free();
}
