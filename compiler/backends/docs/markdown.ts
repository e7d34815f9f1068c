// The device documentation as Markdown (GitHub flavour): anchors are explicit `<a id>` tags so links
// do not depend on a renderer's heading slugs, and spec text is escaped so it is always shown as text
// (no raw HTML from a doc string, no `|` breaking a table).
import type { DeviceDoc, FieldDoc, RegisterDoc, Row, TableDoc } from './model.js';
import { textDiagram } from './diagram.js';

/** `out.push(...lines)` without spreading: a table of 10⁵ rows as arguments overflows the call stack. */
function append(out: string[], lines: readonly string[]): void {
  for (const l of lines) out.push(l);
}

/** A character mdText may change (a backtick only starts a code span). */
const MD_SPECIAL = /[`&<>\\*_]/;

/**
 * Spec text as Markdown text: shown as written, never as HTML or emphasis. Outside `code spans`,
 * HTML-significant characters become entities and `\\`, `*` and word-edge `_` are escaped (which
 * also keeps prettier from rewriting them); code spans already show their text literally.
 */
export function mdText(s: string): string {
  // Nothing to escape in most names and numbers: skip the split and six replaces.
  if (!MD_SPECIAL.test(s)) return s;
  return s
    .split(/(`[^`\n]+`)/)
    .map((part, n) =>
      n % 2 === 1
        ? part
        : part
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/\\/g, '\\\\')
            .replace(/\*/g, '\\*')
            .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_'),
    )
    .join('');
}
/** Spec text inside a table cell: also `|` escaped and line breaks as <br>. */
const cell = (s: string): string => {
  const t = mdText(s);
  return /[|\n]/.test(t) ? t.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>') : t;
};
/** Code span for identifiers and numbers (names are identifiers; offsets contain no backticks). */
const code = (s: string): string => (s === '' ? '' : `\`${s}\``);

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Display width as prettier measures it (so tables come out in prettier's layout): East Asian wide
 * and fullwidth characters count 2, combining marks 0.
 */
export function displayWidth(s: string): number {
  // Printable ASCII (nearly every cell): one column per character, without a regex per character.
  if (PRINTABLE_ASCII.test(s)) return s.length;
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (/\p{Mn}|\p{Me}|\u200b|\u200d/u.test(ch)) continue;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

/** A table with every column padded to its widest cell, the way prettier prints Markdown tables. */
function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [head, ...rows];
  // A loop, not Math.max(...rows): spreading a table of 100,000 rows overflows the call stack.
  const widths = head.map((_, c) => {
    let m = 3;
    for (const r of all) m = Math.max(m, displayWidth(r[c] ?? ''));
    return m;
  });
  const line = (r: readonly string[]): string => `| ${r.map((x, c) => x + ' '.repeat(widths[c]! - displayWidth(x))).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** An explicit anchor: its own HTML block, so a blank line follows (as prettier wants). */
const anchor = (id: string): string => `<a id="${id}"></a>\n`;
const paragraphs = (doc: string): string[] => (doc === '' ? [] : [mdText(doc), '']);

function rowsTable(rows: readonly Row[]): string[] {
  return table(
    ['offset', 'name', 'width', 'access', 'reset', 'description'],
    rows.map((r) => [code(r.offset), r.link ? `[${r.name}](#${r.link})` : r.name, r.width, r.access, code(r.reset), cell(r.doc)]),
  );
}

function tableSection(level: string, t: TableDoc): string[] {
  return [anchor(t.id), `${level} ${mdText(t.title)}`, '', `${mdText(t.facts)}.`, '', ...paragraphs(t.doc), ...(t.rows.length > 0 ? [...rowsTable(t.rows), ''] : [])];
}

function valuesText(f: FieldDoc): string {
  // `enum by`: a heading line per case (the selector's value and the enum it picks).
  return f.values
    .map((v, i) => `${v.when !== undefined && v.when !== f.values[i - 1]?.when ? `**${cell(v.when)}**<br>` : ''}${code(v.name)} = ${code(v.value)}${v.doc ? ` (${cell(v.doc)})` : ''}`)
    .join('<br>');
}

function registerSection(level: string, r: RegisterDoc): string[] {
  const out = [anchor(r.id), `${level} ${mdText(r.title)}`, ''];
  out.push(`Offset ${code(r.offset)}, ${r.width}-bit, reset ${code(r.reset)}, access ${mdText(r.access)}${r.volatile ? ', volatile (hardware changes it)' : ''}${mdText(r.layout)}.`, '');
  out.push(...paragraphs(r.doc));
  out.push(`Operations: ${mdText(r.operations)}.`, '');
  out.push('```text', ...textDiagram(r.segments), '```', '');
  if (r.fields.length > 0) {
    const withValues = r.fields.some((f) => f.values.length > 0);
    out.push(
      ...table(
        ['bits', 'field', 'access', 'reset', 'description', ...(withValues ? ['values'] : [])],
        r.fields.map((f) => [code(f.bits), code(f.name), `${code(f.access)}: ${cell(f.meaning)}`, code(f.reset), cell(f.doc), ...(withValues ? [valuesText(f)] : [])]),
      ),
      '',
    );
  }
  return out;
}

/**
 * The page piece by piece (a register's section at a time), for a writer that streams; the pieces join
 * to the lines joined with '\n', trailing blank lines dropped, plus one '\n'.
 */
export function* markdownChunks(d: DeviceDoc, header: string): Generator<string> {
  const lines = new LineJoiner();
  let out: string[] = [`<!-- ${mdText(header).replace(/--/g, '- -')} -->`, '', `# ${mdText(d.name)}`, '', ...paragraphs(d.doc)];
  const toc: string[] = [];
  if (d.identity.length > 0) toc.push('- [PCI identity](#identity)');
  for (const b of d.bars) {
    toc.push(`- [${mdText(b.title)}](#${b.id})`);
    for (const x of d.blocks.filter((x) => x.id.startsWith(`blk-${b.id}-`))) toc.push(`  - [${mdText(x.title)}](#${x.id})`);
  }
  if (d.registers.length > 0) toc.push('- [Registers](#registers)');
  if (d.interrupts.length > 0) toc.push('- [Interrupts](#interrupts)');
  if (d.layouts.length > 0) toc.push('- [DMA layouts](#layouts)');
  if (d.rings.length > 0) toc.push('- [Rings](#rings)');
  out.push('## Contents', '');
  append(out, toc);
  out.push('');

  if (d.identity.length > 0) out.push(anchor('identity'), '## PCI identity', '', ...table(d.identity.map(([k]) => k), [d.identity.map(([, v]) => code(v))]), '');
  for (const b of d.bars) append(out, tableSection('##', b));
  for (const b of d.blocks) append(out, tableSection('###', b));
  if (d.registers.length > 0) out.push(anchor('registers'), '## Registers', '');
  yield lines.piece(out);
  out = [];
  for (const r of d.registers) yield lines.piece(registerSection('###', r));
  if (d.interrupts.length > 0) out.push(anchor('interrupts'), '## Interrupts', '');
  for (const g of d.interrupts) {
    out.push(anchor(g.id), `### ${mdText(g.name)}`, '', ...paragraphs(g.doc), 'A cause is pending when its status bit and its enable are both set.', '', ...(g.mask ? [mdText(g.mask), ''] : []));
    out.push(...table(['cause', 'status bit', 'enable', 'ack', 'test', 'vector', 'description'], g.causes.map((c) => [code(c.name), cell(c.status), cell(c.enable), cell(c.ack), cell(c.test), cell(c.vector), cell(c.doc)])), '');
  }
  if (d.layouts.length > 0) out.push(anchor('layouts'), '## DMA layouts', '');
  for (const l of d.layouts) {
    append(out, tableSection('###', l.table));
    for (const w of l.words) out.push(...registerSection('####', w));
  }
  if (d.rings.length > 0) {
    out.push(anchor('rings'), '## Rings', '');
    const head = d.rings[0]!.map(([k]) => k);
    out.push(...table(head, d.rings.map((r) => r.map(([, v]) => cell(v)))), '');
  }
  yield lines.piece(out);
  yield '\n';
}

/** Lines joined with '\n' across pieces, blank lines held back until a line follows them (so trailing ones are dropped). */
class LineJoiner {
  private started = false;
  private held = 0;

  piece(lines: readonly string[]): string {
    let s = '';
    for (const l of lines) {
      if (l === '') {
        this.held++;
        continue;
      }
      s += (this.started ? '\n' : '') + '\n'.repeat(this.held) + l;
      this.started = true;
      this.held = 0;
    }
    return s;
  }
}
