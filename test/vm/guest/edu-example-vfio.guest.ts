// vm-guest: {"devices": ["edu", "iommu"], "timeoutSec": 150}
// The same example edu driver and generated-accessor checks as edu-example-uio, through VFIO type1 behind
// the emulated intel-iommu with interrupt remapping: openDevice({ vfio }) picks MSI and IOVA DMA
// (VFIO_IOMMU_MAP_DMA). Then `regmill dump --vfio` on the live device once the test has closed it (a VFIO
// group has one owner at a time).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { device as eduSpec } from '../../../generated/edu/edu.js';
import { bindDriver, findPciDevices, openDevice, type Binding, type Device } from '../../../runtime/index.js';
import { checkDump, checkExampleDriver, checkIdentFields, checkRaiseWaitAck, markLiveness } from './edu-checks.js';

let bdf = '';
let binding: Binding | undefined;
let dev: Device;

test('bind edu to vfio-pci and open it over VFIO type1', () => {
  const found = findPciDevices({ vendor: eduSpec.pci.vendor, device: eduSpec.pci.device });
  assert.is(found.length, 1, 'one edu on the bus');
  bdf = found[0]!.bdf;
  binding = bindDriver(bdf, 'vfio-pci');
  dev = openDevice({ vfio: bdf }, { bars: { 0: eduSpec.bars[0].size } });
  console.log(dev.description);
  assert.is(dev.backend, 'vfio');
  assert.is(dev.irq.mode, 'msi');
  assert.is(dev.dma.addressMode, 'iova');
});

test('the example driver: identify, liveness, factorials (polling, MSI), DMA by IOVA', () => checkExampleDriver(dev, 0));
test('identification through the generated field accessors', () => checkIdentFields(dev));
test('raise → MSI → decode → ack through the generated interrupt group', () => checkRaiseWaitAck(dev, 0));

let liveness = 0;
test('close', () => {
  liveness = markLiveness(dev);
  dev.close();
  assert.throws(() => dev.bar(0), /closed/);
});

test('regmill dump over VFIO shows the decoded live registers', () => checkDump(['--vfio', bdf], liveness));

test('restore the original driver binding', () => {
  binding?.restore();
});

test.run();
