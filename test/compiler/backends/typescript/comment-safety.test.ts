// Spec text never escapes a comment in generated TypeScript: a line separator (U+2028/U+2029, a lone CR)
// in the device doc or the spec name would otherwise end the `//` header line and turn the rest into code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../../compiler/index.js';

test('line separators in the device doc stay inside the header comment', async () => {
  const doc = 'first\u2028export const pwned = 1;\u2029export const also = 2;';
  const r = await compile({ text: `device evil "${doc}" { bar 0 r mmio size 0x100 { register a @ 0 : 32 rw; } }\n`, file: 'evil.regs' }, { emit: ['ts'] });
  assert.ok(r.ok, r.format());
  const ts = String(r.files[0]!.contents);
  const header = ts.split('\n').slice(0, 3);
  for (const line of header) assert.not.match(line, /[\u2028\u2029\r]/);
  const { transformSync } = await import('esbuild');
  const js = transformSync(ts, { loader: 'ts', format: 'esm' }).code;
  assert.not.match(js, /pwned|also/);
});

test.run();
