// The C rows of the NVMe guest benchmark: run.ts builds them static on the host against
// generated/nvme/ (the busybox guest has neither libc nor a compiler) and ships them to the guest;
// test/bench/guest-tools.test.ts compiles them against the committed header on every `npm test`.
import type { GuestTool } from '../../test/vm/guest-tools.mjs';

export const nvmeBenchPrograms: readonly GuestTool[] = [
  { name: 'kernel-aio', sources: ['bench/nvme/kernel-aio.c'], generatedIncludes: ['nvme'] },
  { name: 'vfio-loop', sources: ['bench/nvme/vfio-loop.c'], generatedIncludes: ['nvme'] },
];
