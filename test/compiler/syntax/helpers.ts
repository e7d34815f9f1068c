// Shared by the syntax tests: parse a text, print its diagnostics as `line:col CODE message`, and
// strip spans from AST nodes so shapes can be compared with plain objects.
import { parse, type ParseResult } from '../../../compiler/syntax/parse.js';
import { lineColOf, type Source } from '../../../compiler/source/source.js';
import type { SpecFile, TopItem, DeviceDecl } from '../../../compiler/syntax/ast.js';

export function parseText(text: string, file = 't.regs'): ParseResult & { source: Source } {
  const source: Source = { file, text };
  return { ...parse(source), source };
}

/** Each diagnostic as `line:col CODE message`, in report order. */
export function diags(text: string): string[] {
  const { diagnostics, source } = parseText(text);
  return diagnostics.map((d) => {
    const { line, col } = lineColOf(source, d.span.start);
    return `${line}:${col} ${d.code} ${d.message}`;
  });
}

/** Parses text that must be free of errors. */
export function clean(text: string): SpecFile {
  const r = parseText(text);
  if (r.diagnostics.length) throw new Error(`unexpected diagnostics:\n${diags(text).join('\n')}`);
  return r.ast;
}

/** A deep copy without `span`/`pathSpan`/`reasonSpan`, for comparing shapes. */
export function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== 'span' && k !== 'pathSpan' && k !== 'reasonSpan' && k !== 'listSpan') out[k] = shape(v);
    return out;
  }
  return node;
}

/** The one device of a spec wrapped as `device d { … }`. */
export function device(body: string): DeviceDecl {
  const item: TopItem | undefined = clean(`device d {\n${body}\n}`).items[0];
  if (item?.kind !== 'device') throw new Error('no device');
  return item;
}

/** The text a span covers. */
export function spanText(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}
