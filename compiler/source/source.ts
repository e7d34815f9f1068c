// A spec file's text plus a lazily built line table, so spans (byte offsets) turn into line:col
// only when a diagnostic is printed.

export interface Source {
  readonly file: string;
  readonly text: string;
}

export interface Span {
  readonly file: string;
  /** 0-based character offsets into the file's text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export interface LineCol {
  /** 1-based */
  readonly line: number;
  /** 1-based, in characters */
  readonly col: number;
}

const lineTables = new WeakMap<Source, number[]>();

function lineStarts(source: Source): number[] {
  let starts = lineTables.get(source);
  if (!starts) {
    starts = [0];
    const t = source.text;
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) starts.push(i + 1);
    lineTables.set(source, starts);
  }
  return starts;
}

export function lineColOf(source: Source, offset: number): LineCol {
  const starts = lineStarts(source);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

/** Offset just past the last character of 1-based line `line` (before its newline and a CR). */
export function lineEndOffset(source: Source, line: number): number {
  const starts = lineStarts(source);
  const s = starts[line - 1] ?? source.text.length;
  let e = line < starts.length ? starts[line]! - 1 : source.text.length;
  if (e > s && source.text.charCodeAt(e - 1) === 13) e--;
  return e;
}

/** The text of 1-based line `line`, without its newline. */
export function lineText(source: Source, line: number): string {
  const starts = lineStarts(source);
  const s = starts[line - 1] ?? source.text.length;
  const e = line < starts.length ? starts[line]! - 1 : source.text.length;
  return source.text.slice(s, e).replace(/\r$/, '');
}

export function span(file: string, start: number, end: number): Span {
  return { file, start, end };
}
