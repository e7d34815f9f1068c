// Shared steps of the real-kernel guest tests: QEMU's edu device driven through the public runtime API.
import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Device } from '../../../runtime/device.js';

/**
 * Guest tests register through this: inside the QEMU guest (whose /init reads /etc/regmill/run.env)
 * they run; on the host — e.g. when a broad uvu pattern picks them up — they are skipped, not failed.
 */
export const guestTest = existsSync('/etc/regmill/run.env') ? test : test.skip;

export const EDU = { vendor: 0x1234, device: 0x11e8, bar0: 0x100000 } as const;
const IDENT = 0x00;
const LIVENESS = 0x04;
const IRQ_STATUS = 0x24;
const IRQ_RAISE = 0x60;
const IRQ_ACK = 0x64;
const DMA_SRC = 0x80;
const DMA_DST = 0x88;
const DMA_COUNT = 0x90;
const DMA_CMD = 0x98;
const EDU_BUFFER = 0x40000;

export function checkRegisters(dev: Device): void {
  const bar = dev.bar(0);
  assert.is(bar.read32(IDENT), 0x010000ed);
  bar.write32(LIVENESS, 0x12345678);
  assert.is(bar.read32(LIVENESS), 0xedcba987);
}

/** Raises edu's interrupt `times` times, each awaited through dev.irq and acknowledged. */
export async function checkInterrupts(dev: Device, times: number): Promise<void> {
  const bar = dev.bar(0);
  for (let i = 1; i <= times; i++) {
    const waiting = dev.irq.wait({ timeout: 5000 });
    bar.write32(IRQ_RAISE, i);
    const ev = await waiting;
    assert.is(ev.vector, 0);
    assert.is(ev.count, 1);
    assert.is(bar.read32(IRQ_STATUS), i);
    bar.write32(IRQ_ACK, i);
  }
  // Nothing pending: the next wait times out.
  await dev.irq.wait({ timeout: 200 }).then(
    () => assert.unreachable('spurious interrupt'),
    (e: { code?: string }) => assert.is(e.code, 'ETIMEDOUT'),
  );
}

async function runDma(dev: Device, src: bigint, dst: bigint, count: number, toDevice: boolean): Promise<void> {
  const bar = dev.bar(0);
  bar.write32(DMA_SRC, Number(src & 0xffffffffn));
  bar.write32(DMA_SRC + 4, Number(src >> 32n));
  bar.write32(DMA_DST, Number(dst & 0xffffffffn));
  bar.write32(DMA_DST + 4, Number(dst >> 32n));
  bar.write32(DMA_COUNT, count);
  bar.write32(DMA_CMD, toDevice ? 1 : 3);
  const deadline = Date.now() + 5000;
  while (bar.read32(DMA_CMD) & 1) {
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
  await runDma(dev, a.deviceAddress, BigInt(EDU_BUFFER), n, true);
  await runDma(dev, BigInt(EDU_BUFFER), b.deviceAddress, n, false);
  for (let i = 0; i < n; i += 4) assert.is(b.mmio.read32(i), (0x9e3779b9 * (i + 1)) >>> 0, `word at ${i}`);
  assert.is(b.mmio.read32(n), 0, 'beyond the transfer is untouched');
  a.free();
  b.free();
}
