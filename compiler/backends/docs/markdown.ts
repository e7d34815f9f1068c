// The device documentation as Markdown (GitHub flavour): anchors are explicit `<a id>` tags so links
// do not depend on a renderer's heading slugs, and spec text is escaped so it is always shown as text
// (no raw HTML from a doc string, no `|` breaking a table).
import type { DeviceDoc, FieldDoc, RegisterDoc, Row, TableDoc } from './model.js';
import { textDiagram } from './diagram.js';

/** Spec text as Markdown text: HTML-significant characters as entities. */
export const mdText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Spec text inside a table cell: also `|` escaped and line breaks as <br>. */
const cell = (s: string): string => mdText(s).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
/** Code span for identifiers and numbers (names are identifiers; offsets contain no backticks). */
const code = (s: string): string => (s === '' ? '' : `\`${s}\``);

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

const anchor = (id: string): string => `<a id="${id}"></a>`;
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
  return f.values.map((v) => `${code(v.name)} = ${code(v.value)}${v.doc ? ` (${cell(v.doc)})` : ''}`).join('<br>');
}

function registerSection(level: string, r: RegisterDoc): string[] {
  const out = [anchor(r.id), `${level} ${mdText(r.title)}`, ''];
  out.push(`Offset ${code(r.offset)}, ${r.width}-bit, reset ${code(r.reset)}, access ${mdText(r.access)}${r.volatile ? ', volatile (hardware changes it)' : ''}.`, '');
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

export function renderMarkdown(d: DeviceDoc, header: string): string {
  const out: string[] = [`<!-- ${mdText(header).replace(/--/g, '- -')} -->`, '', `# ${mdText(d.name)}`, '', ...paragraphs(d.doc)];
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
  out.push('## Contents', '', ...toc, '');

  if (d.identity.length > 0) out.push(anchor('identity'), '## PCI identity', '', ...table(d.identity.map(([k]) => k), [d.identity.map(([, v]) => code(v))]), '');
  for (const b of d.bars) out.push(...tableSection('##', b));
  for (const b of d.blocks) out.push(...tableSection('###', b));
  if (d.registers.length > 0) out.push(anchor('registers'), '## Registers', '');
  for (const r of d.registers) out.push(...registerSection('###', r));
  if (d.interrupts.length > 0) out.push(anchor('interrupts'), '## Interrupts', '');
  for (const g of d.interrupts) {
    out.push(anchor(g.id), `### ${mdText(g.name)}`, '', ...paragraphs(g.doc), 'A cause is pending when its status bit and its enable are both set.', '');
    out.push(...table(['cause', 'status bit', 'enable', 'ack', 'test', 'vector', 'description'], g.causes.map((c) => [code(c.name), cell(c.status), cell(c.enable), cell(c.ack), cell(c.test), cell(c.vector), cell(c.doc)])), '');
  }
  if (d.layouts.length > 0) out.push(anchor('layouts'), '## DMA layouts', '');
  for (const l of d.layouts) {
    out.push(...tableSection('###', l.table));
    for (const w of l.words) out.push(...registerSection('####', w));
  }
  if (d.rings.length > 0) {
    out.push(anchor('rings'), '## Rings', '');
    const head = d.rings[0]!.map(([k]) => k);
    out.push(...table(head, d.rings.map((r) => r.map(([, v]) => cell(v)))), '');
  }
  while (out.at(-1) === '') out.pop();
  return `${out.join('\n')}\n`;
}
