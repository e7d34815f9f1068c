// vm-guest: {"devices": ["edu", "iommu"], "timeoutSec": 120}
// irq.handle() against a real kernel: QEMU's edu raising interrupts, the handler reading and acknowledging
// them through the generated accessors, re-armed by the runtime after each run — UIO INTx (re-armed via
// the INTx-disable bit), VFIO MSI and VFIO INTx (unmask). Run: node test/vm/run.mjs edu-handle
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EduIrq, EduRegs, IrqStatus } from '../../../generated/edu/edu.js';
import { bindDriver, findPciDevices, openDevice, type Binding, type Device, type IrqEvent } from '../../../runtime/index.js';
import { EDU, guestTest } from '../kernel/edu-driver.js';

let bdf = '';

/** Raises `times` interrupts one after another; the handler checks the cause and acks it. */
async function checkHandler(dev: Device, times: number): Promise<void> {
  const regs = new EduRegs(dev.bar(0));
  const irq = new EduIrq(dev.bar(0));
  const causes = [EduIrq.fact, EduIrq.dma, EduIrq.fact | EduIrq.dma];
  const seen: IrqEvent[] = [];
  const statuses: number[] = [];
  let next: () => void = () => {};
  const off = dev.irq.handle((ev) => {
    seen.push(ev);
    const status = regs.irq_status.read();
    statuses.push(status);
    irq.ack((IrqStatus.fact.get(status) ? EduIrq.fact : 0) | (IrqStatus.dma.get(status) ? EduIrq.dma : 0));
    next();
  });
  for (let i = 0; i < times; i++) {
    const cause = causes[i % causes.length]!;
    const ran = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`interrupt ${i + 1} of ${times}: the handler did not run within 5 s`)), 5000);
      next = () => (clearTimeout(timer), resolve());
    });
    irq.test(cause);
    await ran;
    const status = statuses[i]!;
    assert.equal([IrqStatus.fact.get(status), IrqStatus.dma.get(status)], [(cause & EduIrq.fact) !== 0, (cause & EduIrq.dma) !== 0]);
    assert.is(regs.irq_status.read(), 0, 'acknowledged by the handler');
  }
  assert.equal(seen, Array.from({ length: times }, () => ({ vector: 0, count: 1, missed: 0 })));
  // While the handler holds the vector, waits are refused.
  await dev.irq.wait({ timeout: 100 }).then(
    () => assert.unreachable(),
    (e: { code?: string }) => assert.is(e.code, 'EBUSY'),
  );
  off();
  // Unsubscribed: the next interrupt waits in the kernel for the next wait, as missed.
  irq.test(EduIrq.fact);
  await new Promise((r) => setTimeout(r, 50));
  assert.is(seen.length, times, 'no run after unsubscribe');
  const ev = await dev.irq.wait({ timeout: 2000 });
  assert.equal(ev, { vector: 0, count: 1, missed: 1 });
  irq.ack(EduIrq.fact);
}

guestTest('UIO INTx: the handler runs per interrupt, re-armed through the INTx-disable bit', async () => {
  bdf = findPciDevices({ vendor: EDU.vendor, device: EDU.device })[0]!.bdf;
  const binding: Binding = bindDriver(bdf, 'uio_pci_generic');
  const dev = openDevice({ uio: bdf }, { bars: { 0: EDU.bar0 } });
  try {
    await checkHandler(dev, 4);
  } finally {
    dev.close();
    binding.restore();
  }
});

for (const mode of ['msi', 'intx'] as const) {
  guestTest(`VFIO ${mode}: the handler runs per interrupt${mode === 'intx' ? ', re-armed by INTx unmask' : ''}`, async () => {
    const binding: Binding = bindDriver(bdf, 'vfio-pci');
    const dev = openDevice({ vfio: bdf }, { bars: { 0: EDU.bar0 }, irq: mode });
    try {
      assert.is(dev.irq.mode, mode);
      await checkHandler(dev, 4);
    } finally {
      dev.close();
      binding.restore();
    }
  });
}

test.run();
