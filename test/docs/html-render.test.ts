// The per-device HTML page rendered by headless Chromium (Debian's chromium, installed by
// test/docs/setup-chromium.sh). Asserts on the render itself:
//   1. a screenshot of one register section (edu's `status`): decoded, the row through the bit-field
//      diagram has exactly one field-coloured box per declared field (computing, irq_fact), and the
//      reserved bits show the hatch colours — the CSS grid diagram really lays out;
//   2. the DOM after the page's own search script ran on a typed query (--dump-dom): only the matching
//      register sections and address-map rows are visible, and the match count says so;
//   3. the contents tree is <details> with the long register list folded on e1000e.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodePng } from './png.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const setup = spawnSync('bash', [path.join(root, 'test/docs/setup-chromium.sh')], { encoding: 'utf8' });
const chromium = /^CHROMIUM (.+)$/m.exec(setup.stdout)?.[1];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'regmill-html-'));
const page = readFileSync(path.join(root, 'generated/edu/edu.html'), 'utf8');

function browse(file: string, args: string[]): string {
  const r = spawnSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1', `--user-data-dir=${path.join(tmp, 'profile')}`, ...args, pathToFileURL(file).href], { encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The page with its body replaced (head and styles kept). */
const withBody = (html: string, body: string): string => html.replace(/<body>[^]*<\/body>/, () => `<body>\n${body}\n</body>`);

if (!chromium) {
  // Exit 2: this machine cannot provide chromium (no apt or no root): say so, do not pretend.
  if (setup.status !== 2) throw new Error(`test/docs/setup-chromium.sh failed (exit ${setup.status}): ${setup.stderr}`);
  console.log(`html-render: skipped: ${setup.stderr.trim()}`);
} else {
  test.after(() => rmSync(tmp, { recursive: true, force: true }));

  test('screenshot of the status register section: one box per field, reserved bits hatched', () => {
    const start = page.indexOf('<section id="reg-bar0-status"');
    const section = page.slice(start, page.indexOf('</section>', start) + '</section>'.length);
    assert.ok(start > 0 && section.includes('computing'), 'the status section is in the page');
    const file = path.join(tmp, 'status.html');
    writeFileSync(file, withBody(page, section));
    const png = path.join(tmp, 'status.png');
    browse(file, [`--screenshot=${png}`, '--window-size=1200,700']);
    const img = decodePng(readFileSync(png));
    const at = (x: number, y: number) => {
      const o = (y * img.width + x) * 4;
      return [img.data[o]!, img.data[o + 1]!, img.data[o + 2]!] as const;
    };
    const near = (c: readonly number[], hex: number) => Math.abs(c[0]! - (hex >> 16)) <= 3 && Math.abs(c[1]! - ((hex >> 8) & 0xff)) <= 3 && Math.abs(c[2]! - (hex & 0xff)) <= 3;
    // Rows holding field-box colour (#e8eef7, .bits .f).
    let best = { y: -1, count: 0 };
    let hatch = 0;
    for (let y = 0; y < img.height; y++) {
      let count = 0;
      for (let x = 0; x < img.width; x++) {
        const c = at(x, y);
        if (near(c, 0xe8eef7)) count++;
        if (near(c, 0xe2e2e2)) hatch++;
      }
      if (count > best.count) best = { y, count };
    }
    assert.ok(best.count > 20, `field boxes are drawn (best row has ${best.count} box pixels)`);
    assert.ok(hatch > 200, `reserved bits are hatched (${hatch} hatch pixels)`);
    // Along that row: separate boxes (gaps of text glyphs inside one box are under 10 px).
    const runs: [number, number][] = [];
    for (let x = 0; x < img.width; x++) {
      if (!near(at(x, best.y), 0xe8eef7)) continue;
      const last = runs[runs.length - 1];
      if (last && x - last[1] <= 10) last[1] = x;
      else runs.push([x, x]);
    }
    assert.is(runs.length, 2, `one box per field of status (computing, irq_fact); runs at ${JSON.stringify(runs)}`);
    // irq_fact [7] is to the left of computing [0] (bit 31 first) and both are one bit wide.
    const [a, b] = runs as [[number, number], [number, number]];
    assert.ok(a[1] < b[0]);
    assert.ok(Math.abs((a[1] - a[0]) - (b[1] - b[0])) <= 4, 'both one-bit boxes have the same width');
  });

  test('the search box filters register sections and address-map rows (the page script, in Chromium)', () => {
    const file = path.join(tmp, 'search.html');
    const typed = "<script>const s = document.getElementById('search'); s.value = 'dma'; s.dispatchEvent(new Event('input'));</script>";
    writeFileSync(file, page.replace('</body>', `${typed}\n</body>`));
    const dom = browse(file, ['--dump-dom']);
    const sections = [...dom.matchAll(/<section id="(reg-[^"]+)" data-search="([^"]*)"( hidden(?:="")?)?>/g)].map((m) => ({ id: m[1]!, search: m[2]!, hidden: !!m[3] }));
    assert.ok(sections.length >= 10, `register sections in the DOM: ${sections.length}`);
    for (const s of sections) assert.is(s.hidden, !s.search.includes('dma'), `${s.id} (${s.search}) hidden: ${s.hidden}`);
    const visible = sections.filter((s) => !s.hidden).map((s) => s.id);
    // Names containing dma, and registers with a field named dma (irq_status.dma …).
    for (const id of ['reg-bar0-dma_cmd', 'reg-bar0-dma_src', 'reg-bar0-irq_status']) assert.ok(visible.includes(id), `${id} visible: ${visible}`);
    assert.not.ok(visible.includes('reg-bar0-ident'));
    assert.match(dom, new RegExp(`<span id="search-count">${visible.length} registers match</span>`));
    const rows = [...dom.matchAll(/<tr data-search="([^"]*)"( hidden(?:="")?)?>/g)];
    assert.ok(rows.every((r) => r[1]!.includes('dma') === !r[2]), 'map rows shown exactly when they match');
  });

  test('the contents tree is collapsible, the long register list of e1000e folded', () => {
    const html = readFileSync(path.join(root, 'generated/e1000e/e1000e.html'), 'utf8');
    const file = path.join(tmp, 'e1000e.html');
    writeFileSync(file, html);
    const dom = browse(file, ['--dump-dom']);
    const nav = dom.slice(dom.indexOf('<nav id="contents">'), dom.indexOf('</nav>'));
    assert.match(nav, /<details><summary><a href="#registers">Registers<\/a> \(\d+\)<\/summary>/);
    assert.ok(dom.indexOf('id="overview"') < dom.indexOf('id="registers"'), 'the address map comes before the register sections');
  });

  test.run();
}
