// Host side of nvme-vfio-noiommu.guest.ts: stages the vfio modules rebuilt with CONFIG_VFIO_NOIOMMU (the
// edu no-IOMMU test's hook builds them once per kernel) and fills/checks the image like nvme-vfio.host.mjs.
// By hand, before booting the test with test/vm/boot.mjs alone: node test/vm/guest/nvme-vfio-noiommu.host.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepare as stageNoIommuVfio } from '../../runtime/kernel/edu-vfio-noiommu.host.mjs';
import { prepare as fillImage, verify } from './nvme-vfio.host.mjs';

export { verify };

/** @param {{ nvmePath: string }} ctx */
export function prepare(ctx) {
  stageNoIommuVfio();
  fillImage(ctx);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(`no-IOMMU vfio modules in ${path.relative(process.cwd(), stageNoIommuVfio())}`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
