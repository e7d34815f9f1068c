// dim / dimIncrement / dimIndex: an SVD element repeated. Indices 0..n-1 become a .regs array with a
// stride; any other index list (A,B,C or 3-5) is expanded into one element per index.
import { childText, type XmlElement } from './xml.js';
import { parseSvdInteger } from './numbers.js';

export interface Dim {
  readonly count: number;
  readonly increment: number;
  /** undefined: plain 0..count-1. */
  readonly indices?: readonly string[];
}

export type DimResult = { readonly dim?: Dim } | { readonly error: string };

export function readDim(el: XmlElement): DimResult {
  const dimText = childText(el, 'dim');
  if (dimText === undefined) return {};
  const count = parseSvdInteger(dimText);
  const increment = parseSvdInteger(childText(el, 'dimIncrement'));
  if (count === undefined || count < 1n || count > 1_000_000n) return { error: `<dim>${dimText}</dim> is not a count from 1 to 1000000` };
  if (increment === undefined) return { error: '<dim> without a readable <dimIncrement>' };
  const indexText = childText(el, 'dimIndex');
  const dim = { count: Number(count), increment: Number(increment) };
  if (indexText === undefined) return { dim };
  const indices = parseDimIndex(indexText);
  if (!indices) return { error: `<dimIndex>${indexText}</dimIndex> is neither a list (A,B,C) nor a range (0-3, A-D)` };
  if (indices.length !== dim.count) return { error: `<dimIndex> lists ${indices.length} indices but <dim> is ${dim.count}` };
  const plain = indices.every((s, i) => s === String(i));
  return { dim: plain ? dim : { ...dim, indices } };
}

function parseDimIndex(text: string): string[] | undefined {
  const t = text.trim();
  if (t.includes(',')) {
    const parts = t.split(',').map((s) => s.trim());
    return parts.every((p) => /^[A-Za-z0-9_]+$/.test(p)) ? parts : undefined;
  }
  let m = /^(\d+)\s*-\s*(\d+)$/.exec(t);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (b < a || b - a > 1_000_000) return undefined;
    return Array.from({ length: b - a + 1 }, (_, i) => String(a + i));
  }
  m = /^([A-Z])\s*-\s*([A-Z])$/.exec(t) ?? /^([a-z])\s*-\s*([a-z])$/.exec(t);
  if (m) {
    const [a, b] = [m[1]!.charCodeAt(0), m[2]!.charCodeAt(0)];
    if (b < a) return undefined;
    return Array.from({ length: b - a + 1 }, (_, i) => String.fromCharCode(a + i));
  }
  return /^[A-Za-z0-9_]+$/.test(t) ? [t] : undefined;
}
