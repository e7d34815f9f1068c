// Emits TypeScript already in prettier's layout (printWidth 120, 2-space indent, single quotes,
// trailing commas), so the backend never pays for prettier: about 3 µs per output character, 0.2–0.4 s
// for edu cold and 30 s for 10k registers. A test formats every fixture's and spec's output with
// prettier and requires it unchanged. The rules below are prettier's for the few shapes we emit.

export const PRINT_WIDTH = 120;

/** A value to print: an atom (already-printed text), an object literal or an array literal. */
export type Val = string | ObjectVal | ArrayVal;
export interface ObjectVal {
  readonly entries: readonly (readonly [key: string, value: Val])[];
  /** Always one entry per line (prettier keeps an object expanded when its source breaks after `{`). */
  readonly expanded?: boolean;
}
export interface ArrayVal {
  readonly items: readonly Val[];
}

export const obj = (entries: readonly (readonly [string, Val])[], expanded = false): ObjectVal => ({ entries, expanded });
export const arr = (items: readonly Val[]): ArrayVal => ({ items });

/** The one-line form, or undefined when the value must break (an expanded object inside). */
function flat(v: Val): string | undefined {
  if (typeof v === 'string') return v;
  if ('items' in v) {
    if (mustBreakArray(v)) return undefined;
    const items = v.items.map(flat);
    return items.some((x) => x === undefined) ? undefined : `[${items.join(', ')}]`;
  }
  if (v.expanded && v.entries.length > 0) return undefined;
  const parts = v.entries.map(([k, x]) => {
    const f = flat(x);
    return f === undefined ? undefined : `${k}: ${f}`;
  });
  if (parts.some((x) => x === undefined)) return undefined;
  return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
}

/** prettier breaks an array of two or more objects (or arrays) that each have more than one entry. */
function mustBreakArray(v: ArrayVal): boolean {
  return (
    v.items.length > 1 &&
    v.items.every((x) => typeof x !== 'string' && ('items' in x ? x.items.length > 1 : x.entries.length > 1))
  );
}

/** Indentation by depth, made once: a 10k-register module has ~270k lines. */
const PADS: string[] = [];
const padOf = (depth: number): string => (PADS[depth] ??= '  '.repeat(depth));

export class Writer {
  private readonly lines: string[] = [];
  private depth = 0;

  private get pad(): string {
    return padOf(this.depth);
  }
  fits(text: string): boolean {
    return this.depth * 2 + text.length <= PRINT_WIDTH;
  }
  line(text: string): void {
    this.lines.push(this.pad + text);
  }
  /** A blank line between statements or members: never doubled, never first in a block. */
  blank(): void {
    const last = this.lines[this.lines.length - 1];
    if (last === undefined || last === '') return;
    const end = last[last.length - 1];
    if (end === '{' || end === '(' || end === '[') return;
    this.lines.push('');
  }
  open(text: string): void {
    this.line(text);
    this.depth++;
  }
  /** One level deeper without a line (after a head broken over several lines). */
  enter(): void {
    this.depth++;
  }
  /** One level back without a line (the end of what enter() began). */
  leave(): void {
    this.depth--;
  }
  close(text: string): void {
    this.depth--;
    while (this.lines[this.lines.length - 1] === '') this.lines.pop();
    this.line(text);
  }
  /**
   * Opens `head(params) {`. prettier puts each parameter on its own line when two or more are
   * parameter properties (`readonly x`), or when the line does not fit. `ret`: a return type (`: number`).
   */
  openParams(head: string, params: readonly string[], ret = ''): void {
    const one = `${head}(${params.join(', ')})${ret} {`;
    if (params.filter((p) => /^(readonly|public|private|protected) /.test(p)).length < 2 && this.fits(one)) {
      this.open(one);
      return;
    }
    this.open(`${head}(`);
    for (const p of params) this.line(`${p},`);
    this.close(`)${ret} {`);
    this.depth++;
  }

  /** A JSDoc comment from lines (empty ones dropped). */
  doc(...text: string[]): void {
    // The common case, one short line: no splitting, no arrays.
    if (text.length === 1) {
      const t = text[0]!;
      if (!t.includes('\n') && !t.includes('*/')) {
        const x = t.trim();
        if (x !== '') this.line(`/** ${x} */`);
        return;
      }
    }
    const lines: string[] = [];
    for (const t of text) {
      for (const l of t.includes('\n') ? t.split('\n') : [t]) {
        const x = l.trim();
        if (x !== '') lines.push(x.includes('*/') ? x.replace(/\*\//g, '*\\/') : x);
      }
    }
    if (lines.length === 1) this.line(`/** ${lines[0]} */`);
    else if (lines.length > 1) {
      this.line('/**');
      for (const l of lines) this.line(` * ${l}`);
      this.line(' */');
    }
  }

  /** `head` + value + `tail`, on one line when it fits, else broken the way prettier does. */
  value(head: string, v: Val, tail: string): void {
    const f = flat(v);
    if (typeof v === 'string' || (f !== undefined && this.fits(head + f + tail))) {
      this.line(head + (f ?? '') + tail);
      return;
    }
    if ('items' in v) {
      this.open(`${head}[`);
      for (const item of v.items) this.value('', item, ',');
      this.close(`]${tail}`);
    } else {
      this.open(`${head}{`);
      for (const [k, x] of v.entries) this.value(`${k}: `, x, ',');
      this.close(`}${tail}`);
    }
  }

  /** A call with simple arguments: one line, or one argument per line. `head` ends with '('. */
  call(head: string, args: readonly string[], tail: string): void {
    const one = `${head}${args.join(', ')}${tail}`;
    if (this.fits(one) || args.length === 0) {
      this.line(one);
      return;
    }
    this.open(head);
    for (const a of args) this.line(`${a},`);
    this.close(tail);
  }

  /**
   * `export type N = A & B & C;`, or one member per line after the first; a member that still does not
   * fit gets one type argument per line.
   */
  intersection(head: string, members: readonly string[]): void {
    const one = `${head}${members.join(' & ')};`;
    if (this.fits(one)) {
      this.line(one);
      return;
    }
    this.typeLine(head, members[0]!, members.length === 1 ? ';' : ' &');
    this.depth++;
    members.slice(1).forEach((m, i) => this.typeLine('', m, i === members.length - 2 ? ';' : ' &'));
    this.depth--;
  }

  /** `prefix` + a type + `suffix`; a generic type that does not fit gets one type argument per line. */
  typeLine(prefix: string, m: string, suffix: string): void {
    const lt = m.indexOf('<');
    const gt = m.lastIndexOf('>');
    if (this.fits(prefix + m + suffix) || lt < 0 || gt < lt) {
      this.line(prefix + m + suffix);
      return;
    }
    const args = m.slice(lt + 1, gt).split(', ');
    this.line(prefix + m.slice(0, lt + 1));
    this.depth++;
    args.forEach((a, i) => this.line(i === args.length - 1 ? a : `${a},`));
    this.depth--;
    this.line(`>${m.slice(gt + 1)}${suffix}`);
  }

  /**
   * A call whose last argument is an object: one line; else the object hugged (`f(a, b, {` … `})`);
   * else one argument per line. `head` ends with '(' and `tail` starts with ')'.
   */
  hugCall(head: string, args: readonly string[], last: ObjectVal, tail: string): void {
    const f = flat(last);
    const lead = `${head}${args.join(', ')}, `;
    if (f !== undefined && this.fits(`${lead}${f}${tail}`)) this.line(`${lead}${f}${tail}`);
    else if (this.fits(`${lead}{`)) this.value(lead, obj(last.entries, true), tail);
    else {
      this.open(head);
      for (const a of args) this.line(`${a},`);
      this.value('', last, ',');
      this.close(tail);
    }
  }

  /** `export type N = 'a' | 'b';`, or the union alone on the next line, or one `| member` per line. */
  union(head: string, members: readonly string[]): void {
    const joined = `${members.join(' | ')};`;
    if (this.fits(head + joined)) {
      this.line(head + joined);
      return;
    }
    this.line(head.trimEnd());
    this.depth++;
    if (this.fits(joined) || members.length === 1) this.line(joined);
    else members.forEach((m, i) => this.line(`| ${m}${i === members.length - 1 ? ';' : ''}`));
    this.depth--;
  }

  /** `import { a, b } from 'x';`, or one name per line. */
  imports(names: readonly string[], from: string): void {
    if (names.length === 0) return;
    const one = `import { ${names.join(', ')} } from '${from}';`;
    if (this.fits(one)) {
      this.line(one);
      return;
    }
    this.open('import {');
    for (const n of names) this.line(`${n},`);
    this.close(`} from '${from}';`);
  }

  toString(): string {
    while (this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.join('\n') + '\n';
  }

  /**
   * toString() in pieces of `per` lines, for a writer that streams: a 100,000-register module is one
   * ~50 MB string otherwise. The pieces join to toString().
   */
  *pieces(per = 4096): Generator<string> {
    while (this.lines[this.lines.length - 1] === '') this.lines.pop();
    for (let i = 0; i < this.lines.length; i += per) yield this.lines.slice(i, i + per).join('\n') + '\n';
  }
}
