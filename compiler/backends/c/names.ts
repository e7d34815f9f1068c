// C identifiers, literals and comments for the generated header. Every macro and function a header
// declares is claimed in one Scope, so two registers whose names meet after upper-casing and joining
// (`status` in two blocks, `a_b` next to `a.b`) can never define the same identifier twice.
import { hex } from '../../ir/bits.js';

/**
 * A group of identifiers sharing a base: `base` itself for the suffix '', else `base_<suffix>` for
 * each suffix (a register's ~25–40 macros share its upper-case base, its functions the lower-case one).
 */
export type NameGroup = readonly [base: string, suffixes: readonly string[]];

/**
 * Identifiers of one header; a group (a register's defines and functions) is claimed all at once.
 * Stored as bases and suffix sets, never as the joined names: a claim looks up the candidate's own
 * base, the bases it extends at an underscore and the bases that extend it, so a register costs a
 * few map look-ups instead of building and hashing every name it declares (half the c back end's time
 * at 10,000 registers; bench/README.md, "Compiler at scale, fifth pass"). The answer is the same as
 * comparing the joined names: `A_B` + `C` meets `A` + `B_C` and `A_B_C` + '' alike.
 */
export class Scope {
  /** Claimed suffixes by base. */
  private readonly suffixes = new Map<string, ReadonlySet<string>>();
  /** Claimed bases by each of their proper prefixes that ends before an underscore. */
  private readonly extensions = new Map<string, string[]>();
  /** The suffix sets, one per distinct list of suffixes. */
  private readonly shapes = new Map<string, ReadonlySet<string>>();

  /**
   * Claims `base` (or `base_2`, `base_3`, … when any derived name is taken) and returns it. `derive`
   * lists every identifier the group will declare for a candidate base (upper-case macros and
   * lower-case functions are derived from the same base).
   */
  claim(base: string, derive: (b: string) => readonly string[]): string {
    return this.claimGroups(base, (b) => derive(b).map((n): NameGroup => [n, ['']]));
  }

  /** claim() for names given as groups (`derive` returns each base with its suffixes). */
  claimGroups(base: string, derive: (b: string) => readonly NameGroup[]): string {
    for (let n = 1; ; n++) {
      const b = n === 1 ? base : `${base}_${n}`;
      const groups = derive(b);
      if (groups.some(([g, s]) => this.meets(g, s))) continue;
      for (const [g, s] of groups) this.add(g, s);
      return b;
    }
  }

  /** claimGroups() for a declaration's two groups: macros after `base_`, functions after `lower(base)_`. */
  claimSuffixes(base: string, names: { readonly macros: readonly string[]; readonly functions: readonly string[] }): string {
    return this.claimGroups(base, (b) => [
      [b, names.macros],
      [lower(b), names.functions],
    ]);
  }

  /** Whether any of `c` + suffixes is taken. */
  private meets(c: string, suffixes: readonly string[]): boolean {
    // The same base.
    const own = this.suffixes.get(c);
    if (own && suffixes.some((t) => own.has(t))) return true;
    // A claimed base g that c extends: c = g_x, so c_t is g_(x_t).
    for (let i = c.indexOf('_', 1); i > 0; i = c.indexOf('_', i + 1)) {
      const taken = this.suffixes.get(c.slice(0, i));
      if (!taken) continue;
      const x = c.slice(i + 1);
      // Whichever side is smaller (a block's OFFSET/SIZE under its registers' ~35 suffixes).
      if (taken.size < suffixes.length) {
        for (const s of taken) if (s === x ? suffixes.includes('') : s.length > x.length + 1 && s.startsWith(x) && s[x.length] === '_' && suffixes.includes(s.slice(x.length + 1))) return true;
      } else if (suffixes.some((t) => taken.has(t === '' ? x : `${x}_${t}`))) return true;
    }
    // A claimed base that extends c: g = c_y, so g_s is c_(y_s).
    for (const g of this.extensions.get(c) ?? []) {
      const y = g.slice(c.length + 1);
      const taken = this.suffixes.get(g)!;
      for (const t of suffixes) {
        if (t === y ? taken.has('') : t.length > y.length + 1 && t.startsWith(y) && t[y.length] === '_' && taken.has(t.slice(y.length + 1))) return true;
      }
    }
    return false;
  }

  private add(base: string, suffixes: readonly string[]): void {
    const set = this.suffixes.get(base);
    if (set) {
      // Claimed sets are shared (below), so a second group at a base gets a set of its own.
      this.suffixes.set(base, new Set([...set, ...suffixes]));
    } else {
      // Registers of one shape declare the same suffixes: one set for all of them. A set per register
      // was ~250 MB kept alive through the back end at 100,000 registers (bench/README.md, fifth pass).
      const key = `${suffixes.length} ${suffixes.join(' ')}`;
      let shared = this.shapes.get(key);
      if (!shared) this.shapes.set(key, (shared = new Set(suffixes)));
      this.suffixes.set(base, shared);
      for (let i = base.indexOf('_', 1); i > 0; i = base.indexOf('_', i + 1)) {
        const p = base.slice(0, i);
        const list = this.extensions.get(p);
        if (list) list.push(base);
        else this.extensions.set(p, [base]);
      }
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


/** A character commentText may change. */
const COMMENT_SPECIAL = /[*/?\x00-\x08\x0b-\x1f\x7f]/;

/**
 * Text safe inside a block comment: no `*\/` (ends it), no `/*` (-Wcomment), no trigraph `??`
 * (-std=c11 honours trigraphs), no control characters.
 */
export function commentText(s: string): string {
  // Nothing to change in nearly every line: skip the four replaces (~10⁶ lines at 100,000 registers).
  if (!COMMENT_SPECIAL.test(s)) return s;
  return s
    .replace(/\*\//g, '*\\/')
    .replace(/\/\*/g, '/\\*')
    .replace(/\?\?/g, '?\\?')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ' ');
}

/** A block comment, one ` * ` line per text line (blank parts dropped). */
export function comment(lines: readonly string[], indent = ''): string[] {
  const text: string[] = [];
  for (const l of lines) {
    if (l === '') continue;
    const t = commentText(l);
    if (t.includes('\n')) for (const x of t.split('\n')) text.push(x);
    else text.push(t);
  }
  if (text.length === 0) return [];
  if (text.length === 1 && text[0]!.length < 100) return [`${indent}/* ${text[0]} */`];
  return [`${indent}/*`, ...text.map((t) => (t === '' ? `${indent} *` : `${indent} * ${t}`)), `${indent} */`];
}

/** `#define`s aligned in one column within a group (name, value, optional trailing comment). */
export function defines(rows: readonly (readonly [name: string, value: string, note?: string])[]): string[] {
  const width = rows.reduce((w, [n]) => Math.max(w, n.length), 0);
  return rows.map(([n, v, note]) => {
    const line = `#define ${n.padEnd(width)} ${v}`;
    return note ? `${line} /* ${commentText(note).replace(/\n/g, ' ')} */` : line;
  });
}
