// Bulk routines over a register array (or a register in a block array): one JS → wasm call moves or
// polls the whole array, so an array costs what one register does. Each routine walks the array's
// innermost index (the register array's own, else the innermost block array's), with the outer
// indices as parameters, and touches every element exactly once per pass, in index order, with one
// access of the register's width (test/compiler/backends/assemblyscript/array-trace.test.ts traces it).
//
// Every element read is stored to the caller's buffer before the next one, polls included: binaryen
// -O3 reorders atomic loads of different addresses when nothing but arithmetic separates them (the
// trace test caught `differ |= load(a) ^ …; differ |= load(b) ^ …` coming out as b before a), but
// never moves a load across a store.
//
// Where the array's address is a constant (no outer index) and it is not too long, the pass is
// unrolled: every element's address is then a constant in the code, which V8 loads with a bare mov and
// no alignment check, the check being most of what an atomic load at a computed address costs over C
// (bench/README.md, issue 13). Longer arrays, and arrays inside block arrays, get a loop.
//
// A split 64-bit register's element is its two 32-bit accesses in the declared order (regRead/regWrite).
// An array with a run-time stride (IndexParam.runtime, bound by bindStride$NAME) is never unrolled: its
// loop walks the bound element count with the bound stride, and the buffer is sized for the declared
// (largest) count; the routines return how many elements they moved.
import { hex } from '../../ir/bits.js';
import { barBase, lit, plainLoad, plainStore, regRead, regWrite, valueType } from './access.js';
import { fn, type Routine } from './routine.js';
import { countOf, routineName, strideOf, type IndexParam, type RegisterSite } from './sites.js';

/** Longest array unrolled; past it a loop (code size grows with every unrolled element). */
export const UNROLL_MAX_ELEMENTS = 1024;
/** Unrolled element accesses per module, so a spec of many arrays keeps a bounded module (and build time). */
export const UNROLL_BUDGET = 16_384;

/** Unrolled element accesses left for the module being emitted. */
export interface UnrollBudget {
  left: number;
}

export function newUnrollBudget(): UnrollBudget {
  return { left: UNROLL_BUDGET };
}

/** The bulk routines of a site with at least one index (every other site has none). */
export function arrayRoutines(site: RegisterSite, budget: UnrollBudget): Routine[] {
  if (site.indices.length === 0) return [];
  const { reg } = site;
  const w = reg.width;
  const T = valueType(w);
  const outer = site.indices.slice(0, -1);
  const inner = site.indices[site.indices.length - 1]!;
  const readable = reg.ops.read && !reg.ops.readHasSideEffect;
  const kinds = (readable ? 3 : 0) + (reg.ops.write ? 2 : 0);
  const unrolled = outer.length === 0 && !inner.runtime && inner.count <= UNROLL_MAX_ELEMENTS && inner.count * kinds <= budget.left;
  if (unrolled) budget.left -= inner.count * kinds;
  const each = unrolled ? unrolledPass(site, inner) : loopPass(site, outer, inner);
  const esize = w / 8;
  const idx = outer.map((p) => `${p.name}: u32`);
  const checks = outer.map((p) => `  if (${p.name} >= ${countOf(p)}) unreachable();`);
  const where = `${site.path.join('.')} (${inner.count} × ${w}-bit @ BAR ${site.bar.index} + ${hex(site.offset)}, ${inner.runtime ? 'run-time stride, at least' : 'stride'} ${hex(inner.stride)})`;
  const buffer: [string, string, number] = ['buffer', hex(inner.count * esize), esize];
  const out: Routine[] = [];
  if (readable) {
    out.push(
      fn(routineName('readArray', site.path), [...idx, 'buffer: usize'], 'u32', [
        ...checks,
        ...each((k, read) => {
          const [a, o] = bufferArgs(k, esize, unrolled);
          return [`${plainStore(w, a, read, o)};`];
        }),
        `  return ${countOf(inner)};`,
      ], `Snapshot of ${where}: reads every element once, in order, into \`buffer\` (${inner.count} packed ${w}-bit values${inner.runtime ? ' at most: the bound count' : ''}); returns how many.`, [buffer]),
      fn(routineName('pollAny', site.path), [...idx, 'buffer: usize', `mask: ${T}`, `expect: ${T}`, 'maxPasses: u32'], 'i32', [
        ...checks,
        `  let v: ${T} = 0;`,
        '  for (let pass: u32 = 1; pass <= maxPasses; pass++) {',
        '    let hit: i32 = -1;',
        ...each((k, read) => {
          const [a, o] = bufferArgs(k, esize, unrolled);
          return [`v = ${read};`, `${plainStore(w, a, 'v', o)};`, `if (((v & mask) == expect) & (hit < 0)) hit = <i32>${k};`];
        }, '    '),
        '    if (hit >= 0) return hit;',
        '  }',
        '  return -1;',
      ], `Polls ${where} in passes that read every element once, in order, into \`buffer\`, until one has (value & mask) == expect; the first such index of that pass, or -1 after maxPasses passes. \`buffer\` holds the last pass's values.`, [buffer]),
      fn(routineName('pollAll', site.path), [...idx, 'buffer: usize', `mask: ${T}`, `expect: ${T}`, 'maxPasses: u32'], 'i32', [
        ...checks,
        `  let v: ${T} = 0;`,
        '  for (let pass: u32 = 1; pass <= maxPasses; pass++) {',
        `    let differ: ${T} = 0;`,
        ...each((k, read) => {
          const [a, o] = bufferArgs(k, esize, unrolled);
          return [`v = ${read};`, `${plainStore(w, a, 'v', o)};`, 'differ |= (v & mask) ^ expect;'];
        }, '    '),
        '    if (differ == 0) return <i32>pass;',
        '  }',
        '  return -1;',
      ], `Polls ${where} in passes that read every element once, in order, into \`buffer\`, until all have (value & mask) == expect in one pass; the number of passes, or -1 after maxPasses. \`buffer\` holds the last pass's values.`, [buffer]),
    );
  }
  if (reg.ops.write) {
    const m = reg.masks;
    const fixed = BigInt(m.writeBase) & ~BigInt(m.writable) & (w === 64 ? (1n << 64n) - 1n : (1n << BigInt(w)) - 1n);
    out.push(
      fn(routineName('fillArray', site.path), [...idx, `mask: ${T}`, `bits: ${T}`], 'void', [
        ...checks,
        `  const m = mask & ${lit(w, m.writable)};`,
        `  const v = (${lit(w, m.writeBase)} & ~m) | (bits & m);`,
        ...each((k) => [`${regWrite(reg, ...elementAt(site, inner, k, unrolled), 'v')};`]),
      ], `Writes every element of ${where} once, in order, with the value write$ gives (mask, bits): its reset value with the fields in \`mask\` set to \`bits\`.`),
      fn(routineName('writeArray', site.path), [...idx, 'buffer: usize'], 'void', [
        ...checks,
        ...each((k) => [`${regWrite(reg, ...elementAt(site, inner, k, unrolled), `${lit(w, fixed)} | (${plainLoad(w, ...bufferArgs(k, esize, unrolled))} & ${lit(w, m.writable)})`)};`]),
      ], `Copies \`buffer\` (${inner.count} packed ${w}-bit values${inner.runtime ? ' at most: the bound count' : ''}) into ${where}: one write per element, in order, each as write$ with every field from the buffer (read-only bits get their safe value).`, [buffer]),
    );
  }
  return out;
}

/** One pass: `body(k, read)` per element, `k` the element index (a literal or the loop variable) and `read` its atomic load. */
type Pass = (body: (k: string, read: string) => string[], indent?: string) => string[];

function unrolledPass(site: RegisterSite, inner: IndexParam): Pass {
  return (body, indent = '  ') => {
    const out: string[] = [];
    for (let k = 0; k < inner.count; k++) {
      out.push(...body(String(k), regRead(site.reg, ...elementAt(site, inner, String(k), true))).map((l) => indent + l));
    }
    return out;
  };
}

function loopPass(site: RegisterSite, outer: readonly IndexParam[], inner: IndexParam): Pass {
  return (body, indent = '  ') => [
    `${indent}for (let k: u32 = 0; k < ${countOf(inner)}; k++) {`,
    ...body('k', regRead(site.reg, ...elementAt(site, inner, 'k', false, outer))).map((l) => `${indent}  ${l}`),
    `${indent}}`,
  ];
}

/** Element `k`'s address as [pointer, immediate offset]: both constants when unrolled. */
function elementAt(site: RegisterSite, inner: IndexParam, k: string, unrolled: boolean, outer: readonly IndexParam[] = site.indices.slice(0, -1)): [string, string] {
  const base = [barBase(site.bar.index), ...outer.map((p) => `<usize>${p.name} * ${strideOf(p)}`)];
  if (unrolled) return [base.join(' + '), hex(site.offset + Number(k) * inner.stride)];
  return [[...base, `<usize>${k} * ${strideOf(inner)}`].join(' + '), hex(site.offset)];
}

function bufferArgs(k: string, esize: number, unrolled: boolean): [string, string | undefined] {
  return unrolled ? ['buffer', hex(Number(k) * esize)] : [`buffer + <usize>${k} * ${esize}`, undefined];
}
