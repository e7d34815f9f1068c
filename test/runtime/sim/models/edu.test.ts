// The edu model over raw register accesses (the generated accessors are exercised in
// test/examples/edu-driver.test.ts): liveness, factorial by polling and by interrupt, the computing
// guard, raise/ack, DMA both ways with interrupt, writes ignored while DMA runs, bad DMA recorded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSimDevice } from '../../../../runtime/sim/index.js';
import { attachEduModel } from '../../../../runtime/sim/models/edu.js';
import { eduIr } from '../edu-ir.js';

function edu(options: { latencyMs?: number; polls?: number } = {}) {
  const sim = createSimDevice(eduIr());
  const model = attachEduModel(sim, options);
  return { sim, model, io: sim.bar(0) };
}

test('identification and liveness (reads the inverse of what was written)', () => {
  const { sim, io } = edu();
  assert.is(io.read32(0x00), 0x010000ed);
  io.write32(0x04, 0x12345678);
  assert.is(io.read32(0x04), 0xedcba987);
  sim.close();
});

test('factorial by polling: computing is set, stays set for the polls, then n! is there', () => {
  const { sim, io, model } = edu({ latencyMs: 10_000, polls: 3 });
  io.write32(0x08, 5);
  const seen: number[] = [];
  for (let i = 0; i < 10 && io.read32(0x20) & 1; i++) seen.push(i);
  assert.equal(seen, [0, 1, 2], 'computing visible for three status reads');
  assert.is(io.read32(0x08), 120);
  assert.is(model.completed.factorials, 1);
  io.write32(0x08, 13);
  while (io.read32(0x20) & 1);
  assert.is(io.read32(0x08), 1932053504, '13! wraps modulo 2^32 like edu.c');
  sim.close();
});

test('a write to factorial while computing is ignored', () => {
  const { sim, io } = edu({ latencyMs: 10_000, polls: 2 });
  io.write32(0x08, 4);
  io.write32(0x08, 6);
  assert.is(io.read32(0x08), 4);
  while (io.read32(0x20) & 1);
  assert.is(io.read32(0x08), 24);
  sim.close();
});

test('factorial by interrupt: status bit 7 → completion raises irq_status.fact on the vector; ack clears', async () => {
  const { sim, io } = edu({ latencyMs: 2, polls: 1000 });
  io.write32(0x20, 0x80);
  io.write32(0x08, 10);
  const ev = await sim.irq.wait({ timeout: 1000 });
  assert.is(ev.vector, 0);
  assert.is(io.read32(0x24), 0x1);
  assert.is(io.read32(0x08), 3628800);
  io.write32(0x64, 0x1);
  assert.is(io.read32(0x24), 0);
  // without bit 7 no interrupt
  io.write32(0x20, 0);
  io.write32(0x08, 3);
  await new Promise((r) => setTimeout(r, 10));
  assert.is(io.read32(0x24), 0);
  assert.is(io.read32(0x08), 6);
  sim.close();
});

test('raise and ack registers take any bits (edu_raise_irq / edu_lower_irq)', async () => {
  const { sim, io } = edu();
  io.write32(0x60, 0x8000_0100);
  assert.is(io.read32(0x24), 0x8000_0100);
  io.write32(0x64, 0x8000_0000);
  assert.is(io.read32(0x24), 0x100);
  sim.close();
});

test('DMA host → device → host round trip with the DMA interrupt', async () => {
  const { sim, io, model } = edu({ latencyMs: 2, polls: 1000 });
  const out = sim.dma.alloc(4096);
  const back = sim.dma.alloc(4096);
  for (let i = 0; i < 2048; i++) out.bytes[i] = (i * 7) & 0xff;
  io.write64(0x80, out.deviceAddress);
  io.write64(0x88, 0x40000n);
  io.write64(0x90, 2048n);
  io.write64(0x98, 0b101n); // start, to device, irq
  assert.is(io.read64(0x98) & 1n, 1n, 'start reads 1 while running');
  io.write64(0x90, 16n);
  assert.is(io.read64(0x90), 2048n, 'writes ignored while running');
  await sim.irq.wait({ timeout: 1000 });
  assert.is(io.read64(0x98) & 1n, 0n);
  assert.is(io.read32(0x24), 0x100);
  io.write32(0x64, 0x100);
  assert.equal(model.buffer.subarray(0, 2048), out.bytes.subarray(0, 2048));

  io.write64(0x80, 0x40000n);
  io.write64(0x88, back.deviceAddress);
  io.write64(0x98, 0b011n); // start, to host, no irq: poll
  while (io.read64(0x98) & 1n);
  assert.equal(back.bytes.subarray(0, 2048), out.bytes.subarray(0, 2048));
  assert.is(model.completed.transfers, 2);
  assert.is(sim.faults.length, 0);
  sim.close();
});

test('a command without start is ignored; a DMA outside the window or to an unmapped address is a recorded fault', () => {
  const { sim, io } = edu({ latencyMs: 10_000, polls: 1 });
  io.write64(0x98, 0b100n);
  assert.is(io.read64(0x98), 0n);
  io.write64(0x80, 0x1234_0000n);
  io.write64(0x88, 0x40800n);
  io.write64(0x90, 0x1000n); // ends past the 4 KiB window
  io.write64(0x98, 1n);
  while (io.read64(0x98) & 1n);
  assert.match(sim.faults[0]!, /outside the device buffer/);
  io.write64(0x88, 0x40000n);
  io.write64(0x90, 16n);
  io.write64(0x98, 1n);
  while (io.read64(0x98) & 1n);
  assert.match(sim.faults[1]!, /DMA fault: read of 16 bytes at device address 0x12340000/);
  sim.close();
});

test.run();
