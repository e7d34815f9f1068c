// SVD's scaledNonNegativeInteger: decimal, 0x hex, # or 0b binary, optional k/M/G/T scale.

const SCALE: Record<string, bigint> = { k: 1n << 10n, m: 1n << 20n, g: 1n << 30n, t: 1n << 40n };

export function parseSvdInteger(text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  let s = text.trim().replace(/^\+/, '');
  let scale = 1n;
  const last = s.slice(-1).toLowerCase();
  if (!/^0x/i.test(s) && SCALE[last] !== undefined) {
    scale = SCALE[last]!;
    s = s.slice(0, -1);
  }
  let v: bigint;
  if (/^0x[0-9a-f]+$/i.test(s)) v = BigInt(s);
  else if (/^(#|0b)[01]+$/i.test(s)) v = BigInt('0b' + s.replace(/^(#|0b)/i, ''));
  else if (/^[0-9]+$/.test(s)) v = BigInt(s);
  else return undefined;
  return v * scale;
}

/** Enumerated values may use `x` for don't-care bits (`#1x0`): those are reported, not imported. */
export function hasDontCare(text: string): boolean {
  return /^(#|0b)[01x]*x[01x]*$/i.test(text.trim());
}
