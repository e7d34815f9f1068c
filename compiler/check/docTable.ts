// The diagnostics table of docs/language.md, generated from the code table (diagnostics/codes.ts), so
// the reference lists exactly the codes the compiler reports. Regenerate after adding a code:
//   node --import tsx compiler/check/docTable.ts --write
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allCodes, examples } from '../diagnostics/codes.js';

export const TABLE_MARKER = '<!-- diagnostics-table: generated from compiler/diagnostics/codes.ts by the test suite; keep in sync -->';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function diagnosticsTable(): string {
  const rows = allCodes.map((c) => {
    const example = examples.get(c.code);
    return `| ${c.code} | ${c.severity} | ${cell(c.title)} | ${example ? '`' + cell(example).replace(/`/g, "'") + '`' : ''} |`;
  });
  return ['| code | severity | title | example message |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}

/** `doc` with everything after the marker replaced by the current table. */
export function withTable(doc: string): string {
  const at = doc.indexOf(TABLE_MARKER);
  if (at < 0) return doc;
  return doc.slice(0, at + TABLE_MARKER.length) + '\n\n' + diagnosticsTable();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--write')) {
  const file = new URL('../../docs/language.md', import.meta.url);
  writeFileSync(file, withTable(readFileSync(file, 'utf8')));
}
