// The diagnostics table in docs/language.md is the generated one: every code, severity, title and
// example. Regenerate with `node --import tsx compiler/check/docTable.ts --write`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { diagnosticsTable, TABLE_MARKER } from '../../../compiler/check/docTable.js';
import { checkCodes, checkExamples } from '../../../compiler/diagnostics/codes.js';
import { allCodes } from '../../../compiler/diagnostics/codes.js';

const doc = readFileSync('docs/language.md', 'utf8');

test('docs/language.md ends with the generated diagnostics table', () => {
  const at = doc.indexOf(TABLE_MARKER);
  assert.ok(at >= 0, 'marker present');
  assert.is(doc.slice(at + TABLE_MARKER.length).trim(), diagnosticsTable().trim());
});

test('every code, syntax and check, has a row with an example message', () => {
  const rows = diagnosticsTable().split('\n');
  for (const c of allCodes) {
    const row = rows.find((r) => r.startsWith(`| ${c.code} |`));
    assert.ok(row, `${c.code} has a row`);
    assert.ok(/\| `.{10,}` \|$/.test(row), `${c.code} has an example: ${row}`);
  }
});

test('every check code has a title and an example message', () => {
  for (const c of checkCodes) {
    assert.ok(/^RM0[2-6]\d\d$/.test(c.code), c.code);
    assert.ok(c.title.length > 5, c.code);
    assert.ok((checkExamples.get(c.code) ?? '').length > 10, `${c.code} has an example`);
  }
});

test.run();
