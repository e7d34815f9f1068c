// snapshot$BAR / restore$BAR: every readable register of a BAR (no read side effect) copied into a
// BAR-shaped buffer, and every read-modify-writable one written back from it, each with one access of
// its width, in site order. A register outside arrays is one statement with its offset as the
// instruction's immediate and no local (a local per register, or an `n++` per register, made binaryen's
// simplify-locals superlinear: bench/README.md, "Compiler at scale, third pass"); arrays get loops.
//
// A BAR of more than ROLL_MIN_SITES such registers rolls runs that repeat — a unit of up to
// ROLL_MAX_PERIOD consecutive registers whose shape (width, masks) and offsets recur at a constant
// distance, at least ROLL_MIN_REPEATS times — into one loop: the same accesses in the same order, but
// code (and asc + binaryen time) proportional to the distinct shapes rather than to every register. A
// rolled unit (say a block type of 100 registers with distinct reset values, repeated along the BAR) is
// rolled again inside, so a BAR of repeated blocks costs one block's distinct accesses.
// Smaller BARs stay straight-line (every address a constant, which V8 loads with no alignment check).
import type { IrBar } from '../../ir/ir.js';
import { hex } from '../../ir/bits.js';
import { barBase, lit, plainLoad, plainStore, regRead, regWrite, splitRead, splitWrite } from './access.js';
import { fn, type Routine } from './routine.js';
import { countOf, strideOf, type IndexParam, type RegisterSite } from './sites.js';

/** Registers outside arrays in one snapshot/restore routine past which repeating runs become loops. */
export const ROLL_MIN_SITES = 1024;
/** Longest repeating unit looked for (registers): a block type of up to 256 registers repeated along the BAR. */
export const ROLL_MAX_PERIOD = 256;
/** Fewest repeats worth a loop. */
export const ROLL_MIN_REPEATS = 4;

/** One register access statement of a routine, rendered at `ptr` (the BAR base, plus the roll variable in a loop). */
interface Access {
  readonly site: RegisterSite;
  /** Everything of the statement but its offset: two accesses with one key differ only in where. */
  readonly key: string;
  render(bar: string, buffer: string): string;
}

/** The routine body's statements: straight-line accesses, rolled runs and array loops, in site order. */
function body(sites: readonly RegisterSite[], one: (s: RegisterSite) => Access, inArray: (s: RegisterSite) => string, base: string): { lines: string[]; depth: number; statements: number } {
  const fixed = sites.filter((s) => s.indices.length === 0).length;
  const roll = fixed > ROLL_MIN_SITES;
  const lines: string[] = [];
  let depth = 0;
  let statements = 0;
  const ids = new Map<string, number>();
  for (let i = 0; i < sites.length; ) {
    const s = sites[i]!;
    if (s.indices.length > 0) {
      lines.push(`  // ${s.path.join('.')}`, ...loops(s.indices, [`const o: usize = ${siteOffset(s)};`, inArray(s), 'n++;']));
      statements++;
      i++;
      continue;
    }
    let j = i;
    while (j < sites.length && sites[j]!.indices.length === 0) j++;
    const run = sites.slice(i, j).map((x): Keyed => {
      const a = one(x);
      let id = ids.get(a.key);
      if (id === undefined) ids.set(a.key, (id = ids.size));
      return { a, id };
    });
    const r = rollRun(run, roll, base, 'buffer', 0, '  ');
    lines.push(...r.lines);
    statements += r.statements;
    depth = Math.max(depth, r.depth);
    i = j;
  }
  return { lines, depth, statements };
}

/** An access with its key interned (equal keys, equal ids). */
interface Keyed {
  readonly a: Access;
  readonly id: number;
}

/** The roll variable of loop nesting level `level` (0: `r`, then `r1`, `r2`, …). */
const rollVar = (level: number): string => (level === 0 ? 'r' : `r${level}`);

/**
 * A run of registers outside arrays as statements, rolling repeating runs when `roll`. A rolled unit's
 * own accesses are rolled again one level down (a block type repeated along the BAR whose registers
 * repeat within it too), so code grows with the distinct shapes, not with every register.
 */
function rollRun(run: readonly Keyed[], roll: boolean, ptr: string, buffer: string, level: number, indent: string): { lines: string[]; depth: number; statements: number } {
  const lines: string[] = [];
  let depth = 0;
  let statements = 0;
  for (let k = 0; k < run.length; ) {
    const r = roll ? repeat(run, k) : undefined;
    if (!r) {
      lines.push(`${indent}// ${run[k]!.a.site.path.join('.')}`, `${indent}${run[k]!.a.render(ptr, buffer)};`);
      statements++;
      k++;
      continue;
    }
    const v = rollVar(level);
    const unit = run.slice(k, k + r.period);
    const last = run[k + r.period * r.repeats - 1]!.a;
    const inner = rollRun(unit, true, `${ptr} + ${v}`, `${buffer} + ${v}`, level + 1, indent + '  ');
    lines.push(
      `${indent}// ${unit[0]!.a.site.path.join('.')} … ${last.site.path.join('.')}: ${r.repeats} × ${r.period} register${r.period > 1 ? 's' : ''}, ${hex(r.distance)} apart`,
      `${indent}for (${v} = 0; ${v} < ${hex(r.distance * r.repeats)}; ${v} += ${hex(r.distance)}) {`,
      ...inner.lines,
      `${indent}}`,
    );
    depth = Math.max(depth, level + 1, inner.depth);
    statements += inner.statements;
    k += r.period * r.repeats;
  }
  return { lines, depth, statements };
}

/** The longest repeating run at `k` (least period on a tie), if it repeats ROLL_MIN_REPEATS times. */
function repeat(run: readonly Keyed[], k: number): { period: number; repeats: number; distance: number } | undefined {
  let best: { period: number; repeats: number; distance: number } | undefined;
  const first = run[k]!;
  for (let p = 1; p <= ROLL_MAX_PERIOD && k + ROLL_MIN_REPEATS * p <= run.length; p++) {
    // Cheap first: the unit's first access must recur p later.
    if (run[k + p]!.id !== first.id) continue;
    const distance = run[k + p]!.a.site.offset - first.a.site.offset;
    if (distance <= 0) continue;
    let t = 1;
    for (; k + (t + 1) * p <= run.length; t++) {
      let same = true;
      for (let j = 0; j < p && same; j++) {
        const a = run[k + j]!;
        const b = run[k + t * p + j]!;
        same = a.id === b.id && b.a.site.offset === a.a.site.offset + t * distance;
      }
      if (!same) break;
    }
    // The loop runs repeat-major, unit-minor: exactly the sites' order, whatever the offsets within a unit.
    if (t >= ROLL_MIN_REPEATS && (!best || t * p > best.repeats * best.period)) best = { period: p, repeats: t, distance };
  }
  return best;
}

/** Nested loops over a site's indices around `body` (which may use the index names). */
function loops(indices: readonly IndexParam[], inner: string[], indent = '  '): string[] {
  if (indices.length === 0) return [`${indent}{`, ...inner.map((l) => indent + '  ' + l), `${indent}}`];
  const [p, ...rest] = indices as [IndexParam, ...IndexParam[]];
  return [`${indent}for (let ${p.name}: u32 = 0; ${p.name} < ${countOf(p)}; ${p.name}++) {`, ...loops(rest, inner, indent + '  '), `${indent}}`];
}

function siteOffset(site: RegisterSite): string {
  return [hex(site.offset), ...site.indices.map((p) => `<usize>${p.name} * ${strideOf(p)}`)].join(' + ');
}

/** How many straight-line access statements a module's snapshot/restore routines hold (for the size limit). */
export interface SnapshotRoutines {
  readonly routines: Routine[];
  readonly statements: number;
}

export function snapshotRoutines(bar: IrBar, sites: readonly RegisterSite[]): SnapshotRoutines {
  const mine = sites.filter((s) => s.bar === bar);
  const snap = mine.filter((s) => s.reg.ops.read && !s.reg.ops.readHasSideEffect);
  const restore = mine.filter((s) => s.reg.ops.modify);
  const base = barBase(bar.index);
  // Registers outside arrays are counted at generation time; each array element adds one as it runs.
  const fixed = (list: readonly RegisterSite[]): number => list.filter((s) => s.indices.length === 0).length;
  const snapAccess = (s: RegisterSite): Access => ({
    site: s,
    key: `${s.reg.width}${s.reg.split ?? ''}`,
    render: (ptr, buffer) => plainStore(s.reg.width, buffer, regRead(s.reg, ptr, s.offset), hex(s.offset)),
  });
  const restoreValue = (s: RegisterSite, stored: string): string => `(${stored} & ${lit(s.reg.width, s.reg.masks.keep)}) | ${lit(s.reg.width, s.reg.masks.modifyBase)}`;
  const restoreAccess = (s: RegisterSite): Access => ({
    site: s,
    key: `${s.reg.width}${s.reg.split ?? ''} ${s.reg.masks.keep} ${s.reg.masks.modifyBase}`,
    render: (ptr, buffer) => regWrite(s.reg, ptr, s.offset, restoreValue(s, plainLoad(s.reg.width, buffer, hex(s.offset)))),
  });
  const snapInArray = (s: RegisterSite): string =>
    `vwrite${s.reg.width}(buffer + o, ${s.reg.split ? splitRead(s.reg.split, `${base} + o`, 0) : `vread${s.reg.width}(${base} + o)`});`;
  const restoreInArray = (s: RegisterSite): string => {
    const value = restoreValue(s, plainLoad(s.reg.width, 'buffer + o'));
    return s.reg.split ? `${splitWrite(s.reg.split, `${base} + o`, 0, value)};` : `vwrite${s.reg.width}(${base} + o, ${value});`;
  };
  const a = body(snap, snapAccess, snapInArray, base);
  const b = body(restore, restoreAccess, restoreInArray, base);
  const head = (list: readonly RegisterSite[], depth: number): string[] => [`  let n: u32 = ${fixed(list)};`, ...Array.from({ length: depth }, (_, l) => `  let ${rollVar(l)}: usize = 0;`)];
  return {
    statements: a.statements + b.statements,
    routines: [
      fn(`snapshot$${bar.name}`, ['buffer: usize'], 'u32', [...head(snap, a.depth), ...a.lines, '  return n;'],
        `Copies every readable register of BAR ${bar.index} without a read side effect into \`buffer\` (laid out like the BAR: ${hex(bar.size)} bytes, 8-aligned); returns how many.`,
        [['buffer', hex(bar.size), 8]]),
      fn(`restore$${bar.name}`, ['buffer: usize'], 'u32', [...head(restore, b.depth), ...b.lines, '  return n;'],
        `Writes back every read-modify-writable register of BAR ${bar.index} from \`buffer\` (a snapshot): stored bits restored, effect bits neutral; returns how many.`,
        [['buffer', hex(bar.size), 8]]),
    ],
  };
}
