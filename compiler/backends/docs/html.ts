// The device documentation as one self-contained HTML page: inline CSS, no scripts, no external
// resources. Every piece of spec text goes through esc(), so a doc string is always shown as text.
// Bit-field diagrams are CSS grids: one cell per bit number, one box per field spanning its bits.
import { gridRows } from './diagram.js';
import type { DeviceDoc, RegisterDoc, Row, TableDoc } from './model.js';

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** Spec text with its line breaks kept. */
const text = (s: string): string => esc(s).replace(/\r?\n/g, '<br>');
const code = (s: string): string => (s === '' ? '' : `<code>${esc(s)}</code>`);

const CSS = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 2rem 4rem; color: #1b1b1b; }
h1, h2, h3, h4 { line-height: 1.2; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.5rem; }
code { font: 13px ui-monospace, monospace; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
nav ul { margin: .2rem 0; }
.facts { color: #555; }
.bits { display: grid; grid-template-columns: repeat(var(--n), minmax(1.6rem, 1fr)); margin: .5rem 0; font-size: 12px; }
.bits .bn { text-align: center; color: #666; }
.bits .f { border: 1px solid #4a6fa5; background: #e8eef7; text-align: center; padding: .2rem 0; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.bits .f small { display: block; color: #555; }
.bits .v { writing-mode: vertical-rl; transform: rotate(180deg); padding: .3rem 0; text-overflow: clip; }
.bits .v small { display: inline; }
.bits .v small::before { content: " "; }
.bits .rsv { background: repeating-linear-gradient(45deg, #f4f4f4, #f4f4f4 4px, #e2e2e2 4px, #e2e2e2 8px); border-color: #bbb; color: #888; }
`.trim();

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return ['<table>', `<tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`, ...rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`), '</table>'];
}

function rowsTable(rows: readonly Row[]): string[] {
  return table(
    ['offset', 'name', 'width', 'access', 'reset', 'description'],
    rows.map((r) => [code(r.offset), r.link ? `<a href="#${esc(r.link)}">${esc(r.name)}</a>` : esc(r.name), esc(r.width), esc(r.access), code(r.reset), text(r.doc)]),
  );
}

const para = (doc: string): string[] => (doc === '' ? [] : [`<p>${text(doc)}</p>`]);

function tableSection(tag: string, t: TableDoc): string[] {
  return [`<section id="${esc(t.id)}">`, `<${tag}>${esc(t.title)}</${tag}>`, `<p class="facts">${esc(t.facts)}.</p>`, ...para(t.doc), ...(t.rows.length > 0 ? rowsTable(t.rows) : []), '</section>'];
}

function diagram(r: RegisterDoc): string[] {
  const out: string[] = [];
  for (const row of gridRows(r.segments, r.width)) {
    out.push(`<div class="bits" style="--n:${row.bits.length}" role="img" aria-label="bit fields of ${esc(r.title)}">`);
    out.push(row.bits.map((b) => `<span class="bn">${b}</span>`).join(''));
    for (const b of row.boxes) {
      const s = b.segment;
      const label = s.name === '' ? 'reserved' : s.name;
      const range = b.msb === b.lsb ? `${b.lsb}` : `${b.msb}:${b.lsb}`;
      // A name wider than its bits (about three characters per bit column) is written vertically.
      const vertical = Math.max(label.length, s.access.length) > b.span * 3;
      out.push(`<span class="f${s.name === '' ? ' rsv' : ''}${vertical ? ' v' : ''}" style="grid-column: span ${b.span}" title="${esc(`${label} [${range}] ${s.access}`.trim())}">${esc(label)}<small>${esc(s.access)}</small></span>`);
    }
    out.push('</div>');
  }
  return out;
}

function registerSection(tag: string, r: RegisterDoc): string[] {
  const out = [`<section id="${esc(r.id)}">`, `<${tag}>${esc(r.title)}</${tag}>`];
  out.push(`<p class="facts">Offset ${code(r.offset)}, ${r.width}-bit, reset ${code(r.reset)}, access ${esc(r.access)}${r.volatile ? ', volatile (hardware changes it)' : ''}.</p>`);
  out.push(...para(r.doc), `<p>Operations: ${esc(r.operations)}.</p>`, ...diagram(r));
  if (r.fields.length > 0) {
    const withValues = r.fields.some((f) => f.values.length > 0);
    out.push(
      ...table(
        ['bits', 'field', 'access', 'reset', 'description', ...(withValues ? ['values'] : [])],
        r.fields.map((f) => [
          code(f.bits),
          code(f.name),
          `${code(f.access)}: ${esc(f.meaning)}`,
          code(f.reset),
          text(f.doc),
          ...(withValues ? [f.values.map((v) => `${code(v.name)} = ${code(v.value)}${v.doc ? ` (${text(v.doc)})` : ''}`).join('<br>')] : []),
        ]),
      ),
    );
  }
  out.push('</section>');
  return out;
}

export function renderHtml(d: DeviceDoc, header: string): string {
  const toc: string[] = ['<nav><h2>Contents</h2><ul>'];
  if (d.identity.length > 0) toc.push('<li><a href="#identity">PCI identity</a></li>');
  for (const b of d.bars) {
    const inner = d.blocks.filter((x) => x.id.startsWith(`blk-${b.id}-`));
    toc.push(`<li><a href="#${esc(b.id)}">${esc(b.title)}</a>${inner.length ? `<ul>${inner.map((x) => `<li><a href="#${esc(x.id)}">${esc(x.title)}</a></li>`).join('')}</ul>` : ''}</li>`);
  }
  if (d.registers.length > 0) toc.push(`<li><a href="#registers">Registers</a><ul>${d.registers.map((r) => `<li><a href="#${esc(r.id)}">${esc(r.title)}</a></li>`).join('')}</ul></li>`);
  if (d.interrupts.length > 0) toc.push('<li><a href="#interrupts">Interrupts</a></li>');
  if (d.layouts.length > 0) toc.push(`<li><a href="#layouts">DMA layouts</a><ul>${d.layouts.map((l) => `<li><a href="#${esc(l.table.id)}">${esc(l.table.title)}</a></li>`).join('')}</ul></li>`);
  if (d.rings.length > 0) toc.push('<li><a href="#rings">Rings</a></li>');
  toc.push('</ul></nav>');

  const body: string[] = [`<h1>${esc(d.name)}</h1>`, ...para(d.doc), ...toc];
  if (d.identity.length > 0) body.push('<section id="identity">', '<h2>PCI identity</h2>', ...table(d.identity.map(([k]) => k), [d.identity.map(([, v]) => code(v))]), '</section>');
  for (const b of d.bars) body.push(...tableSection('h2', b));
  for (const b of d.blocks) body.push(...tableSection('h3', b));
  if (d.registers.length > 0) body.push('<h2 id="registers">Registers</h2>');
  for (const r of d.registers) body.push(...registerSection('h3', r));
  if (d.interrupts.length > 0) body.push('<h2 id="interrupts">Interrupts</h2>');
  for (const g of d.interrupts) {
    body.push(`<section id="${esc(g.id)}">`, `<h3>${esc(g.name)}</h3>`, ...para(g.doc), '<p>A cause is pending when its status bit and its enable are both set.</p>');
    body.push(...table(['cause', 'status bit', 'enable', 'ack', 'test', 'vector', 'description'], g.causes.map((c) => [code(c.name), esc(c.status), esc(c.enable), esc(c.ack), esc(c.test), esc(c.vector), text(c.doc)])), '</section>');
  }
  if (d.layouts.length > 0) body.push('<h2 id="layouts">DMA layouts</h2>');
  for (const l of d.layouts) {
    body.push(...tableSection('h3', l.table));
    for (const w of l.words) body.push(...registerSection('h4', w));
  }
  if (d.rings.length > 0) {
    body.push('<section id="rings">', '<h2>Rings</h2>', ...table(d.rings[0]!.map(([k]) => k), d.rings.map((r) => r.map(([, v]) => text(v)))), '</section>');
  }
  return [
    '<!DOCTYPE html>',
    `<!-- ${esc(header).replace(/--/g, '- -')} -->`,
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(d.name)} registers</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
