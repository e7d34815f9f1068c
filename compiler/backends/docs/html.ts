// The device documentation as one self-contained HTML page: inline CSS and one small inline script (the
// search box), no external resources. It opens with an address map (one row per register, block or
// array, with a one-line summary) and a collapsible contents tree (<details>, works without the script),
// as PeakRDL-html pages do. Every piece of spec text goes through esc(), so a doc string is always text.
// Bit-field diagrams are CSS grids: one cell per bit number, one box per field spanning its bits.
import { gridRows } from './diagram.js';
import type { DeviceDoc, RegisterDoc, Row, TableDoc } from './model.js';

/** `out.push(...lines)` without spreading: a table of 10⁵ rows as arguments overflows the call stack. */
function append(out: string[], lines: readonly string[]): void {
  for (const l of lines) out.push(l);
}

const HTML_SPECIAL = /[&<>"']/;
const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** One pass, and none for the usual name or number without a special character (10⁶ calls at 100,000 registers). */
export const esc = (s: string): string => (HTML_SPECIAL.test(s) ? s.replace(/[&<>"']/g, (c) => ENTITY[c]!) : s);
/** Spec text with its line breaks kept. */
const text = (s: string): string => (s.includes('\n') ? esc(s).replace(/\r?\n/g, '<br>') : esc(s));
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
#search { font: inherit; padding: .3rem .5rem; width: 22rem; max-width: 100%; margin: .3rem 0 .6rem; }
#search-count { color: #555; margin-left: .5rem; }
details > summary { cursor: pointer; }
nav details { margin: .1rem 0 .1rem .2rem; }
nav details details { margin-left: 1.2rem; }
nav ul { list-style: none; padding-left: 1.4rem; }
table.map td:first-child { white-space: nowrap; }
.bits .rsv { background: repeating-linear-gradient(45deg, #f4f4f4, #f4f4f4 4px, #e2e2e2 4px, #e2e2e2 8px); border-color: #bbb; color: #888; }
`.trim();

/** Hides register sections and address-map rows whose names (and field names) do not contain the query. */
export const SEARCH_SCRIPT = `
const box = document.getElementById('search');
const count = document.getElementById('search-count');
box.addEventListener('input', () => {
  const q = box.value.trim().toLowerCase();
  let shown = 0;
  for (const el of document.querySelectorAll('[data-search]')) {
    const hit = q === '' || el.dataset.search.includes(q);
    el.hidden = !hit;
    if (hit && el.tagName === 'SECTION') shown++;
  }
  count.textContent = q === '' ? '' : shown + ' register' + (shown === 1 ? '' : 's') + ' match';
});
`.trim();

/** The first sentence (or line) of a doc string, for one-line summaries. */
export function summary(doc: string): string {
  const line = doc.split(/\r?\n/)[0]!.trim();
  const m = /^(.*?\.)(\s|$)/.exec(line);
  const s = m ? m[1]! : line;
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

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

const searchKey = (...names: string[]): string => esc(names.join(' ').toLowerCase());

function registerSection(tag: string, r: RegisterDoc): string[] {
  const out = [`<section id="${esc(r.id)}" data-search="${searchKey(r.title, ...r.fields.map((f) => f.name))}">`, `<${tag}>${esc(r.title)}</${tag}>`];
  out.push(`<p class="facts">Offset ${code(r.offset)}, ${r.width}-bit, reset ${code(r.reset)}, access ${esc(r.access)}${r.volatile ? ', volatile (hardware changes it)' : ''}${esc(r.layout)}.</p>`);
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
          ...(withValues
            ? [f.values.map((v, i) => `${v.when !== undefined && v.when !== f.values[i - 1]?.when ? `<strong>${text(v.when)}</strong><br>` : ''}${code(v.name)} = ${code(v.value)}${v.doc ? ` (${text(v.doc)})` : ''}`).join('<br>')]
            : []),
        ]),
      ),
    );
  }
  out.push('</section>');
  return out;
}

/** Address map: per BAR (and block type), offset, name, access, reset and a one-line summary per row. */
function overview(d: DeviceDoc): string[] {
  const out = ['<section id="overview">', '<h2>Address map</h2>', '<input id="search" type="search" placeholder="Filter registers and fields by name…" aria-label="Filter registers and fields by name"><span id="search-count"></span>'];
  // By id, once: a find() per row made the page quadratic (1044 s for 100,000 registers, issue 13).
  const byId = new Map(d.registers.map((r) => [r.id, r]));
  for (const t of [...d.bars, ...d.blocks]) {
    if (t.rows.length === 0) continue;
    out.push(`<h3><a href="#${esc(t.id)}">${esc(t.title)}</a></h3>`, '<table class="map">', '<tr><th>offset</th><th>name</th><th>access</th><th>reset</th><th>summary</th></tr>');
    for (const r of t.rows) {
      const reg = r.link ? byId.get(r.link) : undefined;
      const name = r.link ? `<a href="#${esc(r.link)}">${esc(r.name)}</a>` : esc(r.name);
      out.push(`<tr data-search="${searchKey(r.name, ...(reg?.fields.map((f) => f.name) ?? []))}"><td>${code(r.offset)}</td><td>${name}</td><td>${esc(r.access)}</td><td>${code(r.reset)}</td><td>${esc(summary(r.doc))}</td></tr>`);
    }
    out.push('</table>');
  }
  out.push('</section>');
  return out;
}

/** Contents as a tree of <details>: open at the top, long register lists folded. */
function tree(d: DeviceDoc): string[] {
  const link = (id: string, title: string) => `<a href="#${esc(id)}">${esc(title)}</a>`;
  const fold = (title: string, items: readonly string[], open: boolean) => `<details${open ? ' open' : ''}><summary>${title} (${items.length})</summary><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul></details>`;
  const toc: string[] = ['<nav id="contents"><h2>Contents</h2>', `<ul><li>${link('overview', 'Address map')}</li>`];
  if (d.identity.length > 0) toc.push(`<li>${link('identity', 'PCI identity')}</li>`);
  toc.push('</ul>');
  for (const b of d.bars) {
    const inner = d.blocks.filter((x) => x.id.startsWith(`blk-${b.id}-`));
    toc.push(`<details open><summary>${link(b.id, b.title)}</summary>${inner.length ? fold('Blocks', inner.map((x) => link(x.id, x.title)), inner.length <= 12) : ''}</details>`);
  }
  if (d.registers.length > 0) toc.push(fold(link('registers', 'Registers'), d.registers.map((r) => link(r.id, r.title)), d.registers.length <= 20));
  if (d.interrupts.length > 0) toc.push(fold(link('interrupts', 'Interrupts'), d.interrupts.map((g) => link(g.id, g.name)), true));
  if (d.layouts.length > 0) toc.push(fold(link('layouts', 'DMA layouts'), d.layouts.map((l) => link(l.table.id, l.table.title)), true));
  if (d.rings.length > 0) toc.push(`<ul><li>${link('rings', 'Rings')}</li></ul>`);
  toc.push('</nav>');
  return toc;
}

/** The page piece by piece (a register's section at a time), for a writer that streams; the pieces join to the lines joined with '\n'. */
export function* htmlChunks(d: DeviceDoc, header: string): Generator<string> {
  let started = false;
  const piece = (lines: readonly string[]): string => {
    if (lines.length === 0) return '';
    const text = (started ? '\n' : '') + lines.join('\n');
    started = true;
    return text;
  };
  yield piece([
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
  ]);
  let body: string[] = [`<h1>${esc(d.name)}</h1>`, ...para(d.doc), ...tree(d), ...overview(d)];
  if (d.identity.length > 0) body.push('<section id="identity">', '<h2>PCI identity</h2>', ...table(d.identity.map(([k]) => k), [d.identity.map(([, v]) => code(v))]), '</section>');
  for (const b of d.bars) append(body, tableSection('h2', b));
  for (const b of d.blocks) append(body, tableSection('h3', b));
  if (d.registers.length > 0) body.push('<h2 id="registers">Registers</h2>');
  yield piece(body);
  body = [];
  for (const r of d.registers) yield piece(registerSection('h3', r));
  if (d.interrupts.length > 0) body.push('<h2 id="interrupts">Interrupts</h2>');
  for (const g of d.interrupts) {
    body.push(`<section id="${esc(g.id)}">`, `<h3>${esc(g.name)}</h3>`, ...para(g.doc), '<p>A cause is pending when its status bit and its enable are both set.</p>', ...(g.mask ? [`<p>${esc(g.mask)}</p>`] : []));
    body.push(...table(['cause', 'status bit', 'enable', 'ack', 'test', 'vector', 'description'], g.causes.map((c) => [code(c.name), esc(c.status), esc(c.enable), esc(c.ack), esc(c.test), esc(c.vector), text(c.doc)])), '</section>');
  }
  if (d.layouts.length > 0) body.push('<h2 id="layouts">DMA layouts</h2>');
  for (const l of d.layouts) {
    append(body, tableSection('h3', l.table));
    for (const w of l.words) body.push(...registerSection('h4', w));
  }
  if (d.rings.length > 0) {
    body.push('<section id="rings">', '<h2>Rings</h2>', ...table(d.rings[0]!.map(([k]) => k), d.rings.map((r) => r.map(([, v]) => text(v)))), '</section>');
  }
  yield piece([...body, `<script>\n${SEARCH_SCRIPT}\n</script>`, '</body>', '</html>', '']);
}
