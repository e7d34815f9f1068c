// The word patterns the ivshmem test exchanges between host and guest: imported by the guest test and by
// its host hooks (plain .mjs so the host, which runs without a TypeScript loader, can import it; types in
// the .d.mts). Only the first and the last 64 KiB of BAR2 are compared: enough to prove the whole BAR is
// mapped and shared, quick under TCG (a JS MMIO word access costs ~0.4 µs there).
export const WORDS_AT_EACH_END = 0x4000;

/** Word indices compared in a BAR of `bytes` bytes. @param {number} bytes @returns {number[]} */
export function checkedWords(bytes) {
  const words = bytes / 4;
  const head = Array.from({ length: WORDS_AT_EACH_END }, (_, i) => i);
  return [...head, ...head.map((i) => words - WORDS_AT_EACH_END + i)];
}
/** @param {number} i */
export const hostWord = (i) => (Math.imul(i, 0x9e3779b1) ^ 0x5eed0001) >>> 0;
/** @param {number} i */
export const guestWord = (i) => (Math.imul(i, 0x85ebca6b) ^ 0x600d0002) >>> 0;
