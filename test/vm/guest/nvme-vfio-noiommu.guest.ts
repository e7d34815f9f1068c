// vm-guest: {"devices": ["nvme"], "timeoutSec": 300}
// The same NVMe checks as nvme-vfio.guest.ts without any IOMMU: VFIO no-IOMMU mode, DMA by guest-physical
// address (pagemap). The guest kernel's vfio modules are swapped for the ones rebuilt with
// CONFIG_VFIO_NOIOMMU (the host hook stages them, as for edu-vfio-noiommu). Same blocks written, so the
// host hook checks the image the same way. Run through test/vm/run.mjs, which calls the host hooks:
// npm run test:vm -- nvme-vfio-noiommu
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bindDriver, findPciDevices, type Binding } from '../../../runtime/index.js';
import { cliSteps, libraryRun, PAIRS, QEMU_NVME } from './nvme-checks.js';

const PARAM = '/sys/module/vfio/parameters/enable_unsafe_noiommu_mode';
/** Load order: each after the modules it needs (irqbypass, from the stock set, stays loaded). */
const REBUILT = ['vfio', 'vfio_virqfd', 'vfio_iommu_type1', 'vfio-pci-core', 'vfio-pci'];
const moduleDir = fileURLToPath(new URL(`../../runtime/kernel/.vfio-noiommu/${release()}/`, import.meta.url));
const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let bdf = '';
let binding: Binding | undefined;

test('vfio with CONFIG_VFIO_NOIOMMU, mode on; bind the NVMe controller to vfio-pci (a noiommu group)', () => {
  assert.ok(existsSync(`${moduleDir}vfio.ko`), `no rebuilt modules in ${moduleDir}: run node test/vm/guest/nvme-vfio-noiommu.host.mjs on the host first`);
  for (const m of [...REBUILT].reverse()) run('rmmod', m);
  for (const m of REBUILT) run('insmod', `${moduleDir}${m}.ko`);
  writeFileSync(PARAM, '1');
  assert.is(readFileSync(PARAM, 'utf8').trim(), 'Y');
  const found = findPciDevices(QEMU_NVME);
  assert.is(found.length, 1, 'one QEMU NVMe controller on the bus');
  bdf = found[0]!.bdf;
  binding = bindDriver(bdf, 'vfio-pci');
  const group = run('readlink', `/sys/bus/pci/devices/${bdf}/iommu_group`).trim().split('/').pop()!;
  assert.ok(existsSync(`/dev/vfio/noiommu-${group}`), `/dev/vfio/noiommu-${group}`);
});

for (const [name, fn] of cliSteps(() => bdf)) test(name, fn);

test(`library, polled: ${PAIRS} I/O queue pairs, physical DMA addresses`, () => libraryRun(bdf, false, 'physical'));
test(`library, MSI-X: ${PAIRS} I/O queue pairs each on its own vector, physical DMA addresses`, () => libraryRun(bdf, true, 'physical'));

test('restore the binding', () => {
  binding?.restore();
});

test.run();
