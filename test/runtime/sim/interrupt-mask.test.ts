// A group's `mask set REG clear REG` over one storage (`shares`) and causes without a status register
// (`ring RING`, `status none`) on the simulated device, driven through the generated-code core
// (InterruptGroup): INTMS/INTMC-style registers read back one mask; mask()/unmask() are one write
// each; a masked MSI vector holds its message until it is unmasked; an MSI-X vector ignores the mask
// (NVMe 1.4 sections 3.1.3/3.1.4); status-less vectors are message vectors, never pending().
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../compiler/compile.js';
import type { IrDevice } from '../../../compiler/ir/ir.js';
import { createSimDevice } from '../../../runtime/sim/index.js';
import { InterruptGroup, type MaskSpec } from '../../../runtime/registers/interrupt-groups.js';
import { Register, layout } from '../../../runtime/registers/register.js';
import { nvmeIr } from '../../../examples/nvme/sim.js';
import type { Mmio } from '../../../runtime/registers/mmio.js';

const SPEC = `layout e size 16 { word w @ 12 : 32 ro { field p [16]; } }
device d {
  bar 0 regs mmio size 0x2000 {
    register ms @ 0x0c : 32 w1s volatile;
    register mc @ 0x10 : 32 w1c shares ms volatile;
    register db[4] @ 0x1000 stride 4 : 32 wo;
  }
  ring r[y:4] of e { phase w.p; head db[y]; vector msix y + 4; }
  interrupts pins { mask set ms clear mc; status none; vector msi 1; cause done; }
  interrupts rings { cause r "new entries in r[y]" ring r; }
}
`;

async function irOf(): Promise<IrDevice> {
  const r = await compile({ text: SPEC, file: 'mask.regs' }, { emit: [] });
  assert.ok(r.ir, r.format());
  return r.ir!.devices[0]!;
}

/** Records every access the group makes, in order. */
function recording(io: Mmio): { io: Mmio; log: string[] } {
  const log: string[] = [];
  const rec: Mmio = {
    ...io,
    read32: (o) => (log.push(`r32 ${o.toString(16)}`), io.read32(o)),
    write32: (o, v) => (log.push(`w32 ${o.toString(16)} ${v.toString(16)}`), io.write32(o, v)),
  } as Mmio;
  return { io: rec, log };
}

/** The mask as generated code builds it: w1s/w1c registers keep no bits and write from 0. */
function maskOf(d: IrDevice, io: Mmio): MaskSpec {
  const m = d.interrupts.find((x) => x.mask)!.mask!;
  return { set: new Register(io, m.set.offset, layout('ms', 32, {})), clear: new Register(io, m.clear.offset, layout('mc', 32, {})), lsb: m.set.lsb, bits: m.set.bits };
}

test('the IR records one mask with its set and clear registers, and each ring cause with its rings', async () => {
  const d = await irOf();
  const pins = d.interrupts.find((g) => g.name === 'pins')!;
  assert.equal([pins.mask!.set.path, pins.mask!.clear.path, pins.mask!.set.bits], [['ms'], ['mc'], 32]);
  assert.is(pins.causes[0]!.status, undefined);
  const rings = d.interrupts.find((g) => g.name === 'rings')!.causes[0]!;
  assert.equal([rings.status, rings.ring, rings.vector, rings.ack.kind], [undefined, { name: 'r', count: 4, vectorStep: 1 }, { kind: 'msix', index: 4 }, 'none']);
});

test('set and clear registers are one storage: reading either returns the mask', async () => {
  const sim = createSimDevice(await irOf());
  const io = sim.bar(0);
  io.write32(0x0c, 0b101);
  assert.equal([io.read32(0x0c), io.read32(0x10)], [0b101, 0b101]);
  io.write32(0x10, 0b001);
  assert.equal([io.read32(0x0c), io.read32(0x10)], [0b100, 0b100]);
  io.write32(0x0c, 0); // w1s: writing 0 changes nothing
  assert.is(io.read32(0x10), 0b100);
  sim.close();
});

test('mask()/unmask() are one write each, never a read; masked() one read; a masked MSI message waits for unmask', async () => {
  const d = await irOf();
  const sim = createSimDevice(d);
  const { io, log } = recording(sim.bar(0));
  const g = new InterruptGroup<'done'>('pins', maskOf(d, io), [{ name: 'done', vector: { first: 1, step: 0, count: 1 }, enable: { kind: 'none' }, ack: { kind: 'none' } }]);
  g.mask('done');
  assert.equal(log.splice(0), ['w32 c 2']);
  assert.is(g.masked(), 0b10);
  assert.equal(log.splice(0), ['r32 c']);
  assert.is(g.pending(), 0, 'no status register: never pending');
  let fired = false;
  const got = sim.irq.wait({ vector: g.vector('done'), timeout: 1000 }).then((e) => ((fired = true), e));
  sim.signal(1);
  await new Promise((r) => setTimeout(r, 20));
  assert.is(fired, false, 'masked: the message is held');
  g.unmask(1);
  assert.equal(log.splice(0), ['w32 10 2']);
  assert.equal(await got, { vector: 1, count: 1, missed: 0 });
  assert.throws(() => g.mask(32), /vector 32 has no mask bit \(0\.\.31\)/);
  sim.close();
});

test('ring causes: vector(cause, y) per ring; MSI-X vectors are message vectors the mask does not hold', async () => {
  const d = await irOf();
  const sim = createSimDevice(d);
  const g = new InterruptGroup<'r'>('rings', [{ name: 'r', vector: { first: 4, step: 1, count: 4 }, enable: { kind: 'none' }, ack: { kind: 'none' } }]);
  assert.equal([0, 1, 2, 3].map((y) => g.vector('r', y)), [4, 5, 6, 7]);
  assert.throws(() => g.vector('r', 4), /cause r has elements 0\.\.3, not 4/);
  assert.throws(() => g.mask('r', 0), /interrupt group rings has no mask/);
  assert.is(sim.irq.vectors, 8);
  sim.bar(0).write32(0x0c, 0xff); // masks vectors 0..7, but 4..7 are MSI-X
  const got = sim.irq.wait({ vector: g.vector('r', 2), timeout: 1000 });
  sim.signal(6);
  assert.equal(await got, { vector: 6, count: 1, missed: 0 });
  assert.throws(() => sim.raise('rings', 'r'), /has no status register; its vector is the cause: signal\(vector\)/);
  sim.close();
});

test('specs/nvme.regs: INTMS and INTMC are one mask on the simulated controller (no model keeps them equal)', () => {
  const d = nvmeIr();
  const g = d.interrupts.find((x) => x.name === 'completion')!;
  assert.equal([g.mask!.set.offset, g.mask!.clear.offset], [0x0c, 0x10]);
  const sim = createSimDevice(d); // the spec alone: no NVMe model attached
  const io = sim.bar(0);
  io.write32(0x0c, 0x8000_0003);
  assert.equal([io.read32(0x0c), io.read32(0x10)], [0x8000_0003, 0x8000_0003]);
  io.write32(0x10, 0x8000_0001);
  assert.equal([io.read32(0x0c), io.read32(0x10)], [2, 2]);
  assert.is(sim.irq.vectors, 65, 'the spec declares the 65 CQ vectors (cause cq, ring cq)');
  sim.close();
});

test.run();
