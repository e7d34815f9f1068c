// Which blocks nvme-vfio.guest.ts writes with the guest pattern (and on which queue), so its host hook
// checks exactly those after poweroff and the host pattern everywhere else. Types in the .d.mts.
export const NVME_WRITES = {
  cli: { lba: 100, count: 4, qid: 1 },
  polled: { lba: 2000, count: 16, qid: 3 },
  interrupts: { lba: 3000, count: 8, qid: 4 },
};
