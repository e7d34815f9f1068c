// Bit arithmetic every phase and back end shares: an lsb/width field as an in-place mask, the mask of
// a register's fields that match, and hex as it appears in messages, comments and generated code.
// bigint, so 64-bit registers are exact.

/** In-place mask of `width` bits at `lsb`. */
export const bitsOf = (lsb: number, width: number): bigint => ((1n << BigInt(width)) - 1n) << BigInt(lsb);

/** The bits of every field in `fields` that `pick` accepts. */
export function fieldsMask<F extends { readonly lsb: number; readonly width: number }>(fields: readonly F[], pick: (f: F) => boolean): bigint {
  let m = 0n;
  for (const f of fields) if (pick(f)) m |= bitsOf(f.lsb, f.width);
  return m;
}

/** `0x2a`: lowercase, no padding. */
export const hex = (n: number | bigint): string => '0x' + n.toString(16);
