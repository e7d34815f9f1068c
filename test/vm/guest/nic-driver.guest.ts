// vm-guest: {"devices": ["e1000e", "iommu"], "timeoutSec": 240}
// The e1000e driver of examples/nic/ on QEMU's e1000e through VFIO type1 + intel-iommu, one port (no
// netdev: QEMU drops what the port sends but runs its transmit path and counts it): bring-up, link,
// the generator's transmit path with one TDT write per batch and cleanup of done descriptors, and the
// statistics counters, with both ring engines — the wasm one with its rings in a device window whose
// pages are mapped for the device with VFIO_IOMMU_MAP_DMA (DmaAllocator.adopt) — then `npm run nic --
// pktgen <BDF>` itself. The receive path needs a peer: the hub guest tests cover it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { device as spec } from '../../../generated/e1000e/e1000e.js';
import { bindDriver, findPciDevices, openDevice, type Binding, type Device } from '../../../runtime/index.js';
import type { RingEngine } from '../../../examples/nic/api.js';
import { E1000eNic } from '../../../examples/nic/driver.js';
import { Generator } from '../../../examples/nic/programs.js';
import { main as nic } from '../../../examples/nic/cli.js';

const FRAMES = 3000;
const SIZE = 60;

let bdf = '';
let binding: Binding | undefined;

test('bind e1000e to vfio-pci', () => {
  const found = findPciDevices({ vendor: spec.pci.vendor, device: spec.pci.device });
  assert.ok(found.length >= 1, 'an e1000e on the bus');
  bdf = found[0]!.bdf;
  binding = bindDriver(bdf, 'vfio-pci');
  assert.is(binding.driver, 'vfio-pci');
});

async function send(engine: RingEngine): Promise<void> {
  const dev: Device = openDevice({ vfio: bdf }, { bars: { 0: spec.bars[0].size } });
  try {
    const port = await E1000eNic.open(dev, { name: bdf, engine, txDescriptors: 256 });
    try {
      assert.ok(port.linkUp(), 'STATUS.LU');
      assert.is(port.mac, '52:54:00:12:34:56', 'MAC from RAL0/RAH0');
      assert.is(port.doorbell, engine === 'ts' ? 'ring' : 'wasm', 'with VFIO the wasm routines write the tail registers themselves');
      const gen = new Generator(port, SIZE, 32, FRAMES);
      const t0 = performance.now();
      while (!gen.done) if (gen.step() === 0) await new Promise((r) => setTimeout(r, 1));
      // QEMU sends asynchronously: reap until every descriptor came back done.
      const deadline = Date.now() + 10_000;
      while (port.txInFlight > 0) {
        port.txCleanup();
        if (Date.now() > deadline) assert.unreachable(`${port.txInFlight} descriptors never written back`);
        await new Promise((r) => setTimeout(r, 1));
      }
      const ms = performance.now() - t0;
      const s = port.readStats();
      console.log(`${engine} rings: ${FRAMES} frames in ${ms.toFixed(0)} ms (${((FRAMES / ms) * 1000).toFixed(0)} frames/s under TCG)`);
      assert.is(s.txPackets, FRAMES, 'GPTC');
      assert.is(s.totalTxPackets, FRAMES, 'TPT');
      assert.is(s.txBytes, FRAMES * SIZE, 'GOTC: the frame bytes (QEMU 7.2 leaves the CRC out on transmit)');
      assert.is(port.readStats().txPackets, FRAMES, 'a second read adds nothing (read-to-clear)');
      assert.is(port.pool.free, port.pool.count - 255, 'every TX buffer back in the pool (255 wait in RX descriptors)');
    } finally {
      port.close();
    }
  } finally {
    dev.close();
  }
}

test('TS rings: bring-up, link, 3000 frames sent, GPTC/TPT/GOTC agree', () => send('ts'));

test('wasm rings (device window pages mapped for the device): the same', () => send('wasm'));

test('npm run nic -- pktgen <BDF> --count N --json: rate lines from the counters', async () => {
  const lines: string[] = [];
  const code = await nic(['pktgen', bdf, '--count', '2000', '--json', '--engine', 'wasm'], (l) => lines.push(l));
  assert.is(code, 0, lines.join('\n'));
  const tx = lines.map((l) => JSON.parse(l) as { dir?: string; packets?: number }).filter((o) => o.dir === 'TX');
  // The program lets the port finish its queue before the last line, so GPTC has every frame.
  assert.is(tx.reduce((n, o) => n + o.packets!, 0), 2000, 'TX packets over all lines (GPTC)');
});

test('restore the original driver binding', () => {
  binding?.restore();
});

test.run();
