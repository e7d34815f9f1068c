// The NVMe namespace a guest gets with `"devices": ["nvme"]`: QEMU's serial number, the raw image's size,
// and the block pattern host and guest exchange through it. Plain .mjs (types in the .d.mts) so the harness,
// host hooks and guest tests import one definition.
/** Serial number QEMU reports in Identify Controller (SN, 20 ASCII bytes, space padded). */
export const NVME_SERIAL = 'REGMILL-NVME-0001';
/** 2 MiB: 4096 blocks of 512 bytes (QEMU's default LBA format), small enough to fill and check quickly. */
export const NVME_IMAGE_BYTES = 2 << 20;
export const NVME_LBA_BYTES = 512;
/** Seeds: what the host writes before boot, what the guest writes for the host to check after poweroff. */
export const HOST_SEED = 0x5eed0001;
export const GUEST_SEED = 0x600d0002;

/**
 * One 512-byte block of the pattern: dword 0 is the LBA, dword 1 the seed, the rest a hash of both and
 * the dword's index (so a block read from the wrong LBA or a shifted DMA shows).
 * @param {number} lba @param {number} seed @returns {Uint8Array}
 */
export function patternBlock(lba, seed) {
  const block = new Uint8Array(NVME_LBA_BYTES);
  const view = new DataView(block.buffer);
  view.setUint32(0, lba, true);
  view.setUint32(4, seed >>> 0, true);
  for (let i = 2; i < NVME_LBA_BYTES / 4; i++) view.setUint32(i * 4, (Math.imul(lba + 1, 0x9e3779b1) ^ Math.imul(i, 0x85ebca6b) ^ seed) >>> 0, true);
  return block;
}

/**
 * Index of the first of `count` blocks in `data` (starting at `lba`) that differs from the pattern, or -1.
 * @param {Uint8Array} data @param {number} lba @param {number} count @param {number} seed @returns {number}
 */
export function firstBadBlock(data, lba, count, seed) {
  for (let b = 0; b < count; b++) {
    const want = patternBlock(lba + b, seed);
    const got = data.subarray(b * NVME_LBA_BYTES, (b + 1) * NVME_LBA_BYTES);
    if (got.length !== want.length || got.some((v, i) => v !== want[i])) return b;
  }
  return -1;
}
