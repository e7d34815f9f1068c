// The Markdown is written in prettier's layout (aligned tables, escapes prettier would add), so a
// repository that formats its docs with prettier never rewrites generated files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as prettier from 'prettier';
import { docsBackend } from '../../../../compiler/backends/docs/index.js';
import { compile } from '../../../../compiler/index.js';
import type { IrSpec } from '../../../../compiler/ir/ir.js';
import { allSpecs, irOf, options } from '../c/emit.js';

const OPTIONS = { parser: 'markdown', printWidth: 120 } as const;

async function unchanged(ir: IrSpec, spec: string): Promise<void> {
  for (const f of await docsBackend.emit(ir, options(spec))) {
    if (!f.path.endsWith('.md')) continue;
    const text = String(f.contents);
    assert.fixture(await prettier.format(text, OPTIONS), text, `${spec}: ${f.path} is not in prettier's layout`);
  }
}

for (const spec of allSpecs()) test(`prettier-stable Markdown: ${spec}`, async () => unchanged(await irOf(spec), spec));

test('prettier-stable with wide characters, emphasis marks and backslashes in doc text', async () => {
  const text = [
    'device wide "幅の広い 文字 — ünïcödé" {',
    '  bar 0 regs mmio size 256 {',
    '    register ctl @ 0 : 32 rw "制御レジスタ *not emphasis* _nor this_ a\\\\b `co*de`" {',
    '      field go [0] pulse "開始 🚀 ok";',
    '      field mode [2:1] enum { a = 0 "ä", b = 1 "全角" };',
    '    }',
    '  }',
    '}',
  ].join('\n');
  const r = await compile({ text, file: 'wide.regs' }, { emit: [] });
  assert.ok(r.ir, r.format());
  await unchanged(r.ir!, 'wide.regs');
});

test.run();
