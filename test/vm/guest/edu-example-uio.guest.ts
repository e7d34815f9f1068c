// vm-guest: {"devices": ["edu"], "timeoutSec": 150}
// The project's example edu driver (examples/edu-driver.ts, written only against the accessors generated
// from specs/edu.regs) on a real edu behind uio_pci_generic, opened with the public openDevice({ uio }):
// identification, liveness, factorial by polling and by interrupt, DMA with pagemap physical addresses.
// Then interrupts through the generated EduIrq group: raise → wait → decode → ack, and an interrupt
// raised while nobody waits (counted by the kernel, delivered to the next wait, never lost or doubled);
// finally `regmill dump` over /dev/uioN and over sysfs resource0.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EduIrq, device as eduSpec } from '../../../generated/edu/edu.js';
import { bindDriver, findPciDevices, findUio, openDevice, type Binding, type Device } from '../../../runtime/index.js';
import { checkDump, checkExampleDriver, checkIdentFields, checkRaiseWaitAck, markLiveness, WAIT_MS } from './edu-checks.js';

const bar0Size = eduSpec.bars[0].size;
let bdf = '';
let binding: Binding | undefined;
let dev: Device;

test('bind edu to uio_pci_generic and open it over UIO', () => {
  const found = findPciDevices({ vendor: eduSpec.pci.vendor, device: eduSpec.pci.device });
  assert.is(found.length, 1, 'one edu on the bus');
  bdf = found[0]!.bdf;
  binding = bindDriver(bdf, 'uio_pci_generic');
  dev = openDevice({ uio: bdf }, { bars: { 0: bar0Size } });
  assert.is(dev.backend, 'uio');
  assert.is(dev.irq.mode, 'intx');
  assert.is(dev.dma.addressMode, 'physical');
});

test('the example driver: identify, liveness, factorials (polling, interrupt), DMA round trip', () => checkExampleDriver(dev, 0));
test('identification through the generated field accessors', () => checkIdentFields(dev));
test('raise → wait → decode → ack through the generated interrupt group', () => checkRaiseWaitAck(dev, 0));

test('an interrupt nobody waited for is counted and delivered to the next wait, never lost or doubled', async () => {
  const irq = new EduIrq(dev.bar(0));
  const uio = findUio(bdf);
  const total = (): number => Number(readFileSync(path.join(uio.sysPath, 'event'), 'utf8'));
  // An aborted wait leaves INTx enabled, so the raise after it reaches the kernel with nobody waiting.
  const abort = new AbortController();
  const aborted = dev.irq.wait({ signal: abort.signal }).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 20));
  abort.abort();
  assert.instance(await aborted, Error);
  const before = total();
  irq.test(EduIrq.fact);
  await new Promise((r) => setTimeout(r, 100));
  irq.ack(EduIrq.fact);
  const unattended = total() - before;
  assert.is(unattended, 1, 'the kernel counted the unattended interrupt');
  const first = await dev.irq.wait({ timeout: WAIT_MS });
  console.log(`next wait after an unattended interrupt: count ${first.count}, missed ${first.missed}`);
  assert.is(first.count, unattended);
  // Missed-event detection: the event happened while nobody waited, so it is reported as missed.
  assert.is(first.missed, unattended, 'the unattended interrupt is reported as missed');
  const waiting = dev.irq.wait({ timeout: WAIT_MS });
  irq.test(EduIrq.dma);
  const second = await waiting;
  irq.ack(EduIrq.dma);
  assert.equal([second.count, second.missed], [1, 0]);
  assert.is(total(), before + 2);
});

let liveness = 0;
test('close', () => {
  liveness = markLiveness(dev);
  dev.close();
  assert.throws(() => dev.bar(0), /closed/);
});

test('regmill dump over /dev/uioN shows the decoded live registers', () => checkDump(['--uio', bdf], liveness));
test('regmill dump over sysfs resource0 shows the same', () => checkDump(['--resource', bdf], liveness));

test('restore the original driver binding', () => {
  binding?.restore();
});

test.run();
