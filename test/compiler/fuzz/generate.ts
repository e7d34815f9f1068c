// Grammar-aware spec generators (fast-check arbitraries) for the compiler fuzz test. Each spec is built
// from a small plan (registers laid out in order, fields that tile the register, interrupt groups over
// real status bits, rings over real registers) so that most specs compile; a "chaos" choice per item
// swaps a computed value for a random one (misaligned offset, field past the width, wrong access, an
// unknown name), so the checker's errors are exercised too. Output: the main text plus imported files.
import fc from 'fast-check';

export interface GeneratedSpec {
  readonly main: string;
  /** Extra files by name (relative to the main file's folder), for `import`. */
  readonly files: Readonly<Record<string, string>>;
}

const KEYWORDS = ['status', 'mask', 'field', 'enable', 'size', 'test', 'done', 'count', 'register', 'value', 'reset', 'device', 'bar', 'block'];
const ACCESSES = ['rw', 'ro', 'r', 'wo', 'w', 'na', 'rc', 'rs', 'w1c', 'w1s', 'w1t', 'w0c', 'w0s', 'w0t', 'wclr', 'wset', 'pulse'];
const EXPLICIT = ['sw=rw', 'sw=r', 'sw=w', 'sw=na', 'onread=clear', 'onread=set', 'onwrite=w1c', 'onwrite=pulse', 'onwrite=wset'];
const WIDTHS = [8, 16, 32, 64];
const ODD = ['\\"', '\\\\', '\\n', 'é', '→', '\u202e', '\u2066', '*/', '/*', '%s', '`', '${x}', '<b>', '&amp;'];

/** A literal in one of the number spellings, for a value v. */
function spell(v: bigint, style: number): string {
  if (v < 0n) return `-${spell(-v, style)}`;
  switch (style % 5) {
    case 1:
      return `0x${v.toString(16)}`;
    case 2:
      return v % 1024n === 0n && v > 0n ? `${v / 1024n}K` : `${v}`;
    case 3:
      return `0b${v.toString(2)}`;
    case 4:
      return `0x${v.toString(16).replace(/(.)(?=(.{4})+$)/g, '$1_')}`;
    default:
      return `${v}`;
  }
}

interface Ctx {
  chaos: () => boolean;
  pick: <T>(xs: readonly T[]) => T;
  int: (n: number) => number;
}

function ctxOf(seed: number, chaosRate: number): Ctx {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    // xorshift32: a cheap deterministic stream inside one generated case (fast-check seeds it)
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return {
    chaos: () => next() % 1000 < chaosRate,
    pick: (xs) => xs[next() % xs.length]!,
    int: (n) => next() % Math.max(1, n),
  };
}

function num(c: Ctx, v: bigint): string {
  if (c.chaos()) return c.pick(['0x1_0000_0000_0000_0000', '-4', '1 / 0', 'NOPE', '7 % 0', '1 << 200', '3', '((2))']);
  const style = c.int(5);
  const form = c.int(6);
  if (form === 0 && v >= 4n) return `${spell(v - 4n, style)} + 4`;
  if (form === 1 && v > 0n && v % 4n === 0n) return `(${spell(v / 4n, style)} << 2)`;
  return spell(v, style);
}

function accessList(c: Ctx, forWidth: boolean): string {
  if (c.chaos()) return ' ' + c.pick([...EXPLICIT, ...ACCESSES, 'rx', 'ro w1c', 'na w1c', 'rc w1c', 'sw=r onwrite=w1c']);
  if (c.int(forWidth ? 2 : 3) === 0) return '';
  return ' ' + c.pick(['rw', 'rw', 'ro', 'wo', 'w1c', 'rc', 'w1s', 'pulse', 'na', 'rs', 'w0c', 'rc w1c', 'sw=rw onwrite=w1c']);
}

function docOf(c: Ctx): string {
  if (c.int(3) !== 0) return '';
  const words: string[] = [];
  for (let i = 0, n = c.int(5); i < n; i++) words.push(c.int(6) === 0 ? c.pick(ODD) : `w${c.int(100)}`);
  return ` "${words.join(' ')}"`;
}

/** Fields tiling a register of `width` bits: sorted cut points, some gaps left as reserved bits. */
function fieldsOf(c: Ctx, width: number, names: string[], enums: string[]): string[] {
  const out: string[] = [];
  let bit = 0;
  let i = 0;
  while (bit < width && out.length < 6) {
    const len = 1 + c.int(Math.min(8, width - bit));
    const lsb = bit;
    const msb = c.chaos() ? lsb + len + width : lsb + len - 1;
    const kw = c.pick(KEYWORDS);
    const fname = c.chaos() && names.length ? c.pick(names) : c.int(8) === 0 && !names.includes(kw) ? kw : `f${i++}`;
    names.push(fname);
    const bits = msb === lsb && c.int(2) === 0 ? `[${lsb}]` : c.chaos() ? `[${lsb}:${msb}]` : `[${msb}:${lsb}]`;
    let extra = '';
    if (c.int(5) === 0) extra += ' volatile';
    if (c.int(5) === 0) extra += ` reset ${num(c, BigInt(c.int(2 ** Math.min(len, 30))))}`;
    if (len > 1 && c.int(4) === 0) {
      if (enums.length && c.int(2) === 0) extra += ` enum ${c.pick(enums)}`;
      else {
        const vals: string[] = [];
        for (let k = 0, n = 1 + c.int(4); k < n; k++) vals.push(`e${k} = ${num(c, BigInt(c.chaos() ? 0 : k % 2 ** len))}${docOf(c)}`);
        extra += ` enum { ${vals.join(', ')}${c.int(2) ? ',' : ''} }`;
      }
    }
    const allow = c.int(12) === 0 ? ` { allow ${(c.chaos() ? c.pick(['RM0412', 'RM0308', 'RM9999']) : c.pick(['RM0414', 'RM0415']))} "reason"; }` : ';';
    out.push(`field ${fname} ${bits}${accessList(c, false)}${extra}${docOf(c)}${allow}`);
    bit = msb + 1 + (c.int(3) === 0 ? c.int(4) : 0);
    if (c.int(6) === 0 && bit < width) {
      const r = Math.min(width - 1, bit + c.int(3));
      out.push(`reserved [${r}:${bit}]${c.int(2) ? ' ' + c.pick(['preserve', 'ones', c.chaos() ? 'zeros' : 'ones']) : ''};`);
      bit = r + 1;
    }
  }
  return out;
}

interface Reg {
  readonly text: string;
  readonly end: number;
  readonly name: string;
}

function register(c: Ctx, at: number, enums: string[], names: string[], indent: string, keyword = 'register'): Reg {
  const width = c.pick(WIDTHS);
  const bytes = width / 8;
  let off = Math.ceil(at / bytes) * bytes;
  if (c.chaos()) off += 1;
  let rname = `r${names.length}`;
  if (c.chaos() && names.length) rname = c.pick(names);
  names.push(rname);
  let array = '';
  let end = off + bytes;
  if (c.int(5) === 0) {
    const count = 1 + c.int(8);
    const stride = bytes * (1 + c.int(3));
    array = `[${num(c, BigInt(count))}]${c.int(2) ? ` stride ${num(c, BigInt(stride))}` : ''}`;
    end = off + count * (array.includes('stride') ? stride : bytes);
  }
  // An array whose fields are all `na` once generated an unused import (issue 14): make it common.
  const access = array && c.int(4) === 0 ? ' na' : accessList(c, true);
  let head = `${keyword} ${rname}${array} @ ${num(c, BigInt(off))} : ${c.chaos() ? c.pick(['24', '0', '128', '-8']) : num(c, BigInt(width))}${access}`;
  if (c.int(4) === 0) head += ' volatile';
  const bodyless = c.int(2) === 0;
  if ((bodyless || c.chaos()) && c.int(6) === 0) head += ` reset ${num(c, BigInt(c.int(256)))}`;
  head += docOf(c);
  if (bodyless) return { text: `${indent}${head};`, end, name: rname };
  const fields = fieldsOf(c, width, [], enums);
  if (c.int(10) === 0) fields.push(`doc "${c.pick(ODD)}";`);
  return { text: `${indent}${head} {\n${fields.map((f) => `${indent}  ${f}`).join('\n')}\n${indent}}`, end, name: rname };
}

function pow2AtLeast(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}

interface Irq {
  causes: string[];
  status?: string;
  enable?: string;
}

/** A BAR body: registers in order, maybe an inline or typed block, an interrupt register pair. */
function barBody(c: Ctx, enums: string[], blocks: string[], irq: Irq, bar: string, ring: boolean): { body: string[]; end: number } {
  const body: string[] = [];
  const names: string[] = [];
  let at = 0;
  for (let i = 0, n = c.int(6); i < n; i++) {
    const r = register(c, at, enums, names, '    ');
    body.push(r.text);
    at = r.end;
  }
  if (!irq.status && c.int(3) === 0) {
    // an interrupt status/enable pair whose fields are the causes
    const causes = ['c0', 'c1', 'c2'].slice(0, 1 + c.int(3));
    at = Math.ceil(at / 4) * 4;
    const st = `ist${names.length}`;
    const en = `ien${names.length}`;
    names.push(st, en);
    const ack = c.chaos() ? 'ro' : 'w1c';
    body.push(`    register ${st} @ ${num(c, BigInt(at))} : 32 ${ack} volatile { ${causes.map((k, j) => `field ${k} [${j}];`).join(' ')} }`);
    body.push(`    register ${en} @ ${num(c, BigInt(at + 4))} : 32 rw { ${causes.map((k, j) => `field ${k} [${j}];`).join(' ')} }`);
    at += 8;
    irq.causes = causes;
    irq.status = `${bar}.${st}`;
    irq.enable = `${bar}.${en}`;
  }
  if (ring) {
    at = Math.ceil(at / 4) * 4;
    body.push(`    register tdbal @ ${at} : 32 rw; register tdbah @ ${at + 4} : 32 rw; register tdlen @ ${at + 8} : 32 rw;`);
    body.push(`    register tdh @ ${at + 12} : 32 rw volatile; register tdt @ ${at + 16} : 32 rw;`);
    at += 20;
  }
  if (c.int(4) === 0) {
    const size = 0x40;
    at = Math.ceil(at / size) * size;
    const count = 1 + c.int(3);
    if (blocks.length && c.int(2) === 0) {
      body.push(`    block q${names.length}[${count}] @ ${num(c, BigInt(at))} stride ${num(c, BigInt(c.chaos() ? 2 : size))} : ${c.pick(blocks)}${docOf(c)};`);
    } else {
      const inner: string[] = [];
      let a = 0;
      const innerNames: string[] = [];
      for (let i = 0, n = 1 + c.int(3); i < n && a < size - 8; i++) {
        const r = register(c, a, enums, innerNames, '      ');
        if (r.end > size) break;
        inner.push(r.text);
        a = r.end;
      }
      body.push(`    block b${names.length}${count > 1 ? `[${count}] stride ${size}` : ''} @ ${num(c, BigInt(at))}${docOf(c)} {\n${inner.join('\n')}\n    }`);
    }
    at += count * size;
  }
  return { body, end: at };
}

/** One spec from a seed and a chaos rate (per mille of items made wrong on purpose). */
export function specFrom(seed: number, chaosRate: number): GeneratedSpec {
  const c = ctxOf(seed, chaosRate);
  const out: string[] = [];
  const files: Record<string, string> = {};
  const enums: string[] = [];
  const blocks: string[] = [];
  if (c.int(4) === 0) {
    files['lib.regs'] = `const LIB_BASE = ${c.int(64) * 4};\nenum lib_mode { off = 0, on = 1 }\nblock lib_q { register a @ 0 : 32 rw; register b @ 4 : 32 ro volatile; }\n`;
    out.push(c.chaos() ? 'import "missing.regs";' : 'import "lib.regs";');
    enums.push('lib_mode');
    blocks.push('lib_q');
  }
  for (let i = 0, n = c.int(3); i < n; i++) out.push(`const K${i} = ${num(c, BigInt(c.int(1 << 12)))}${docOf(c)};`);
  if (c.int(3) === 0) {
    enums.push('mode');
    out.push(`enum mode${docOf(c)} { a = 0, b = 1${c.chaos() ? ', c = 1' : ''} }`);
  }
  if (c.int(3) === 0) {
    blocks.push('qt');
    out.push(`block qt${docOf(c)} {\n  register x @ 0 : 32 rw;\n  register y @ ${c.chaos() ? 2 : 8} : 32${accessList(c, true)};\n}`);
  }
  const withRing = c.int(6) === 0;
  if (withRing) out.push(`layout desc size ${c.chaos() ? 12 : 16} align ${c.chaos() ? 12 : 16} {\n  word addr @ 0 : 64;\n  word len @ 8 : 16;\n  word st @ 12 : 8 { field dd [0]; }\n  done st.dd;\n}`);
  for (let d = 0, nd = 1 + (c.int(8) === 0 ? 1 : 0); d < nd; d++) {
    const dev: string[] = [];
    if (c.int(2) === 0) dev.push(`  pci { vendor = ${num(c, BigInt(c.chaos() ? 0x18086 : 0x8086))}; device = ${num(c, 0x10d3n)};${c.int(3) === 0 ? ' class = 0x020000;' : ''} }`);
    if (c.int(4) === 0) dev.push(`  doc "${c.pick(ODD)} device";`);
    const irq: Irq = { causes: [] };
    let used = 0;
    for (let b = 0, nb = 1 + c.int(2); b < nb; b++) {
      const idx = c.chaos() ? c.int(8) : used++;
      if (c.int(6) === 0) {
        dev.push(`  bar ${idx} raw${b} mmio size ${num(c, BigInt(pow2AtLeast(c.int(1 << 16))))}${c.int(2) ? ' prefetchable' : ''};`);
        continue;
      }
      const { body, end } = barBody(c, enums, blocks, irq, `regs${b}`, withRing && b === 0);
      const size = c.chaos() ? c.pick([0x300, 4, 0]) : pow2AtLeast(end);
      dev.push(`  bar ${idx} regs${b} ${c.chaos() ? 'memory' : 'mmio'} size ${num(c, BigInt(size))}${docOf(c)} {\n${body.join('\n')}\n  }`);
      if (b === 0 && withRing) dev.push(`  ring tx of desc { count ${num(c, BigInt(1 + c.int(256)))}; tail regs0.tdt; head regs0.tdh; base_lo regs0.tdbal; base_hi regs0.tdbah; length regs0.tdlen; }`);
    }
    if (irq.status) {
      const vector = c.pick(['msi 0', 'msix 1', 'intx 0', 'intx', c.chaos() ? 'msx 0' : 'msi 0']);
      const causes = irq.causes.map((k) => `    cause ${k}${docOf(c)};`).join('\n');
      dev.push(`  interrupts irq${docOf(c)} {\n    status ${c.chaos() ? 'nope' : irq.status};\n    enable ${irq.enable};\n    vector ${vector};\n${causes}\n  }`);
    }
    if (c.int(10) === 0) dev.push(`  allow ${c.pick(['RM0414', 'RM0415', 'RM0412'])} "${(c.chaos() ? '' : 'because')}";`);
    out.push(`device dev${d}${docOf(c)} {\n${dev.join('\n')}\n}`);
  }
  return { main: out.join('\n\n') + '\n', files };
}

/** Generated specs: mostly tidy (chaos 0), some with a few deliberate mistakes. */
export const generatedSpec: fc.Arbitrary<GeneratedSpec> = fc
  .tuple(fc.integer({ min: 1, max: 0x7fffffff }), fc.constantFrom(0, 0, 0, 20, 80))
  .map(([seed, chaos]) => specFrom(seed, chaos));

