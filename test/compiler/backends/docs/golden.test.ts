// The Markdown and HTML of every spec (specs/ and the C tests' specs) are exactly their committed
// output (generated/ for specs/, golden/ for the tests' own), name every register and field of the spec, and keep spec text as text.
// UPDATE_GOLDEN=1 rewrites the goldens.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { docsBackend } from '../../../../compiler/backends/docs/index.js';
import { SEARCH_SCRIPT } from '../../../../compiler/backends/docs/html.js';
import type { IrDevice, IrNode } from '../../../../compiler/ir/ir.js';
import { allSpecs, goldenPath, irOf, options, root } from '../c/emit.js';

const goldenDir = path.join(root, 'test/compiler/backends/docs/golden');

/** Every register (through block types), layout word and field name of a device. */
function names(d: IrDevice): { registers: string[]; fields: string[] } {
  const registers: string[] = [];
  const fields: string[] = [];
  const walk = (nodes: readonly IrNode[]): void => {
    for (const n of nodes) {
      registers.push(n.name);
      if (n.kind === 'register') {
        if (!n.implicitField) fields.push(...n.fields.map((f) => f.name));
      } else walk(d.blockTypes.find((t) => t.name === n.type)?.nodes ?? []);
    }
  };
  for (const b of d.bars) walk(b.nodes);
  for (const l of d.layouts) walk(l.words);
  return { registers, fields };
}

const VOID = new Set(['meta', 'br', 'input']);
/** Tags opened and never closed, or closed out of order (spec text is escaped, so `<` is always a tag). */
function unbalanced(html: string): string[] {
  const stack: string[] = [];
  const bad: string[] = [];
  for (const [, close, tag] of html.replace(/<!--[^]*?-->|<!DOCTYPE html>/g, '').matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
    if (VOID.has(tag!)) continue;
    if (!close) stack.push(tag!);
    else if (stack.pop() !== tag) bad.push(`</${tag}>`);
  }
  return [...bad, ...stack];
}

/** The page without its one known script, for the "nothing else runs or loads" checks. */
const withoutSearch = (html: string): string => html.replace(`<script>\n${SEARCH_SCRIPT}\n</script>`, '');

for (const spec of allSpecs()) {
  test(`golden, names and self-containment: ${spec}`, async () => {
    const ir = await irOf(spec);
    const files = await docsBackend.emit(ir, options(spec));
    assert.equal(files.map((f) => f.path), ir.devices.flatMap((d) => [`${d.name}.md`, `${d.name}.html`]));
    for (const f of files) {
      const text = String(f.contents);
      const golden = goldenPath(spec, goldenDir, f.path);
      if (process.env.UPDATE_GOLDEN && golden.updatable) {
        mkdirSync(goldenDir, { recursive: true });
        writeFileSync(golden.path, text);
      } else {
        const fix = golden.updatable ? 'UPDATE_GOLDEN=1 to accept' : 'npm run gen to accept';
        assert.ok(existsSync(golden.path), `${golden.path} missing: ${fix}`);
        assert.fixture(text, readFileSync(golden.path, 'utf8'), `${f.path} differs from ${path.relative(root, golden.path)} (${fix})`);
      }
    }
    for (const d of ir.devices) {
      const md = String(files.find((f) => f.path === `${d.name}.md`)!.contents);
      const html = String(files.find((f) => f.path === `${d.name}.html`)!.contents);
      const { registers, fields } = names(d);
      for (const n of registers) {
        // Tables show a name as a link (Markdown `[name](`, `[name[4]](`) or a heading / link text.
        assert.ok(new RegExp(`\\[${n}(\\[\\d+\\])?\\]\\(#`).test(md), `${d.name}.md lacks a row for ${n}`);
        assert.ok(new RegExp(`>${n}(\\[\\d+\\])?</a>`).test(html), `${d.name}.html lacks a row for ${n}`);
      }
      for (const n of fields) {
        assert.ok(new RegExp(`\\| \`${n}\` +\\|`).test(md), `${d.name}.md lacks field ${n}`);
        assert.ok(html.includes(`<td><code>${n}</code></td>`), `${d.name}.html lacks field ${n}`);
      }
      for (const g of d.interrupts) for (const c of g.causes) assert.ok(new RegExp(`\\| \`${c.name}\` +\\|`).test(md) && html.includes(`<td><code>${c.name}</code></td>`), c.name);
      // Self-contained: inline CSS, one inline script (the search box, which only hides elements), no
      // external resources.
      assert.is(html.split('<script>').length, 2, 'exactly one script');
      assert.ok(html.includes(`<script>\n${SEARCH_SCRIPT}\n</script>`), 'the search script, verbatim');
      assert.not.match(withoutSearch(html), /<script|<link|\ssrc=|href="(?!#)|url\(/i);
      assert.match(html, /^<!DOCTYPE html>\n/);
      assert.match(html, /<style>[^]*\.bits[^]*<\/style>/);
      assert.equal(unbalanced(html), [], `${d.name}.html: unbalanced tags`);
      const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
      assert.equal(ids.filter((x, n) => ids.indexOf(x) !== n), [], `${d.name}.html: duplicate ids`);
      for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) assert.ok(ids.includes(target!), `${d.name}.html: link to missing #${target}`);
      for (const [, target] of md.matchAll(/\]\(#([^)]+)\)/g)) assert.ok(md.includes(`<a id="${target}"></a>`), `${d.name}.md: link to missing #${target}`);
    }
  });
}

test('spec text is escaped: a doc string with <script> stays text in HTML and Markdown', async () => {
  const spec = 'test/compiler/backends/c/specs/names.regs';
  const files = await docsBackend.emit(await irOf(spec), options(spec));
  const html = String(files.find((f) => f.path.endsWith('.html'))!.contents);
  const md = String(files.find((f) => f.path.endsWith('.md'))!.contents);
  const shown = '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends';
  assert.ok(html.includes(`<p>${shown}`), 'device doc escaped in HTML');
  assert.ok(md.includes(shown), 'device doc escaped in Markdown');
  assert.not.match(withoutSearch(html), /<script|<b>zero|<i>channel|<irq>|<now>/);
  assert.not.match(md, /<script|<b>zero|<i>channel|<irq>|<now>/);
  assert.ok(html.includes('first &lt;i&gt;channel&lt;/i&gt;'));
  // A `|` cannot break a Markdown table row; `*` is not emphasis; code spans stay code.
  assert.ok(md.includes('a\\|b `code` \\*star\\* |'), md);
  assert.ok(md.includes('&amp; friends \\*/ /\\* ??/ end'), md);
});

test('bit-field diagrams: text columns per field, a CSS grid box spanning each field', async () => {
  const spec = 'test/compiler/backends/c/specs/safe.regs';
  const files = await docsBackend.emit(await irOf(spec), options(spec));
  const md = String(files.find((f) => f.path.endsWith('.md'))!.contents);
  const html = String(files.find((f) => f.path.endsWith('.html'))!.contents);
  assert.ok(md.includes(['bits  | 31:24 | 23:6 | 5     | 4   | 3    | 2:1  | 0  |', 'field | id    | -    | kick  | ovf | done | mode | en |', 'access| ro    |      | pulse | w0c | w1c  | rw   | rw |'].join('\n')));
  const ctrl = html.slice(html.indexOf('<section id="reg-bar0-ctrl"'), html.indexOf('</section>', html.indexOf('<section id="reg-bar0-ctrl"')));
  const spans = [...ctrl.matchAll(/grid-column: span (\d+)" title="(\w+)/g)].map((m) => [m[2], Number(m[1])]);
  assert.equal(spans, [['id', 8], ['reserved', 18], ['kick', 1], ['ovf', 1], ['done', 1], ['mode', 2], ['en', 1]]);
  // A 64-bit register is drawn as two rows of 32 bits.
  const stamp = html.slice(html.indexOf('<section id="reg-bar0-stamp"'), html.indexOf('</section>', html.indexOf('<section id="reg-bar0-stamp"')));
  assert.equal([...stamp.matchAll(/<div class="bits" style="--n:32"/g)].length, 2);
  assert.equal([...stamp.matchAll(/grid-column: span 32"/g)].length, 2);
});

test.run();
