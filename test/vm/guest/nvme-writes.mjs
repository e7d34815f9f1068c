// Which blocks nvme-vfio.guest.ts writes with the guest pattern (and on which queue), so its host hook
// checks exactly those after poweroff and the host pattern everywhere else (but NVME_UNDEFINED). Types in the .d.mts.
export const NVME_WRITES = {
  cli: { lba: 100, count: 4, qid: 1 },
  polled: { lba: 2000, count: 16, qid: 3 },
  interrupts: { lba: 3000, count: 8, qid: 4 },
};
/** A Write whose source the IOMMU refuses: what QEMU stores there is undefined, so the host skips it. */
export const NVME_UNDEFINED = { refused: { lba: 10, count: 1, qid: 1 } };
