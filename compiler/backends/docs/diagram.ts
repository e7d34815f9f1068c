// Bit-field diagrams: a text one for Markdown (aligned columns of bit ranges, field names and access,
// wrapped to stay readable) and the rows an HTML grid draws (at most 32 bits per row, fields that
// cross a row boundary split in two).
import { bitRange, type Segment } from './model.js';

const MAX_LINE = 100;

/** Lines of a fixed-width diagram, most significant bits first. */
export function textDiagram(segments: readonly Segment[]): string[] {
  const cols = segments.map((s) => {
    const cells = [bitRange(s.msb, s.lsb), s.name || '-', s.access];
    const w = Math.max(...cells.map((c) => c.length));
    return cells.map((c) => c.padEnd(w));
  });
  const heads = ['bits', 'field', 'access'];
  const out: string[] = [];
  let start = 0;
  while (start < cols.length) {
    let end = start;
    let len = 6;
    do len += cols[end++]![0]!.length + 3;
    while (end < cols.length && len + cols[end]![0]!.length + 3 <= MAX_LINE);
    if (out.length > 0) out.push('');
    for (let row = 0; row < 3; row++) {
      out.push(`${heads[row]!.padEnd(6)}| ${cols.slice(start, end).map((c) => c[row]).join(' | ')} |`.trimEnd());
    }
    start = end;
  }
  return out;
}

export interface GridBox {
  readonly span: number;
  readonly msb: number;
  readonly lsb: number;
  readonly segment: Segment;
}
export interface GridRow {
  /** Bit numbers of the row's cells, left to right (msb first). */
  readonly bits: readonly number[];
  readonly boxes: readonly GridBox[];
}

/** Rows of at most 32 bits, high row first. */
export function gridRows(segments: readonly Segment[], width: number): GridRow[] {
  const per = Math.min(32, width);
  const rows: GridRow[] = [];
  for (let hi = width - 1; hi >= 0; hi -= per) {
    const lo = hi - per + 1;
    const bits = Array.from({ length: per }, (_, n) => hi - n);
    const boxes: GridBox[] = [];
    for (const s of segments) {
      const msb = Math.min(s.msb, hi);
      const lsb = Math.max(s.lsb, lo);
      if (msb >= lsb) boxes.push({ span: msb - lsb + 1, msb, lsb, segment: s });
    }
    rows.push({ bits, boxes });
  }
  return rows;
}
