// Generated accessors against the simulated device built from the same IR (runtime/sim, an independent
// implementation of the field semantics): safe writes leave side-effect bits alone, acks clear exactly
// the named causes, and interrupt groups agree with the simulator's status/enable/ack/test wiring.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSimDevice } from '../../../../runtime/sim/index.js';
import { fixture, load } from './emit.js';

type Demo = typeof import('./golden/demo.js');
type Irq = typeof import('./golden/irqdemo.js');
const demoIr = fixture('registers');
const irqIr = fixture('interrupts');
const demo = await load<Demo>(demoIr, 'demo');
const irq = await load<Irq>(irqIr, 'irqdemo');

test('worked example on the simulator: modify keeps w1c/w0c flags, ack/clear clear only theirs', () => {
  const sim = createSimDevice(demoIr.devices[0]!);
  const regs = new demo.DemoRegs(sim.bar(0));
  sim.poke('ctrl', 0x5a00001e);
  regs.ctrl.modify({ en: true });
  assert.is(sim.peek('ctrl'), 0x5a00001fn, 'DONE and OVF still set, EN set, MODE kept');
  regs.ctrl.ack('done');
  assert.is(sim.peek('ctrl'), 0x5a000017n);
  regs.ctrl.clear('ovf');
  assert.is(sim.peek('ctrl'), 0x5a000007n);
  regs.ctrl.write({ mode: 'blink' }); // from reset: EN 0, OVF written 1 (no effect), DONE written 0
  assert.is(sim.peek('ctrl') & 0xffn, 0x2n);
  sim.close();
});

test('read-free acks and clear-on-read on the simulator', () => {
  const sim = createSimDevice(demoIr.devices[0]!);
  const regs = new demo.DemoRegs(sim.bar(0));
  sim.poke('flags', 0x7);
  regs.flags.clear('ovr');
  assert.is(sim.peek('flags'), 0x6n);
  sim.poke('toggles', 0x1);
  regs.toggles.ack('ch1');
  assert.is(sim.peek('toggles'), 0x0n);
  sim.poke('icr', 0x41);
  assert.is(regs.icr.readAndClear(), 0x41);
  assert.is(sim.peek('icr'), 0n);
  regs.ports.at(1).lanes.at(2).lane_ctrl.write({ speed: 's100', en: true });
  assert.is(sim.peek('ports[1].lanes[2].lane_ctrl'), 0x3n);
  sim.close();
});

test('interrupt groups on the simulator: pending, ack, enable, test for every ack kind', () => {
  const sim = createSimDevice(irqIr.devices[0]!);
  const io = sim.bar(0);
  const main = new irq.IrqdemoMain(io);
  main.enable(main.all);
  sim.raise('main', 'rx');
  sim.raise('main', 'err');
  assert.equal(main.decode(main.pending()), ['rx', 'err']);
  main.ack(irq.IrqdemoMain.rx);
  assert.equal(main.decode(main.pending()), ['err']);
  main.disable(irq.IrqdemoMain.err);
  assert.is(main.pending(), 0);
  main.test(irq.IrqdemoMain.tx);
  assert.equal(main.decode(main.pending()), ['tx']);

  const legacy = new irq.IrqdemoLegacy(io);
  legacy.enable(irq.IrqdemoLegacy.rxo);
  sim.raise('legacy', 'rxo');
  assert.is(legacy.pending(), irq.IrqdemoLegacy.rxo);
  assert.is(sim.peek('icr'), 0n, 'pending() read the clear-on-read status');

  const edu = new irq.IrqdemoEdu(io);
  edu.test(irq.IrqdemoEdu.fact | irq.IrqdemoEdu.dma);
  assert.is(edu.pending(), irq.IrqdemoEdu.dma, 'fact not enabled yet, dma has no enable');
  edu.enable(irq.IrqdemoEdu.fact);
  assert.is(edu.pending(), irq.IrqdemoEdu.fact | irq.IrqdemoEdu.dma);
  edu.ack(irq.IrqdemoEdu.dma);
  assert.is(sim.peek('irq_status'), 0x1n);

  const adc = new irq.IrqdemoAdc(io);
  adc.enable(adc.all);
  sim.raise('adc', 'ovr');
  sim.raise('adc', 'eoc');
  adc.ack(irq.IrqdemoAdc.eoc);
  assert.equal(adc.decode(adc.pending()), ['ovr']);
  sim.close();
});

test.run();
