// Host side of nvme-vfio.guest.ts: fills the NVMe namespace's raw image with the host pattern before
// boot; after poweroff, checks that the blocks the guest wrote hold the guest pattern and every other
// block still holds the host pattern (nothing written where it should not be).
import { readFileSync, writeFileSync } from 'node:fs';
import { firstBadBlock, GUEST_SEED, HOST_SEED, NVME_IMAGE_BYTES, NVME_LBA_BYTES, patternBlock } from '../nvme-image.mjs';
import { NVME_UNDEFINED, NVME_WRITES } from './nvme-writes.mjs';

const BLOCKS = NVME_IMAGE_BYTES / NVME_LBA_BYTES;

/** @param {{ nvmePath: string }} ctx */
export function prepare({ nvmePath }) {
  const image = Buffer.alloc(NVME_IMAGE_BYTES);
  for (let lba = 0; lba < BLOCKS; lba++) image.set(patternBlock(lba, HOST_SEED), lba * NVME_LBA_BYTES);
  writeFileSync(nvmePath, image);
}

/** @param {{ nvmePath: string }} ctx */
export function verify({ nvmePath }) {
  const image = new Uint8Array(readFileSync(nvmePath));
  if (image.length !== NVME_IMAGE_BYTES) throw new Error(`host check: ${nvmePath} is ${image.length} bytes, not ${NVME_IMAGE_BYTES}`);
  const guest = new Set(Object.values(NVME_WRITES).flatMap(({ lba, count }) => Array.from({ length: count }, (_, i) => lba + i)));
  const bad = [];
  const undefinedBlocks = new Set(Object.values(NVME_UNDEFINED).flatMap(({ lba, count }) => Array.from({ length: count }, (_, i) => lba + i)));
  for (let lba = 0; lba < BLOCKS; lba++) {
    if (undefinedBlocks.has(lba)) continue;
    const block = image.subarray(lba * NVME_LBA_BYTES, (lba + 1) * NVME_LBA_BYTES);
    if (firstBadBlock(block, lba, 1, guest.has(lba) ? GUEST_SEED : HOST_SEED) >= 0) bad.push(lba);
  }
  if (bad.length > 0) {
    throw new Error(`host check: ${bad.length} blocks of ${nvmePath} are not what they should be (first: LBA ${bad.slice(0, 8).join(', ')}; guest-written: ${[...guest].length} blocks)`);
  }
}

