// `regmill lsp --stdio` as an editor runs it: a child process spoken to in LSP JSON-RPC. Asserts the
// diagnostics (ranges, codes, clearing), hover, definition across an import, completion in an
// interrupt path, formatting, quick fixes, outline and semantic tokens, and that every prefix of a real
// spec is answered without the server dying.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LspClient } from './client.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const mainFile = path.join(root, 'test/fixtures/lsp/main.regs');
const mainUri = pathToFileURL(mainFile).href;
const commonUri = pathToFileURL(path.join(root, 'test/fixtures/lsp/lib/common.regs')).href;
const mainText = readFileSync(mainFile, 'utf8');

let client: LspClient;
let version = 1;

/** LSP position of the `nth` occurrence of `needle` in `text`, plus `delta` characters. */
function pos(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, at + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}
const change = (uri: string, text: string): void => client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });

test.before(async () => {
  client = new LspClient();
  const init = await client.initialize();
  assert.ok(init.capabilities.hoverProvider, 'hover advertised');
  assert.ok(init.capabilities.semanticTokensProvider, 'semantic tokens advertised');
});
test.after(async () => {
  const code = await client.close();
  assert.is(code, 0, `server exits 0 after shutdown/exit; stderr: ${client.stderr}`);
});

test('didOpen of a spec with errors publishes them with their ranges and codes; fixing it clears them', async () => {
  // Two errors: an unknown access name with a suggestion (RM0207-style, from the checker) needs a valid
  // tree, so first a syntax error: the missing ';' after a register header.
  const broken = mainText.replace('register icr @ 0x08 : 32 ro volatile {', 'register icr @ 0x08 : 32 ro volatile {').replace('field irq_en [1];', 'field irq_en [1]');
  const first = client.nextDiagnostics(mainUri);
  client.notify('textDocument/didOpen', { textDocument: { uri: mainUri, languageId: 'regs', version, text: broken } });
  const ds = await first;
  assert.is(ds.length, 1, JSON.stringify(ds));
  assert.is(ds[0]!.code, 'RM0110');
  assert.match(ds[0]!.message, /expected ';'/);
  // Points just after `[1]`, where the ';' goes.
  assert.equal(ds[0]!.range.start, pos(broken, 'field irq_en [1]', 'field irq_en [1]'.length));
  // The quick fix inserts it.
  const actions = await client.request<{ title: string; edit: { changes: Record<string, { newText: string; range: unknown }[]> } }[]>('textDocument/codeAction', {
    textDocument: { uri: mainUri }, range: ds[0]!.range, context: { diagnostics: ds },
  });
  assert.is(actions.length, 1);
  assert.is(actions[0]!.edit.changes[mainUri]![0]!.newText, ';');

  // A checker error with a related location: a duplicate register name.
  const dup = mainText.replace('register icr @ 0x08', 'register ctrl @ 0x08');
  const second = client.nextDiagnostics(mainUri);
  change(mainUri, dup);
  const ds2 = await second;
  const d = ds2.find((x) => x.code === 'RM0201' || /ctrl/.test(x.message));
  assert.ok(d, JSON.stringify(ds2));
  assert.equal(d!.range.start, pos(dup, 'ctrl', 0, 1));
  assert.ok((d!.relatedInformation ?? []).some((r) => r.location.uri === mainUri), 'related location: the first ctrl');

  const fixed = client.nextDiagnostics(mainUri);
  change(mainUri, mainText);
  assert.equal(await fixed, []);
});

test('an unknown access name gets a "did you mean" quick fix', async () => {
  const bad = mainText.replace('field txdw [0] rc;', 'field txdw [0] rw1c;');
  const next = client.nextDiagnostics(mainUri);
  change(mainUri, bad);
  const ds = await next;
  const d = ds.find((x) => /rw1c/.test(x.message));
  assert.ok(d, JSON.stringify(ds));
  assert.equal(d!.range.start, pos(bad, 'rw1c'));
  const actions = await client.request<{ edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', { textDocument: { uri: mainUri }, range: d!.range, context: { diagnostics: [d] } });
  assert.is(actions[0]?.edit.changes[mainUri]![0]!.newText, 'w1c');
  const clean = client.nextDiagnostics(mainUri);
  change(mainUri, mainText);
  assert.equal(await clean, []);
});

test('hover on a register: absolute offset, width, access in words, reset, masks, generated API', async () => {
  const h = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: mainUri }, position: pos(mainText, 'icr @') });
  const v = h.contents.value;
  assert.match(v, /register icr\*\* : 32 bits/);
  assert.match(v, /\+ \*\*0x8\*\*/);
  assert.match(v, /reset: `0x0+`/);
  assert.match(v, /masks: readable `0x81`/);
  assert.match(v, /read \(has a side effect/);
  // The field: bits, mask, access meaning.
  const f = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: mainUri }, position: pos(mainText, 'rxt') });
  assert.match(f.contents.value, /field icr\.rxt\*\* \[7\] — mask `0x80`/);
  assert.match(f.contents.value, /reading clears it/);
  // A register of an imported block type, placed at rxq (0x2800) + 0x10.
  const b = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: mainUri }, position: pos(mainText, 'rx_queue', 2) });
  assert.match(b.contents.value, /block rx_queue/);
});

test('definition across an import, references, and interrupt paths', async () => {
  const enumDef = await client.request<{ uri: string; range: { start: { line: number } } }>('textDocument/definition', { textDocument: { uri: mainUri }, position: pos(mainText, 'enum speed', 6) });
  assert.is(enumDef.uri, commonUri);
  assert.is(enumDef.range.start.line, 1);
  const blockDef = await client.request<{ uri: string; range: { start: { line: number } } }>('textDocument/definition', { textDocument: { uri: mainUri }, position: pos(mainText, ': rx_queue', 3) });
  assert.is(blockDef.uri, commonUri);
  assert.is(blockDef.range.start.line, 2);
  const importDef = await client.request<{ uri: string }>('textDocument/definition', { textDocument: { uri: mainUri }, position: pos(mainText, 'lib/common', 2) });
  assert.is(importDef.uri, commonUri);
  // `enable ctrl.irq_en` → the field declaration.
  const pathDef = await client.request<{ uri: string; range: { start: { line: number; character: number } } }>('textDocument/definition', { textDocument: { uri: mainUri }, position: pos(mainText, 'ctrl.irq_en', 6) });
  assert.equal(pathDef.range.start, pos(mainText, 'irq_en'));
  const refs = await client.request<{ range: { start: { line: number } } }[]>('textDocument/references', { textDocument: { uri: mainUri }, position: pos(mainText, 'icr @'), context: { includeDeclaration: true } });
  assert.equal(refs.map((r) => r.range.start.line), [pos(mainText, 'icr @').line, pos(mainText, 'status icr').line]);
});

test('completion in an interrupt path offers registers, then the fields of the register', async () => {
  const text = mainText.replace('enable ctrl.irq_en;', 'enable ctrl.');
  change(mainUri, text);
  const after = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: mainUri }, position: pos(text, 'enable ctrl.', 'enable ctrl.'.length) });
  assert.equal(after.map((i) => i.label).sort(), ['irq_en', 'speed']);
  const text2 = mainText.replace('status icr;', 'status ');
  change(mainUri, text2);
  const regs = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: mainUri }, position: pos(text2, 'status ', 7) });
  const labels = regs.map((i) => i.label);
  for (const l of ['ctrl', 'icr', 'rxq', 'regs']) assert.ok(labels.includes(l), `${l} in ${labels}`);
  assert.not.ok(labels.includes('register'), 'no keywords in a path');
  const text3 = mainText.replace('field speed [9:8] enum speed;', 'field speed [9:8] enum ');
  change(mainUri, text3);
  const enums = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: mainUri }, position: pos(text3, '[9:8] enum ', 11) });
  assert.ok(enums.some((i) => i.label === 'speed'), JSON.stringify(enums));
  const clean = client.nextDiagnostics(mainUri);
  change(mainUri, mainText);
  assert.equal(await clean, []);
});

test('formatting returns the canonical text; outline and semantic tokens', async () => {
  // Canonical and messy spellings; a ring array's header is tight, like a bit range: rx[q:2], regs.rxq[q].rdt.
  const respelled: [string, string][] = [
    ['register ctrl @ 0x00 : 32 rw {', 'register   ctrl@0x00:32 rw{'],
    ['ring rx[q:2] of desc {', 'ring rx [ q : 2 ]of desc{'],
    ['tail regs.rxq[q].rdt;', 'tail regs . rxq [ q ] . rdt ;'],
  ];
  let messy = mainText;
  for (const [canonical, spelled] of respelled) {
    assert.ok(messy.includes(canonical), canonical);
    messy = messy.replace(canonical, spelled);
  }
  change(mainUri, messy);
  const edits = await client.request<{ newText: string }[]>('textDocument/formatting', { textDocument: { uri: mainUri }, options: { tabSize: 2, insertSpaces: true } });
  assert.is(edits.length, 1);
  assert.is(edits[0]!.newText, mainText);
  change(mainUri, mainText);
  const symbols = await client.request<{ name: string; children: { name: string; children: { name: string; children: { name: string }[] }[] }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: mainUri } });
  const nic = symbols.find((s) => s.name === 'nic')!;
  const bar = nic.children.find((c) => c.name === 'regs')!;
  assert.equal(bar.children.map((c) => c.name), ['ctrl', 'icr', 'rxq']);
  assert.equal(bar.children[0]!.children.map((c) => c.name), ['speed', 'irq_en']);
  const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: mainUri } });
  assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
});

test('unsaved buffers win over the disk across imports', async () => {
  const lib = readFileSync(new URL(commonUri), 'utf8');
  client.notify('textDocument/didOpen', { textDocument: { uri: commonUri, languageId: 'regs', version: ++version, text: lib.replace('s1000 = 2', 's1000 = 2, s2500 = 3') } });
  await client.settle(commonUri);
  await client.settle(mainUri);
  const h = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: mainUri }, position: pos(mainText, 'enum speed', 6) });
  assert.match(h.contents.value, /s2500/);
  client.notify('textDocument/didClose', { textDocument: { uri: commonUri } });
});

test("enum by: hover names the cases; definition goes to a case's enum, its key's value and the selector", async () => {
  const spec = `enum sct { generic = 0, media = 2 }\nenum gen { ok = 0 }\nenum med { crc = 0x80 }\nlayout cqe size 16 {\n  word dw3 @ 12 : 32 ro {\n    field sc [24:17] enum by sct { generic: gen, media: med };\n    field sct [27:25] enum sct;\n  }\n}\ndevice d { }\n`;
  const uri = pathToFileURL(path.join(root, 'test/fixtures/lsp/enum-by.regs')).href;
  const diags = client.nextDiagnostics(uri);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'regs', version: ++version, text: spec } });
  assert.equal((await diags).filter((d) => d.severity === 1), []);
  const h = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: pos(spec, 'field sc', 6) });
  assert.match(h.contents.value, /enum by `sct`: `generic` → `gen`, `media` → `med`/);
  type Loc = { range: { start: { line: number; character: number } } };
  const toEnum = await client.request<Loc>('textDocument/definition', { textDocument: { uri }, position: pos(spec, 'media: med', 8) });
  assert.equal(toEnum.range.start, pos(spec, 'med {'));
  const toKey = await client.request<Loc>('textDocument/definition', { textDocument: { uri }, position: pos(spec, 'media: med', 1) });
  assert.equal(toKey.range.start, pos(spec, 'media = 2'));
  const toSelector = await client.request<Loc>('textDocument/definition', { textDocument: { uri }, position: pos(spec, 'by sct', 4) });
  assert.equal(toSelector.range.start, pos(spec, 'sct [27:25]'));
  // Completion: `by` after `enum`, an enum after a case's ':'.
  const typing = spec.replace('media: med };', 'media: ');
  change(uri, typing);
  const afterColon = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: pos(typing, 'media: ', 7) });
  assert.equal(afterColon.map((i) => i.label).sort(), ['gen', 'med', 'sct']);
  const typing2 = spec.replace('enum by sct { generic: gen, media: med };', 'enum ');
  change(uri, typing2);
  const afterEnum = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: pos(typing2, '[24:17] enum ', 13) });
  assert.ok(afterEnum.some((i) => i.label === 'by'), JSON.stringify(afterEnum));
  client.notify('textDocument/didClose', { textDocument: { uri } });
});

test('every prefix of a real spec is answered without a crash', async () => {
  const spec = readFileSync(path.join(root, 'specs/axi-timer.regs'), 'utf8');
  const uri = pathToFileURL(path.join(root, 'specs/axi-timer.regs')).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'regs', version: ++version, text: '' } });
  // Every character boundary, in steps sized so the test stays within a few seconds.
  const step = Math.max(1, Math.floor(spec.length / 400));
  const started = Date.now();
  for (let n = 0; n <= spec.length; n += step) {
    const text = spec.slice(0, n);
    change(uri, text);
    const at = { line: text.split('\n').length - 1, character: text.length - text.lastIndexOf('\n') - 1 };
    await client.request('textDocument/completion', { textDocument: { uri }, position: at });
    if (n % (step * 20) === 0) {
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: Math.max(0, at.line - 1), character: 4 } });
      await client.request('textDocument/semanticTokens/full', { textDocument: { uri } });
    }
  }
  const last = client.nextDiagnostics(uri);
  change(uri, spec);
  assert.equal((await last).filter((d) => d.severity === 1), []);
  assert.not.match(client.stderr, /failed/, client.stderr);
  assert.ok(Date.now() - started < 60000);
});

test.run();
