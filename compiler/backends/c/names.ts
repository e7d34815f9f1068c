// C identifiers, literals and comments for the generated header. Every macro and function a header
// declares is claimed in one Scope, so two registers whose names meet after upper-casing and joining
// (`status` in two blocks, `a_b` next to `a.b`) can never define the same identifier twice.
import { hex } from '../../ir/bits.js';

/** Identifiers of one header; a group (a register's defines and functions) is claimed all at once. */
export class Scope {
  private readonly taken = new Set<string>();

  /**
   * Claims `base` (or `base_2`, `base_3`, … when any derived name is taken) and returns it. `derive`
   * lists every identifier the group will declare for a candidate base (upper-case macros and
   * lower-case functions are derived from the same base).
   */
  claim(base: string, derive: (b: string) => readonly string[]): string {
    for (let n = 1; ; n++) {
      const b = n === 1 ? base : `${base}_${n}`;
      const names = derive(b);
      if (names.some((x) => this.taken.has(x))) continue;
      for (const x of names) this.taken.add(x);
      return b;
    }
  }
}

export const upper = (s: string): string => s.toUpperCase();

/** Upper-cased member names (fields, enum values) made distinct: `a` and `A` become `A` and `A_2`. */
export function uniqueUpper(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    let u = upper(n);
    for (let k = 2; seen.has(u); k++) u = `${upper(n)}_${k}`;
    seen.add(u);
    return u;
  });
}
export const lower = (s: string): string => s.toLowerCase();

/** `ctrl` → `ctrl`; names are already C identifiers ([A-Za-z_][A-Za-z0-9_]*), so only the joins matter. */
export const join = (...parts: readonly string[]): string => parts.filter((p) => p !== '').join('_');

export type Width = 8 | 16 | 32 | 64;
export const cType = (w: Width): string => `uint${w}_t`;

/** An IR hex string (or bigint) as a literal of a `width`-bit unsigned value. */
export function lit(v: string | bigint, width: Width): string {
  const h = typeof v === 'bigint' ? hex(v) : v;
  return width === 64 ? `UINT64_C(${h})` : `${h}u`;
}

/** A byte offset, size or stride. */
export const num = (n: number): string => `${hex(n)}u`;


/**
 * Text safe inside a block comment: no `*\/` (ends it), no `/*` (-Wcomment), no trigraph `??`
 * (-std=c11 honours trigraphs), no control characters.
 */
export function commentText(s: string): string {
  return s
    .replace(/\*\//g, '*\\/')
    .replace(/\/\*/g, '/\\*')
    .replace(/\?\?/g, '?\\?')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ' ');
}

/** A block comment, one ` * ` line per text line (blank parts dropped). */
export function comment(lines: readonly string[], indent = ''): string[] {
  const text = lines.filter((l) => l !== '').flatMap((l) => commentText(l).split('\n'));
  if (text.length === 0) return [];
  if (text.length === 1 && text[0]!.length < 100) return [`${indent}/* ${text[0]} */`];
  return [`${indent}/*`, ...text.map((t) => (t === '' ? `${indent} *` : `${indent} * ${t}`)), `${indent} */`];
}

/** `#define`s aligned in one column within a group (name, value, optional trailing comment). */
export function defines(rows: readonly (readonly [name: string, value: string, note?: string])[]): string[] {
  const width = Math.max(0, ...rows.map(([n]) => n.length));
  return rows.map(([n, v, note]) => {
    const line = `#define ${n.padEnd(width)} ${v}`;
    return note ? `${line} /* ${commentText(note).replace(/\n/g, ' ')} */` : line;
  });
}
