// Identifiers and literals for generated TypeScript.

const SIMPLE = /^[A-Za-z][A-Za-z0-9]*$/;

/** `rx_queue` → `RxQueue`; always a valid identifier start. */
export function pascal(name: string): string {
  // Most names are one word (`ctrl`, `r12`): no split, no regexes.
  if (SIMPLE.test(name)) return name[0]!.toUpperCase() + name.slice(1);
  const s = name
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== '')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
  return /^[A-Za-z]/.test(s) ? s : `R${s}`;
}

/** `rx_queue` → `rxQueue`. */
export function camel(name: string): string {
  const p = pascal(name);
  return p[0]!.toLowerCase() + p.slice(1);
}

/** Top-level names of one generated module: the first taker keeps a name, later ones get a suffix. */
export class Scope {
  private readonly taken = new Set<string>();
  /** Wanted name → the next suffix to try: the 1000th `R1Mode` is one probe, not 999 (issue 13). */
  private readonly next = new Map<string, number>();
  constructor(reserved: Iterable<string>) {
    for (const r of reserved) this.taken.add(r);
  }
  claim(wanted: string): string {
    let name = wanted;
    let n = this.next.get(wanted) ?? 2;
    for (; this.taken.has(name); n++) name = `${wanted}${n}`;
    this.next.set(wanted, n);
    this.taken.add(name);
    return name;
  }
}

/** A property name that does not collide with the members of the class it goes into. */
export function member(name: string, reserved: ReadonlySet<string>): string {
  return reserved.has(name) ? `${name}_` : name;
}

/** An IR hex string as a number literal (≤32-bit registers) or a bigint literal (64-bit). */
export const lit = (h: string, big: boolean): string => (big ? `${h}n` : h);
export const str = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
