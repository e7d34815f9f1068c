// The word patterns the ivshmem harness check exchanges: imported by the guest test and by its host hooks
// (plain .mjs so the host, which runs without a TypeScript loader, can import it; types in the .d.mts).
export const IVSHMEM_SIZE = 0x100000;
/** Words compared each way: 64 KiB, enough to cross many pages, quick under TCG. */
export const WORDS_CHECKED = 0x4000;
/** @param {number} i */
export const hostWord = (i) => (Math.imul(i, 0x9e3779b1) ^ 0x5eed0001) >>> 0;
/** @param {number} i */
export const guestWord = (i) => (Math.imul(i, 0x85ebca6b) ^ 0x600d0002) >>> 0;
