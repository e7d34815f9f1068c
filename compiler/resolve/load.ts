// Reads the main spec and, depth first, every file it imports: each file once, cycles reported at the
// import that closes them, unreadable or binary imports reported at the import's path string.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { Reporter } from '../diagnostics/reporter.js';
import type { CodeName } from '../diagnostics/codes.js';
import { span, type Source, type Span } from '../source/source.js';
import { parse } from '../syntax/parse.js';
import { readErrorText } from './read.js';
import type { LoadedFile, LoadHost, Program } from './program.js';

type ReadResult = { ok: true; text: string } | { ok: false; why: string; code: CodeName; at?: number; text?: string };

/** The byte order mark some editors put first: not part of the spec (stripped, so columns match). */
const BOM = '\uFEFF';

function readText(host: LoadHost, path: string): ReadResult {
  let text: string | undefined;
  try {
    text = host.readFile(path);
  } catch (e) {
    return { ok: false, code: 'importNotFound', why: `cannot read '${path}': ${readErrorText(e)}` };
  }
  if (text === undefined) return { ok: false, code: 'importNotFound', why: `cannot read '${path}': no such file` };
  if (text.startsWith(BOM)) text = text.slice(1);
  // A decoder given binary replaces invalid UTF-8 with U+FFFD; NUL never occurs in a text spec.
  const bad = text.search(/[\u0000\uFFFD]/);
  if (bad >= 0) {
    const what = text[bad] === '\u0000' ? 'a NUL byte' : 'invalid UTF-8';
    return { ok: false, code: 'importNotText', at: bad, text, why: `'${path}' is not a text file (${what} at character ${bad + 1}); a spec is UTF-8 text` };
  }
  return { ok: true, text };
}

export function loadProgram(mainPath: string, host: LoadHost): Program {
  const bag = new Reporter(host.maxErrors ?? 100);
  const files: LoadedFile[] = [];
  const sources = new Map<string, Source>();
  const loaded = new Set<string>();
  const failed = new Map<string, ReadResult & { ok: false }>();
  const stack: string[] = [];

  const addParsed = (path: string, text: string): { source: Source; imports: string[]; index: number } => {
    const source: Source = { file: path, text };
    sources.set(path, source);
    const { ast, diagnostics } = parse(source);
    for (const d of diagnostics) bag.push(d);
    const imports: string[] = [];
    const index = files.length;
    files.push({ path, source, ast, imports });
    return { source, imports, index };
  };

  const load = (path: string, text: string): void => {
    loaded.add(path);
    stack.push(path);
    const { imports, index } = addParsed(path, text);
    for (const item of files[index]!.ast.items) {
      if (item.kind !== 'import') continue;
      const target = host.resolve(path, item.path);
      visitImport(target, item.pathSpan, imports);
    }
    stack.pop();
  };

  const visitImport = (target: string, at: Span, imports: string[]): void => {
    const cycleStart = stack.indexOf(target);
    if (cycleStart >= 0) {
      const chain = [...stack.slice(cycleStart), target].join(' → ');
      bag.report('importCycle', `import cycle: ${chain}; remove one of these imports`, at);
      return;
    }
    if (loaded.has(target)) {
      if (!imports.includes(target)) imports.push(target);
      return;
    }
    const prior = failed.get(target);
    const r = prior ?? readText(host, target);
    if (!r.ok) {
      failed.set(target, r);
      bag.report(r.code, r.why, at);
      return;
    }
    imports.push(target);
    load(target, r.text);
  };

  const main = readText(host, mainPath);
  if (main.ok) load(mainPath, main.text);
  else if (main.text !== undefined && main.at !== undefined) {
    // Binary: located at the first byte that is not text, with the file kept for the excerpt.
    sources.set(mainPath, { file: mainPath, text: main.text });
    bag.report(main.code, main.why, span(mainPath, main.at, main.at + 1));
  } else bag.report(main.code, main.why, span(mainPath, 0, 0));

  const diagnostics: Diagnostic[] = bag.items;
  return { main: mainPath, files, sources, diagnostics };
}
