// JSON.stringify(value, null, 2), byte for byte, as a sequence of pieces: the structure down to `depth`
// levels is written piece by piece and everything below by JSON.stringify, re-indented. At 100,000
// registers the IR is ~340 MB of JSON, near V8's largest string (2^29 - 24 characters in Node 20), and
// one string of it was the ir back end's peak memory; streamed, the writer holds one node at a time.

const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** JSON.stringify(value, null, 2) with every line after the first indented by `indent` (JSON strings hold no raw newline). */
function whole(value: unknown, indent: string): string {
  const s = JSON.stringify(value, null, 2);
  return indent ? s.replace(/\n/g, `\n${indent}`) : s;
}

export function* prettyJson(value: unknown, depth = 6, indent = ''): Generator<string> {
  if (depth <= 0 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield whole(value, indent);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '[' : ','}\n${inner}`;
      const v: unknown = value[i];
      if (skipped(v)) yield 'null';
      else yield* prettyJson(v, depth - 1, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    if (skipped(v)) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `;
    first = false;
    yield* prettyJson(v, depth - 1, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
}
