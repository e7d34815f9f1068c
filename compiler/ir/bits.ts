// Bit arithmetic every phase, back end and the simulated device share: an lsb/width field as an
// in-place mask (bigint, so 64-bit registers are exact), and hex as messages, comments and generated
// code write it.

/** In-place mask of `width` bits at `lsb`. */
export const bitsOf = (lsb: number, width: number): bigint => ((1n << BigInt(width)) - 1n) << BigInt(lsb);

/** `0x2a`: lowercase, no padding. */
export const hex = (n: number | bigint): string => '0x' + n.toString(16);
