// The e1000e driver of examples/nic/ on simulated ports (runtime/sim/models/e1000e.ts) joined by
// simulated wires: generator → forwarder (port A in, port B out) → checking receiver, with both ring
// engines, polled and interrupt-driven; the hardware statistics counters must agree with the frames.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RingEngine } from '../../examples/nic/api.js';
import { E1000eNic } from '../../examples/nic/driver.js';
import { Forwarder, Generator, Receiver, run } from '../../examples/nic/programs.js';
import { checkFrame, parseMac, writeFrame } from '../../examples/nic/frame.js';
import { createE1000eSim, SimWire, type SimPort } from '../../examples/nic/sim.js';

const FRAME = 60;

async function chain(engine: RingEngine, interrupts: boolean) {
  const w1 = new SimWire();
  const w2 = new SimWire();
  const ports: SimPort[] = [createE1000eSim(0, w1), createE1000eSim(1, w1), createE1000eSim(2, w2), createE1000eSim(3, w2)];
  const nics: E1000eNic[] = [];
  for (const [i, p] of ports.entries()) nics.push(await E1000eNic.open(p.sim, { name: `sim${i}`, engine, interrupts: interrupts && (i === 1 || i === 3) }));
  return { ports, nics, close: () => nics.forEach((n) => n.close()) };
}

for (const engine of ['ts', 'wasm'] as const) {
  for (const interrupts of [false, true]) {
    test(`generator → forwarder → receiver: every frame once, in order, intact; statistics agree (${engine} rings, ${interrupts ? 'interrupt' : 'polled'} receive)`, async () => {
      const N = interrupts ? 600 : 2000;
      const { ports, nics, close } = await chain(engine, interrupts);
      const [gen, fwdIn, fwdOut, recv] = nics as [E1000eNic, E1000eNic, E1000eNic, E1000eNic];
      for (const n of nics) assert.equal([n.engine, n.doorbell], [engine, engine === 'ts' ? 'ring' : 'copied']);
      const g = new Generator(gen, FRAME, 32, N);
      const f = new Forwarder(fwdIn, fwdOut, 32, interrupts);
      const r = new Receiver(recv, 32, N, interrupts);
      if (interrupts) {
        // The generator runs on its own (a batch every millisecond), so the forwarder and the receiver
        // find their rings empty and sleep on the receive interrupt between batches.
        const sender = (async () => {
          while (!g.done) {
            g.step();
            await new Promise((res) => setTimeout(res, 1));
          }
        })();
        await run([f, r], { seconds: 60, ports: [] });
        await sender;
      } else await run([g, f, r], { seconds: 60, ports: [] });
      assert.equal(r.report(), { frames: N, lost: 0, duplicated: 0, reordered: 0, corrupt: 0, foreign: 0 });
      assert.is(f.forwarded, N);
      assert.is(f.dropped, 0);
      // Hardware counters (read-to-clear, summed by readStats): packets and octets — received with the
      // 4-byte CRC, transmitted without it, as QEMU 7.2 counts them.
      const octets = N * (FRAME + 4);
      const sentOctets = N * FRAME;
      const s = nics.map((n) => n.readStats());
      assert.equal([s[0]!.txPackets, s[0]!.txBytes, s[0]!.totalTxPackets], [N, sentOctets, N], 'generator TX');
      assert.equal([s[1]!.rxPackets, s[1]!.rxBytes, s[1]!.rxMissed, s[1]!.totalRxPackets], [N, octets, 0, N], 'forwarder RX');
      assert.equal([s[2]!.txPackets, s[2]!.txBytes], [N, sentOctets], 'forwarder TX');
      assert.equal([s[3]!.rxPackets, s[3]!.rxBytes, s[3]!.rxMissed, s[3]!.crcErrors], [N, octets, 0, 0], 'receiver RX');
      assert.equal(ports.map((p) => p.model.counts.dropped), [0, 0, 0, 0], 'no port dropped a frame');
      // Read-to-clear: a second read adds nothing.
      assert.is(recv.readStats().rxPackets, N);
      if (interrupts) {
        assert.ok(fwdIn.interrupts > 0 && recv.interrupts > 0, `receive interrupts were used (${fwdIn.interrupts}, ${recv.interrupts})`);
      }
      assert.equal(ports.map((p) => p.sim.faults), [[], [], [], []], 'no DMA or programming faults');
      // Every buffer is back in its pool or on an RX descriptor: nothing leaked.
      for (const n of nics) assert.ok(n.pool.free >= n.pool.count - 255 - n.txInFlight, `${n.name}: ${n.pool.free} of ${n.pool.count} buffers free`);
      close();
    });
  }
}

test('a receiver that does not keep up: the device counts the misses (MPC), the receiver finds the gap', async () => {
  const wire = new SimWire();
  const a = createE1000eSim(0, wire);
  const b = createE1000eSim(1, wire);
  const gen = await E1000eNic.open(a.sim, { name: 'gen' });
  const recv = await E1000eNic.open(b.sim, { name: 'recv', rxDescriptors: 64 });
  const g = new Generator(gen, 128, 16, 200);
  await run([g], { seconds: 10, ports: [] });
  const r = new Receiver(recv, 32, 200);
  await run([r], { seconds: 0.3, ports: [] }); // 137 frames never come: stop on time
  const report = r.report();
  assert.equal([report.frames, report.lost, report.duplicated, report.corrupt], [63, 137, 0, 0], '63 descriptors held frames (one stays unused)');
  const s = recv.readStats();
  assert.equal([s.rxPackets, s.rxMissed, s.rxNoBuffers], [63, 137, 137]);
  assert.is(gen.readStats().txPackets, 200);
  gen.close();
  recv.close();
});

test('receive filter: on one wire (a hub), a non-promiscuous port takes only its own frames (and broadcasts with `broadcast`), a promiscuous one everything', async () => {
  const wire = new SimWire();
  const [a, b, c, d] = [0, 1, 2, 3].map((i) => createE1000eSim(i, wire)) as [SimPort, SimPort, SimPort, SimPort];
  const gen = await E1000eNic.open(a.sim, { name: 'a', promiscuous: false });
  const mine = await E1000eNic.open(b.sim, { name: 'b', promiscuous: false, broadcast: false });
  const other = await E1000eNic.open(c.sim, { name: 'c', promiscuous: false });
  const all = await E1000eNic.open(d.sim, { name: 'd' });
  assert.is(b.sim.peek({ offset: 0x5404 }) >> 31n, 1n, 'RAH0.AV set for the port MAC');
  // 10 frames to b's MAC, then 3 broadcasts, from a.
  const ids = new Uint32Array(13);
  const lengths = new Uint16Array(13).fill(FRAME);
  assert.is(gen.pool.allocBatch(ids, 13), 13);
  const src = parseMac(gen.mac);
  for (let i = 0; i < 13; i++) writeFrame(gen.pool.buffers[ids[i]!]!, 0, FRAME, i, i < 10 ? parseMac(mine.mac) : parseMac('ff:ff:ff:ff:ff:ff'), src);
  assert.is(gen.txBatch(ids, lengths, 13), 13);
  const received = (nic: E1000eNic): number[] => {
    const got = new Uint32Array(32);
    const lens = new Uint16Array(32);
    const n = nic.rxBatch(got, lens);
    const seqs = Array.from(got.subarray(0, n), (id, i) => checkFrame(nic.pool.buffers[id]!, 0, lens[i]!));
    nic.pool.releaseBatch(got, n);
    return seqs;
  };
  assert.equal(received(mine), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'b: its own frames, no broadcasts (BAM off)');
  assert.equal(received(other), [10, 11, 12], 'c: only the broadcasts');
  assert.equal(received(all), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 'd (promiscuous, the default): every frame');
  assert.equal(received(gen), [], 'a: nothing (the wire does not echo)');
  assert.equal([b, c, d].map((p) => p.model.counts.dropped), [3, 10, 0], 'the filter dropped what the ports did not take; no descriptor was short');
  assert.equal([b, c, d].map((p) => p.sim.faults), [[], [], []]);
  for (const n of [gen, mine, other, all]) n.close();
});

test('link: up once plugged into a wire with CTRL.SLU; a port on no wire times out naming STATUS.LU', async () => {
  const wire = new SimWire();
  const a = createE1000eSim(0, wire);
  const nic = await E1000eNic.open(a.sim, { name: 'a' });
  assert.ok(nic.linkUp());
  assert.is(nic.mac, '52:54:00:12:34:56');
  nic.regs.ctrl.modify({ slu: 0 });
  assert.not.ok(nic.linkUp(), 'clearing CTRL.SLU takes the link down');
  assert.ok(a.sim.peek('icr') & 0x4n, 'and raises ICR.LSC');
  nic.close();
  const lone = createE1000eSim(1);
  try {
    await E1000eNic.open(lone.sim, { name: 'lone', linkTimeoutMs: 50 });
    assert.unreachable('open() resolved without a link');
  } catch (e) {
    assert.match((e as Error).message, /STATUS\.LU on lone/);
    assert.is((e as { code?: string }).code, 'ETIMEDOUT');
  }
  assert.is(lone.sim.dma.liveBuffers, 0, 'the failed open freed its rings and buffers');
});

test('bad options are refused before the device is touched', async () => {
  const { sim } = createE1000eSim(0, new SimWire());
  const refused = async (options: Parameters<typeof E1000eNic.open>[1]): Promise<string> => {
    try {
      await E1000eNic.open(sim, options);
    } catch (e) {
      return String(e);
    }
    return 'opened';
  };
  assert.match(await refused({ rxDescriptors: 100 }), /rxDescriptors must be a multiple of 8 in 8\.\.65536, got 100/);
  assert.match(await refused({ bufferSize: 4096 }), /bufferSize must be 2048, 1024, 512 or 256/);
  assert.is(sim.peek('tctl'), 0n, 'the transmitter was never enabled');
});

test.run();
