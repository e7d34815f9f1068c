// IP-XACT and SVD give a field one fixed list of value names; an `enum by` field's names depend on
// another field (NVMe CQE DW3: SC by SCT). Exporting one warns (RM0420) at the field, once per format
// however many block instances hold it, and writes no enumeratedValues but the tables in the description.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { compile } from '../../../../compiler/compile.js';
import { lineColOf } from '../../../../compiler/source/source.js';

const file = 'test/fixtures/describe/enum-by.regs';
const text = readFileSync(file, 'utf8');

/** The XML of field `name` (its first occurrence): from its opening tag to its closing one. */
function fieldXml(xml: string, name: string, tag: string): string {
  const at = xml.indexOf(`<${tag}name>${name}</${tag}name>`);
  assert.ok(at >= 0, `field ${name} exported`);
  return xml.slice(xml.lastIndexOf(`<${tag}field>`, at), xml.indexOf(`</${tag}field>`, at));
}

test("exporting an 'enum by' field warns once per format, at the field, and the build still succeeds", async () => {
  const c = await compile({ text, file }, { emit: ['ipxact', 'svd'] });
  assert.ok(c.ok, c.format());
  const source = { file, text };
  const warnings = c.diagnostics.map((d) => {
    const { line, col } = lineColOf(source, d.span.start);
    return `${line}:${col} ${d.severity} ${d.code} ${d.message}`;
  });
  const says = "cannot say that the value names of field 'sc' depend on field 'sct' ('enum by'): exported without enumeratedValues, its tables in the description";
  assert.equal(warnings, [`9:5 warning RM0420 IP-XACT ${says}`, `9:5 warning RM0420 SVD ${says}`]);
  assert.ok(c.format().includes(`${file}:9:5: warning: IP-XACT ${says} [RM0420]`));
});

test('the field is exported without enumeratedValues, its tables named in the description; other enums stay', async () => {
  const c = await compile({ text, file }, { emit: ['ipxact', 'svd'] });
  const out = (suffix: string): string => String(c.files.find((f) => f.path.endsWith(suffix))!.contents);
  for (const [xml, tag] of [[out('.ipxact.xml'), 'ipxact:'], [out('.svd'), '']] as const) {
    const sc = fieldXml(xml, 'sc', tag);
    assert.not.ok(sc.includes('enumeratedValue'), `${tag || 'svd'}: sc has no value list`);
    assert.ok(sc.includes('Status code (value names depend on field sct: sct = 0x0 (generic): enum generic_sc; sct = 0x2 (media): enum media_sc)'), sc);
    const sct = fieldXml(xml, 'sct', tag);
    assert.ok(sct.includes(`<${tag}name>media</${tag}name>`), `${tag || 'svd'}: sct keeps its enum`);
  }
});

test('no warning when neither format is emitted', async () => {
  const c = await compile({ text, file }, { emit: ['ir', 'c'] });
  assert.ok(c.ok, c.format());
  assert.equal(c.diagnostics.map((d) => d.code), []);
});

test.run();
