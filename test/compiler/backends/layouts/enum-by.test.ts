// `enum by` (NVMe 1.4 figure 125: SC named by SCT) through every back end: TypeScript decodes a word
// value to both fields by name, C has a name function per such field (compiled and run here), the
// docs list each case's table, the IR names the cases.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../../compiler/compile.js';
import { load } from '../typescript/emit.js';
import { tempDir } from '../c/emit.js';

const SPEC = `enum sct { generic = 0 "Generic", command_specific = 1, media = 2 }
enum generic_status { success = 0, invalid_opcode = 1, lba_out_of_range = 0x80 "LBA Out of Range" }
enum command_specific_status { invalid_qid = 1 }
enum media_status { write_fault = 0x80, unrecovered_read = 0x81 }
device d {
  bar 0 regs mmio size 0x100 {
    register st @ 0 : 32 ro { field code [7:0] enum by kind { generic: generic_status }; field kind [10:8] enum sct; }
  }
  layout cqe size 16 align 16 {
    word dw3 @ 12 : 32 ro {
      field cid [15:0];
      field sc [24:17] enum by sct { generic: generic_status, command_specific: command_specific_status, media: media_status };
      field sct [27:25] enum sct;
    }
  }
}
`;

const dw3 = (sct: number, sc: number): number => ((sct << 25) | (sc << 17) | 7) >>> 0;

async function build(emit: ('ts' | 'c' | 'docs' | 'ir')[]) {
  const r = await compile({ text: SPEC, file: 'by.regs' }, { emit });
  assert.ok(r.ok, r.format());
  return r;
}

interface Names {
  decode(raw: number): Record<string, string | number>;
  nameOf(s: number, v: number): string | undefined;
  tableOf(s: number): object | undefined;
  tables: Record<string, object>;
}

test('TypeScript: decode gives the selector and the field by name, under the table the selector picks', async () => {
  const r = await build([]);
  const m = await load<{ CqeDw3ScNames: Names; StCodeNames: Names; MediaStatus: object; GenericStatus: object }>(r.ir!, 'd');
  const n = m.CqeDw3ScNames;
  assert.equal(n.decode(dw3(0, 0x80)), { sct: 'generic', sc: 'lba_out_of_range' });
  assert.equal(n.decode(dw3(2, 0x80)), { sct: 'media', sc: 'write_fault' }, 'the same code under another type');
  assert.equal(n.decode(dw3(1, 1)), { sct: 'command_specific', sc: 'invalid_qid' });
  assert.equal(n.decode(dw3(1, 0x7f)), { sct: 'command_specific', sc: 0x7f }, 'a code the table does not name stays a number');
  assert.equal(n.decode(dw3(5, 3)), { sct: 5, sc: 3 }, 'a type without a table: numbers');
  assert.is(n.nameOf(2, 0x81), 'unrecovered_read');
  assert.is(n.nameOf(0, 0x81), undefined);
  assert.is(n.tableOf(2), m.MediaStatus);
  assert.is(n.tables.generic, m.GenericStatus);
  assert.equal(m.StCodeNames.decode((0 << 8) | 1), { kind: 'generic', code: 'invalid_opcode' }, 'a BAR register too');
});

test('C: a name function per enum-by field returns the name under the selected table, or NULL', async () => {
  const r = await build(['c']);
  const dir = tempDir('enum-by');
  writeFileSync(path.join(dir, 'd.h'), String(r.files.find((f) => f.path === 'd.h')!.contents));
  writeFileSync(
    path.join(dir, 'main.c'),
    `#include <stdio.h>\n#include "d.h"\nstatic const char *s(const char *p) { return p ? p : "(null)"; }\nint main(void) {\n` +
      `  printf("%s %s %s %s %s\\n", s(d_cqe_dw3_sc_name(0, 0x80)), s(d_cqe_dw3_sc_name(2, 0x80)), s(d_cqe_dw3_sc_name(1, 1)), s(d_cqe_dw3_sc_name(1, 2)), s(d_cqe_dw3_sc_name(7, 0)));\n` +
      `  printf("%s\\n", s(d_st_code_name(0, 1)));\n  return 0;\n}\n`,
  );
  execFileSync('gcc', ['-std=c11', '-Wall', '-Wextra', '-Werror', '-o', path.join(dir, 'main'), path.join(dir, 'main.c')]);
  assert.is(execFileSync(path.join(dir, 'main'), { encoding: 'utf8' }), 'lba_out_of_range write_fault invalid_qid (null) (null)\ninvalid_opcode\n');
});

test('docs: the field lists each case with its table; IR: the cases by key and selector value', async () => {
  const r = await build(['docs', 'ir']);
  const md = String(r.files.find((f) => f.path.endsWith('.md'))!.contents);
  assert.match(md, /\*\*sct = media: media_status\*\*<br>`write_fault` = `0x80`/);
  assert.match(md, /\*\*sct = generic: generic_status\*\*<br>`success` = `0x0`/);
  const html = String(r.files.find((f) => f.path.endsWith('.html'))!.contents);
  assert.match(html, /<strong>sct = command_specific: command_specific_status<\/strong>/);
  const ir = JSON.parse(String(r.files.find((f) => f.path.endsWith('.ir.json'))!.contents));
  const sc = ir.devices[0].layouts[0].words[0].fields.find((f: { name: string }) => f.name === 'sc');
  assert.equal(sc.enumBy.cases.map((c: { key: string; value: string }) => `${c.key}=${c.value}`), ['generic=0x0', 'command_specific=0x1', 'media=0x2']);
});

test.run();
