// Shared by the formatter tests: format or fail, and "same meaning" as equal span-free ASTs or IRs.
import * as assert from 'uvu/assert';
import { formatSpec } from '../../../compiler/format/index.js';
import { parse } from '../../../compiler/syntax/parse.js';
import { compile } from '../../../compiler/compile.js';

export function fmt(text: string, file = 'test.regs', width?: number): string {
  const r = formatSpec(text, file, width === undefined ? {} : { width });
  if ('text' in r) return r.text;
  assert.unreachable(`expected ${file} to format, got ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return '';
}

/** JSON without source positions (spans in the AST, `at` in the IR) and with bigints as strings. */
export function positionless(v: unknown): string {
  return JSON.stringify(v, (k, x: unknown) => (k === 'span' || k === 'pathSpan' || k === 'reasonSpan' || k === 'listSpan' || k === 'at' ? undefined : typeof x === 'bigint' ? `${x}n` : x));
}

export function astOf(text: string, file = 'test.regs'): string {
  const r = parse({ file, text });
  assert.equal(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], `${file} parses`);
  return positionless(r.ast);
}

export async function irOf(text: string, file: string): Promise<string> {
  const r = await compile({ text, file }, { emit: [] });
  assert.ok(r.ir, `${file} compiles: ${r.format()}`);
  return positionless(r.ir);
}

/** Formats and asserts the two properties every output must have: idempotent, and the same AST. */
export function checkedFmt(text: string, file = 'test.regs', width?: number): string {
  const once = fmt(text, file, width);
  assert.fixture(fmt(once, file, width), once, `${file}: formatting is idempotent`);
  assert.is(astOf(once, file), astOf(text, file), `${file}: formatting keeps the syntax tree`);
  return once;
}
